package dev.pcw.connectors.metadata;

import java.time.Instant;
import java.util.Objects;

/** One row of {@code ingestion_runs}, immutable, as read by {@link IngestionRuns}. */
public final class IngestionRun {
    private final String id;
    private final String connectorId;
    private final String runId;
    @Nullable private final String catalog;
    private final String entity;
    private final String mode;
    private final RunStatus status;
    private final Instant startedAt;
    @Nullable private final Instant endedAt;
    @Nullable private final Stats stats;
    @Nullable private final String error;

    public IngestionRun(
            String id,
            String connectorId,
            String runId,
            @Nullable String catalog,
            String entity,
            String mode,
            RunStatus status,
            Instant startedAt,
            @Nullable Instant endedAt,
            @Nullable Stats stats,
            @Nullable String error) {
        this.id = Objects.requireNonNull(id, "id");
        this.connectorId = Objects.requireNonNull(connectorId, "connectorId");
        this.runId = Objects.requireNonNull(runId, "runId");
        this.catalog = catalog;
        this.entity = Objects.requireNonNull(entity, "entity");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.status = Objects.requireNonNull(status, "status");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.endedAt = endedAt;
        this.stats = stats;
        this.error = error;
    }

    /** This row's id (a UUID), the one {@link IngestionRuns#finish} takes. */
    public String id() {
        return id;
    }

    public String connectorId() {
        return connectorId;
    }

    /** The Flink job's run id, shared by the runs of all entities of one job run. */
    public String runId() {
        return runId;
    }

    /** {@code AWS} or {@code Sandbox} for Partner Central; null for connectors without one. */
    @Nullable
    public String catalog() {
        return catalog;
    }

    public String entity() {
        return entity;
    }

    public String mode() {
        return mode;
    }

    public RunStatus status() {
        return status;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** When the run was finished; null while it is {@link RunStatus#RUNNING}. */
    @Nullable
    public Instant endedAt() {
        return endedAt;
    }

    /**
     * The run's counters; while it is {@link RunStatus#RUNNING}, those of its newest recorded
     * progress, or null before any.
     */
    @Nullable
    public Stats stats() {
        return stats;
    }

    /** Why the run failed; null unless the caller of {@code finish} gave one. */
    @Nullable
    public String error() {
        return error;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IngestionRun)) {
            return false;
        }
        IngestionRun that = (IngestionRun) o;
        return id.equals(that.id)
                && connectorId.equals(that.connectorId)
                && runId.equals(that.runId)
                && Objects.equals(catalog, that.catalog)
                && entity.equals(that.entity)
                && mode.equals(that.mode)
                && status == that.status
                && startedAt.equals(that.startedAt)
                && Objects.equals(endedAt, that.endedAt)
                && Objects.equals(stats, that.stats)
                && Objects.equals(error, that.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                id,
                connectorId,
                runId,
                catalog,
                entity,
                mode,
                status,
                startedAt,
                endedAt,
                stats,
                error);
    }

    @Override
    public String toString() {
        return "IngestionRun{id="
                + id
                + ", connectorId="
                + connectorId
                + ", runId="
                + runId
                + ", catalog="
                + catalog
                + ", entity="
                + entity
                + ", mode="
                + mode
                + ", status="
                + status
                + ", startedAt="
                + startedAt
                + ", endedAt="
                + endedAt
                + ", stats="
                + stats
                + ", error="
                + error
                + '}';
    }
}
