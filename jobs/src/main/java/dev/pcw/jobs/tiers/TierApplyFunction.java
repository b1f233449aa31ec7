package dev.pcw.jobs.tiers;

import dev.pcw.connectors.events.OutboundEvent;
import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.JobCursors;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnertiers.PartnerTierStore;
import dev.pcw.connectors.partnertiers.TierDeadLetters;
import dev.pcw.connectors.partnertiers.TierFile;
import dev.pcw.connectors.partnertiers.TierInputFolder;
import dev.pcw.connectors.partnertiers.TierLoadException;
import dev.pcw.connectors.partnertiers.TierSync;
import dev.pcw.schemas.events.TierEvents;
import dev.pcw.schemas.tiers.TierDiff;
import dev.pcw.schemas.tiers.TierNormalizer;
import dev.pcw.schemas.tiers.TierVersion;
import dev.pcw.schemas.tiers.TierVocabulary;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each partner tier file the watcher sends, on its own, and announces every apply in the
 * history (its own, the sidecar's, the CLI's) as {@code pcw.partners.tier.*} events.
 *
 * <h2>Nothing lost, nothing new on re-delivery</h2>
 *
 * Events are read from {@code partner_tier_history}, never from the diff in hand: the history is
 * the outbox. The function keeps in state the newest history snapshot it has announced; after a
 * checkpoint completes (the event sinks flush at checkpoints), that cursor is also recorded in the
 * metadata DB ({@code job_cursors}) for a job started without a checkpoint. A job killed after an
 * apply's commit and before its events' checkpoint restarts from a cursor before that apply and
 * announces it again, with the same event ids; the file it re-reads diffs as unchanged and applies
 * nothing. A file that fails validation or cannot be read is applied not at all and kept in {@code
 * dead_letters}, once per file version.
 */
public final class TierApplyFunction extends ProcessFunction<TierSignal, OutboundEvent>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TierApplyFunction.class);

    /** The cursor's name in {@code job_cursors}. */
    public static final String JOB = "partner-tiers";

    public static final String CURSOR = "announced_history_snapshot";

    /**
     * A seam for tests: runs after an apply's commit, before its events; a test throws from it to
     * kill the job at that instant. Null outside tests.
     */
    static volatile java.util.function.Consumer<String> afterApply;

    private final LakeConfig lake;
    private final TierInputFolder folder;
    private final TierVocabulary vocabulary;
    private final String dbUrl;
    private final String dbUser;
    private final String dbPassword;

    private transient Catalog catalog;
    private transient PartnerTierStore store;
    private transient TierDeadLetters deadLetters;
    private transient TierSync sync;
    private transient MetadataDb db;
    private transient ListState<Long> cursorState;
    private transient long cursor;
    private transient boolean restored;
    private transient TreeMap<Long, Long> pendingCursors;

    public TierApplyFunction(
            LakeConfig lake,
            TierInputFolder folder,
            TierVocabulary vocabulary,
            String dbUrl,
            String dbUser,
            String dbPassword) {
        this.lake = lake;
        this.folder = folder;
        this.vocabulary = vocabulary;
        this.dbUrl = dbUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        cursorState =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("announced-history", Types.LONG));
        pendingCursors = new TreeMap<>();
        cursor = -1;
        for (Long c : cursorState.get()) {
            cursor = c;
            restored = true;
        }
    }

    @Override
    public void open(Configuration parameters) {
        catalog = Catalogs.create(lake);
        store = PartnerTierStore.open(catalog, lake);
        deadLetters = TierDeadLetters.open(catalog, lake);
        sync = new TierSync(store, new TierNormalizer(vocabulary));
        db = MetadataDb.open(dbUrl, blank(dbUser), blank(dbPassword));
        if (!restored) {
            cursor =
                    new JobCursors(db, Clock.systemUTC())
                            .get(JOB, CURSOR)
                            .map(Long::parseLong)
                            .orElse(-1L);
        }
        // A process killed between an apply's commit and its history left the history behind.
        store.catchUpHistory();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public void processElement(TierSignal signal, Context ctx, Collector<OutboundEvent> out) {
        TierFile file = signal.file();
        if (file != null) {
            apply(file);
        }
        announce(out);
    }

    private void apply(TierFile file) {
        TierSync.Outcome outcome;
        try {
            outcome = sync.syncFile(folder, file, false, "partner-tiers job");
        } catch (TierLoadException e) {
            LOG.warn("{}", e.getMessage());
            deadLetters.record(
                    file.name(),
                    file.fingerprint(),
                    List.of(),
                    e,
                    JOB,
                    Clock.systemUTC().instant());
            return;
        }
        java.util.function.Consumer<String> hook = afterApply;
        if (hook != null && outcome.result().applied()) {
            hook.accept(outcome.result().applyId());
        }
        TierDiff diff = outcome.diff();
        outcome.warnings().forEach(w -> LOG.warn("{}", w));
        if (!diff.problems().isEmpty()) {
            LOG.warn("{} not applied: {}", file.name(), diff.validationMessage(5));
            deadLetters.record(
                    file.name(),
                    file.fingerprint(),
                    diff.problems(),
                    null,
                    JOB,
                    Clock.systemUTC().instant());
            return;
        }
        LOG.info(
                "{}: {} added, {} updated, {} unchanged{}",
                file.name(),
                diff.added().size(),
                diff.updated().size(),
                diff.unchanged().size(),
                outcome.result().applied() ? " (apply " + outcome.result().applyId() + ")" : "");
    }

    private void announce(Collector<OutboundEvent> out) {
        PartnerTierStore.Versions v = store.since(cursor);
        for (TierVersion version : v.versions()) {
            out.collect(OutboundEvent.of(TierEvents.toCloudEvent(version)));
        }
        cursor = v.head();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        cursorState.update(List.of(cursor));
        pendingCursors.put(context.getCheckpointId(), cursor);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map.Entry<Long, Long> done = pendingCursors.floorEntry(checkpointId);
        if (done == null) {
            return;
        }
        // The events before this checkpoint's barrier are delivered: the cursor may move.
        new JobCursors(db, Clock.systemUTC()).put(JOB, CURSOR, Long.toString(done.getValue()));
        pendingCursors.headMap(checkpointId, true).clear();
    }

    @Override
    public void close() throws Exception {
        if (db != null) {
            db.close();
        }
        if (catalog instanceof AutoCloseable) {
            ((AutoCloseable) catalog).close();
        }
    }
}
