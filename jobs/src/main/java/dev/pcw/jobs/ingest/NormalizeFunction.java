package dev.pcw.jobs.ingest;

import dev.pcw.connectors.events.OutboundEvent;
import dev.pcw.jobs.events.ChangeInput;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.events.ChangeEntity;
import dev.pcw.schemas.events.ChangeEvents;
import dev.pcw.schemas.normalize.DeadLetter;
import dev.pcw.schemas.normalize.NormalizationResult;
import dev.pcw.schemas.normalize.Normalizers;
import dev.pcw.schemas.partnercentral.IncomingEvent;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Normalizes each bronze record (pure Java in {@code schemas}) and sends every row to the side
 * output of its silver table; malformed payloads go to {@code dead_letters} with their reason.
 * Never fails on a payload. Records no normalizer reads (for example GetAwsOpportunitySummary) stay
 * in bronze only.
 *
 * <p>With change events on, rows of the tables that produce them also go to {@link #CHANGES} (for
 * the change detector), and the source's run-end markers become {@code pcw.connector.run.completed}
 * events on {@link #RUNS}; markers are dropped otherwise.
 *
 * <p>Metrics: {@code normalized}, {@code deadLetters}, {@code unknownEnumValues}, {@code
 * unknownMembers}, {@code skipped}.
 */
public final class NormalizeFunction extends ProcessFunction<BronzeRecord, RowData> {
    private static final long serialVersionUID = 1L;

    /** Rows for the change detector. */
    public static final OutputTag<ChangeInput> CHANGES =
            new OutputTag<>("changes", TypeInformation.of(ChangeInput.class));

    /** {@code pcw.connector.run.completed} events, one per finished run. */
    public static final OutputTag<OutboundEvent> RUNS =
            new OutputTag<>("runs", TypeInformation.of(OutboundEvent.class));

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(NormalizeFunction.class);

    /** Dead letters logged one by one per subtask; after them, one line per {@link #LOG_EVERY}. */
    static final int LOG_FIRST = 100;

    static final int LOG_EVERY = 1000;

    private final boolean changeEvents;
    private final Privacy privacy;
    private transient long deadLetterCount;
    private final Map<String, SilverRowConverter> converters = new HashMap<>();
    private final Map<String, OutputTag<RowData>> tags = new HashMap<>();
    private transient Counter normalized;
    private transient Counter deadLetters;
    private transient Counter unknownEnums;
    private transient Counter unknownMembers;
    private transient Counter skipped;

    /** Without change events. */
    public NormalizeFunction() {
        this(false);
    }

    /**
     * @param changeEvents whether to feed {@link #CHANGES} and {@link #RUNS}
     */
    public NormalizeFunction(boolean changeEvents) {
        this(changeEvents, Privacy.NONE);
    }

    /** What the normalize step keeps of personal data, from the configuration. */
    public static final class Privacy implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** Everything kept, nothing logged (tests). */
        static final Privacy NONE = new Privacy(false, false, false);

        /** {@code logging.include_payloads}. */
        final boolean logPayloads;

        /** {@code dead_letters.payload: redacted}. */
        final boolean redactDeadLetters;

        /** {@code silver.personal_data: omit}. */
        final boolean omitPersonalData;

        Privacy(boolean logPayloads, boolean redactDeadLetters, boolean omitPersonalData) {
            this.logPayloads = logPayloads;
            this.redactDeadLetters = redactDeadLetters;
            this.omitPersonalData = omitPersonalData;
        }

        public static Privacy of(dev.pcw.jobs.config.PcwConfig config) {
            return new Privacy(
                    config.flag("logging.include_payloads"),
                    config.redactsDeadLetters(),
                    config.omitsPersonalData());
        }
    }

    /**
     * @param changeEvents whether to feed {@link #CHANGES} and {@link #RUNS}
     * @param privacy with {@code logPayloads}, a dead letter's reason and raw payload are logged
     *     (personal data included; without it the log names the record and the reason's code only,
     *     as a reason may quote a value); with {@code redactDeadLetters} its row keeps the payload
     *     {@linkplain dev.pcw.schemas.normalize.PayloadRedaction redacted}; with {@code
     *     omitPersonalData} the {@linkplain SilverTables#PERSONAL_DATA_COLUMNS personal-data
     *     columns} stay null, in silver and in change events
     */
    public NormalizeFunction(boolean changeEvents, Privacy privacy) {
        this.changeEvents = changeEvents;
        this.privacy = privacy;
        for (SilverTable t : SilverTables.all()) {
            SilverRowConverter c = new SilverRowConverter(t);
            converters.put(t.name(), c);
            tags.put(t.name(), new OutputTag<>(t.name(), InternalTypeInfo.of(c.rowType())));
        }
    }

    /** The side output carrying one silver table's rows. */
    public OutputTag<RowData> tag(String table) {
        OutputTag<RowData> tag = tags.get(table);
        if (tag == null) {
            throw new IllegalArgumentException("no silver table " + table);
        }
        return tag;
    }

    @Override
    public void open(Configuration parameters) {
        var metrics = getRuntimeContext().getMetricGroup().addGroup("normalize");
        normalized = metrics.counter("normalized");
        deadLetters = metrics.counter("deadLetters");
        unknownEnums = metrics.counter("unknownEnumValues");
        unknownMembers = metrics.counter("unknownMembers");
        skipped = metrics.counter("skipped");
    }

    @Override
    public void processElement(BronzeRecord record, Context ctx, Collector<RowData> out) {
        if (record.isRunCompleted()) {
            if (changeEvents) {
                ctx.output(RUNS, OutboundEvent.of(ChangeEvents.runCompleted(record)));
            }
            return;
        }
        if (record.operation().equals(IncomingEvent.BRONZE_OPERATION)) {
            // A Partner Central event (hybrid mode): only a bad one becomes a row, a dead letter.
            // Classified again here (the triage did it once) so that bronze alone, replayed,
            // gives the same dead letters.
            IncomingEvent event = IncomingEvent.classify(record.payload());
            DeadLetter bad = event.deadLetter(record.fetchedAt(), writtenAt(record));
            if (bad != null) {
                deadLetters.inc();
                log(bad);
                SilverRow row = bad.toRow(privacy.redactDeadLetters);
                ctx.output(tag(row.table()), converters.get(row.table()).convert(row));
            } else {
                skipped.inc();
            }
            return;
        }
        if (record.operation().equals(BronzeRecord.UNREADABLE_LINE_OPERATION)) {
            // A replay met a line that is not a bronze record: a dead letter saying why.
            emit(Normalizers.normalizeLine(record.payload(), record.fetchedAt()), ctx);
            return;
        }
        if (!Normalizers.handles(record.operation())) {
            skipped.inc();
            return;
        }
        emit(Normalizers.normalize(record, writtenAt(record)), ctx);
    }

    private void emit(NormalizationResult result, Context ctx) {
        if (result.isDeadLetter()) {
            deadLetters.inc();
            log(result.deadLetter());
        } else {
            normalized.inc();
        }
        unknownEnums.inc(result.unknownEnumValues().size());
        unknownMembers.inc(result.unknownMembers().size());
        List<SilverRow> rows =
                result.isDeadLetter()
                        ? List.of(result.deadLetter().toRow(privacy.redactDeadLetters))
                        : result.outputRows();
        for (SilverRow produced : rows) {
            SilverRow row =
                    privacy.omitPersonalData
                            ? produced.withNulls(SilverTables.PERSONAL_DATA_COLUMNS)
                            : produced;
            ctx.output(tag(row.table()), converters.get(row.table()).convert(row));
            if (changeEvents && ChangeEntity.forTable(row.table()) != null) {
                ctx.output(CHANGES, ChangeInput.of(row));
            }
        }
    }

    /**
     * Logs a dead letter: each of a subtask's first {@value #LOG_FIRST}, then one in {@value
     * #LOG_EVERY}. The {@code dead_letters} table holds every one with its reason and payload.
     */
    private void log(DeadLetter d) {
        long n = ++deadLetterCount;
        if (n > LOG_FIRST && n % LOG_EVERY != 0) {
            return;
        }
        String which =
                (n > LOG_FIRST ? "dead letter " + n + " of this subtask" : "dead letter")
                        + ": "
                        + d.entity()
                        + " "
                        + (d.recordId() == null ? "(no id)" : d.recordId())
                        + " in "
                        + d.catalog()
                        + " (run "
                        + d.runId()
                        + ", request "
                        + d.requestId()
                        + "), "
                        + d.code();
        if (privacy.logPayloads) {
            LOG.warn("{}: {}; payload: {}", which, d.reason(), d.rawPayload());
        } else {
            LOG.warn("{}; its reason and payload are in the dead_letters table", which);
        }
    }

    /**
     * The {@code updated_at} of the rows of {@code record} (and a dead letter's {@code at}): when
     * pcw fetched it, as bronze keeps it, so that silver is a function of bronze and a replay
     * writes the rows a sync wrote. Now only for a record without a fetch time.
     */
    static Instant writtenAt(BronzeRecord record) {
        return record.fetchedAt() != null ? record.fetchedAt() : Instant.now();
    }
}
