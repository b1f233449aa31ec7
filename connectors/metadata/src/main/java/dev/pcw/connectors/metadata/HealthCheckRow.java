package dev.pcw.connectors.metadata;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the runbook's Partner Central health check ({@link IngestionRuns#healthCheck()}),
 * immutable: the columns {@code id, entity, status, started_at, ended_at, records}.
 */
public final class HealthCheckRow {
    private final String id;
    private final String entity;
    private final String status;
    private final Instant startedAt;
    @Nullable private final Instant endedAt;
    @Nullable private final Long records;

    public HealthCheckRow(
            String id,
            String entity,
            String status,
            Instant startedAt,
            @Nullable Instant endedAt,
            @Nullable Long records) {
        this.id = Objects.requireNonNull(id, "id");
        this.entity = Objects.requireNonNull(entity, "entity");
        this.status = Objects.requireNonNull(status, "status");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.endedAt = endedAt;
        this.records = records;
    }

    public String id() {
        return id;
    }

    public String entity() {
        return entity;
    }

    /** The stored status text (one of {@link RunStatus}'s names). */
    public String status() {
        return status;
    }

    public Instant startedAt() {
        return startedAt;
    }

    @Nullable
    public Instant endedAt() {
        return endedAt;
    }

    /** {@code stats_json->>'records_processed'}; null while the run is RUNNING. */
    @Nullable
    public Long records() {
        return records;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HealthCheckRow)) {
            return false;
        }
        HealthCheckRow that = (HealthCheckRow) o;
        return id.equals(that.id)
                && entity.equals(that.entity)
                && status.equals(that.status)
                && startedAt.equals(that.startedAt)
                && Objects.equals(endedAt, that.endedAt)
                && Objects.equals(records, that.records);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, entity, status, startedAt, endedAt, records);
    }

    @Override
    public String toString() {
        return "HealthCheckRow{id="
                + id
                + ", entity="
                + entity
                + ", status="
                + status
                + ", startedAt="
                + startedAt
                + ", endedAt="
                + endedAt
                + ", records="
                + records
                + '}';
    }
}
