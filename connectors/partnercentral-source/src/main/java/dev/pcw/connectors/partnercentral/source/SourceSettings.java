package dev.pcw.connectors.partnercentral.source;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.schemas.partnercentral.Catalog;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What the Partner Central source syncs and how: catalogs, entities, bounded or on a schedule, page
 * size, and the client's configuration (the account's quota). Immutable and serializable.
 */
public final class SourceSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Every six hours, as the seed's connectors.yaml schedules it. */
    public static final String DEFAULT_SCHEDULE = "0 */6 * * *";

    private final PartnerCentralClientConfig client;
    private final List<Catalog> catalogs;
    private final List<PartnerCentralEntity> entities;
    private final boolean bounded;
    private final String scheduleCron;
    private final int pageSize;
    private final boolean fetchAwsSummary;
    private final int detailConcurrency;
    private final java.util.Map<String, RunListener.Resume> resume;
    private final boolean runMarkers;
    private final boolean scheduled;

    private SourceSettings(Builder b) {
        if (b.client == null) {
            throw new IllegalArgumentException(
                    "the Partner Central client configuration is required");
        }
        if (b.catalogs.isEmpty() || b.entities.isEmpty()) {
            throw new IllegalArgumentException("at least one catalog and one entity are required");
        }
        if (b.pageSize < 1 || b.pageSize > 100) {
            throw new IllegalArgumentException(
                    "page size must be 1..100 (the API's MaxResults), was " + b.pageSize);
        }
        parseCron(b.scheduleCron); // validates
        this.client = b.client;
        this.catalogs = Collections.unmodifiableList(new ArrayList<>(b.catalogs));
        this.entities = Collections.unmodifiableList(new ArrayList<>(b.entities));
        this.bounded = b.bounded;
        this.scheduleCron = b.scheduleCron;
        this.pageSize = b.pageSize;
        this.fetchAwsSummary = b.fetchAwsSummary;
        if (b.detailConcurrency < 1 || b.detailConcurrency > 64) {
            throw new IllegalArgumentException(
                    "detail concurrency must be 1..64, was " + b.detailConcurrency);
        }
        this.detailConcurrency = b.detailConcurrency;
        this.resume = java.util.Map.copyOf(b.resume);
        this.runMarkers = b.runMarkers;
        this.scheduled = b.scheduled;
    }

    /**
     * Whether an unbounded source repeats its passes on the schedule (true by default); false runs
     * one pass per split and then idles without finishing (event-driven streaming mode).
     */
    public boolean scheduled() {
        return scheduled;
    }

    /**
     * Whether the source emits a run-end marker ({@code BronzeRecord#isRunCompleted()}) after the
     * last record of every run, in order with the records. Off by default.
     */
    public boolean runMarkers() {
        return runMarkers;
    }

    public static Builder builder() {
        return new Builder();
    }

    public PartnerCentralClientConfig client() {
        return client;
    }

    public List<Catalog> catalogs() {
        return catalogs;
    }

    public List<PartnerCentralEntity> entities() {
        return entities;
    }

    /** True: sync once and finish (a backfill). False: sync again on the schedule, forever. */
    public boolean bounded() {
        return bounded;
    }

    public String scheduleCron() {
        return scheduleCron;
    }

    public int pageSize() {
        return pageSize;
    }

    public boolean fetchAwsSummary() {
        return fetchAwsSummary;
    }

    /** Detail calls a reader makes at once (all still under the quota governor). */
    public int detailConcurrency() {
        return detailConcurrency;
    }

    /**
     * Where a new job starts each split (by split id {@code catalog/entity}); splits not named
     * start with a full sync. Ignored when the job is restored from a checkpoint or savepoint,
     * whose cursors win.
     */
    public java.util.Map<String, RunListener.Resume> resume() {
        return resume;
    }

    /** When the next pass may start after one that ended at {@code now} (UTC cron). */
    public long nextPassAfter(long nowMillis) {
        if (!scheduled) {
            // Never again, yet not finished: Long.MAX_VALUE would mean "bounded, done".
            return Long.MAX_VALUE - 1;
        }
        ExecutionTime t = ExecutionTime.forCron(parseCron(scheduleCron));
        Optional<ZonedDateTime> next =
                t.nextExecution(
                        ZonedDateTime.ofInstant(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC));
        return next.map(z -> z.toInstant().toEpochMilli()).orElse(Long.MAX_VALUE);
    }

    private static com.cronutils.model.Cron parseCron(String expr) {
        try {
            return new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX))
                    .parse(expr)
                    .validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "schedule_cron '"
                            + expr
                            + "' is not a 5-field cron expression (minute hour day month weekday),"
                            + " e.g. '0 */6 * * *': "
                            + e.getMessage());
        }
    }

    /** Builds {@link SourceSettings}. */
    public static final class Builder {
        private PartnerCentralClientConfig client;
        private List<Catalog> catalogs = List.of(Catalog.AWS);
        private List<PartnerCentralEntity> entities = List.of(PartnerCentralEntity.values());
        private boolean bounded;
        private String scheduleCron = DEFAULT_SCHEDULE;
        private int pageSize = 100;
        private boolean fetchAwsSummary;
        private int detailConcurrency = 8;
        private java.util.Map<String, RunListener.Resume> resume = java.util.Map.of();
        private boolean runMarkers;
        private boolean scheduled = true;

        /** Repeat passes on the schedule (see {@link SourceSettings#scheduled()}). */
        public Builder scheduled(boolean v) {
            scheduled = v;
            return this;
        }

        /** Emit a run-end marker after each run's records (see {@link #runMarkers()}). */
        public Builder runMarkers(boolean v) {
            runMarkers = v;
            return this;
        }

        /** Starts the named splits ({@code catalog/entity}) from a previous run's watermark. */
        public Builder resumeFrom(java.util.Map<String, RunListener.Resume> v) {
            resume = v;
            return this;
        }

        public Builder client(PartnerCentralClientConfig v) {
            client = v;
            return this;
        }

        public Builder catalogs(List<Catalog> v) {
            catalogs = v;
            return this;
        }

        public Builder entities(List<PartnerCentralEntity> v) {
            entities = v;
            return this;
        }

        public Builder bounded(boolean v) {
            bounded = v;
            return this;
        }

        public Builder scheduleCron(String v) {
            scheduleCron = v;
            return this;
        }

        public Builder pageSize(int v) {
            pageSize = v;
            return this;
        }

        public Builder detailConcurrency(int v) {
            detailConcurrency = v;
            return this;
        }

        public Builder fetchAwsSummary(boolean v) {
            fetchAwsSummary = v;
            return this;
        }

        public SourceSettings build() {
            return new SourceSettings(this);
        }
    }
}
