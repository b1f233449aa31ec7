package dev.pcw.jobs.events;

import dev.pcw.connectors.events.OutboundEvent;
import dev.pcw.connectors.lake.SilverRecords;
import dev.pcw.schemas.events.ChangeDetector;
import dev.pcw.schemas.events.ChangeEntity;
import dev.pcw.schemas.events.ChangeEvent;
import dev.pcw.schemas.events.ChangeEvents;
import dev.pcw.schemas.events.RecordState;
import dev.pcw.schemas.silver.SilverRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.TableLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change detector on a keyed stream ({@link ChangeInput#key}): keeps a {@link RecordState} per
 * record in keyed state (hashes and watched fields, never the whole record), runs {@link
 * ChangeDetector} on every new version and emits the CloudEvents of its changes.
 *
 * <p><b>Seeding.</b> A job that starts without this operator's state (a new bounded run, a first
 * start, or a savepoint taken before change events existed) first reads the silver current tables
 * and stores the state of every record they hold, for the keys its subtask owns. So a record
 * already in the lake is not reported as {@code created} again, and a version already in the lake
 * produces nothing; only what differs from the lake becomes an event. A job restored with this
 * operator's state skips the seed: its state is at least as new as the lake. Each subtask reads the
 * whole tables and keeps its key groups' share.
 *
 * <p>Metrics (group {@code changes}): {@code seeded}, {@code detected} (rows in), {@code emitted}
 * (events out), {@code unchanged} (versions seen before), {@code rejected} (rows without catalog or
 * id; logged, never fatal).
 */
public final class ChangeDetectOperator extends AbstractStreamOperator<OutboundEvent>
        implements OneInputStreamOperator<ChangeInput, OutboundEvent> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeDetectOperator.class);

    /** The keyed state's name: part of the savepoint layout. */
    static final String STATE_NAME = "record-state";

    private final Map<String, TableLoader> seedTables;

    private transient ValueState<byte[]> state;

    /** For records without a modification time: when the newest version seen was fetched. */
    private transient ValueState<Long> newestFetched;

    private transient Counter older;
    private transient ListState<Boolean> seeded;
    private transient ChangeDetector detector;
    private transient Counter seededCount;
    private transient Counter detected;
    private transient Counter emitted;
    private transient Counter unchanged;
    private transient Counter rejected;

    /**
     * @param seedTables silver table name → loader, for the tables to seed from (those of the
     *     entities that produce change events); empty to never seed
     */
    public ChangeDetectOperator(Map<String, TableLoader> seedTables) {
        this.seedTables = new TreeMap<>(seedTables);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        detector = new ChangeDetector();
        var metrics = getMetricGroup().addGroup("changes");
        seededCount = metrics.counter("seeded");
        detected = metrics.counter("detected");
        emitted = metrics.counter("emitted");
        unchanged = metrics.counter("unchanged");
        rejected = metrics.counter("rejected");
        older = metrics.counter("olderVersionsDropped");
        state =
                getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>(
                                STATE_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        newestFetched =
                getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>("newest-fetched-at", Types.LONG));
        // Union state: every subtask learns whether any subtask of the previous job had seeded.
        seeded =
                context.getOperatorStateStore()
                        .getUnionListState(new ListStateDescriptor<>("seeded", Types.BOOLEAN));
        boolean done = false;
        for (Boolean b : seeded.get()) {
            done |= Boolean.TRUE.equals(b);
        }
        if (!done) {
            seed();
        }
        seeded.update(List.of(Boolean.TRUE));
    }

    private void seed() throws Exception {
        var task = getRuntimeContext().getTaskInfo();
        int maxParallelism = task.getMaxNumberOfParallelSubtasks();
        int parallelism = task.getNumberOfParallelSubtasks();
        int subtask = task.getIndexOfThisSubtask();
        Object previousKey = getCurrentKey();
        for (Map.Entry<String, TableLoader> e : seedTables.entrySet()) {
            ChangeEntity entity = ChangeEntity.forTable(e.getKey());
            if (entity == null) {
                continue;
            }
            long started = System.nanoTime();
            long[] kept = {0};
            long read;
            try (TableLoader loader = e.getValue().clone()) {
                loader.open();
                Table table = loader.loadTable();
                read =
                        SilverRecords.forEach(
                                table,
                                entity.table(),
                                row -> {
                                    String key = ChangeInput.keyOf(row);
                                    if (KeyGroupRangeAssignment.assignKeyToParallelOperator(
                                                    key, maxParallelism, parallelism)
                                            != subtask) {
                                        return;
                                    }
                                    setCurrentKey(key);
                                    try {
                                        state.update(RecordState.seeded(entity, row).toBytes());
                                    } catch (IOException ex) {
                                        throw new UncheckedIOException(ex);
                                    }
                                    kept[0]++;
                                });
            }
            seededCount.inc(kept[0]);
            LOG.info(
                    "Change detector seeded {} of {} records of {} from the lake in {} ms",
                    kept[0],
                    read,
                    e.getKey(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        if (previousKey != null) {
            setCurrentKey(previousKey);
        }
    }

    /**
     * Whether a record without a modification time (its version is its content) was fetched before
     * the newest version of it seen; records with one are ordered by the detector itself.
     */
    private boolean olderThanSeen(SilverRow row) throws IOException {
        Object fetched = row.get("fetched_at");
        if (row.get("last_modified_date") != null || !(fetched instanceof java.time.Instant)) {
            return false;
        }
        long at = ((java.time.Instant) fetched).toEpochMilli();
        Long seen = newestFetched.value();
        if (seen != null && at < seen) {
            return true;
        }
        if (seen == null || at > seen) {
            newestFetched.update(at);
        }
        return false;
    }

    @Override
    public void processElement(StreamRecord<ChangeInput> element) throws Exception {
        detected.inc();
        SilverRow row = element.getValue().silverRow();
        if (olderThanSeen(row)) {
            // Fetched before a version already seen (a scheduled pass racing an event-driven
            // fetch): reporting it would announce a change backwards.
            older.inc();
            return;
        }
        byte[] previousBytes = state.value();
        RecordState previous = previousBytes == null ? null : RecordState.fromBytes(previousBytes);
        ChangeDetector.Detection detection;
        try {
            detection = detector.detect(previous, row);
        } catch (IllegalArgumentException e) {
            rejected.inc();
            LOG.warn("No change events for a row: {}", e.getMessage());
            return;
        }
        if (!detection.next().equals(previous)) {
            state.update(detection.next().toBytes());
        }
        if (detection.changes().isEmpty()) {
            unchanged.inc();
            return;
        }
        List<OutboundEvent> out = new ArrayList<>(detection.changes().size());
        for (ChangeEvent change : detection.changes()) {
            out.add(OutboundEvent.of(ChangeEvents.toCloudEvent(change)));
        }
        for (OutboundEvent e : out) {
            output.collect(new StreamRecord<>(e));
            emitted.inc();
        }
    }
}
