package dev.pcw.jobs.ingest;

import dev.pcw.connectors.events.OutboundEvent;
import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.events.ChangeDetectOperator;
import dev.pcw.jobs.events.ChangeInput;
import dev.pcw.jobs.events.EventSinks;
import dev.pcw.jobs.replay.ReplayGuard;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.events.ChangeEntity;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;

/**
 * Bronze records → silver, shared by the ingest job and the bronze replay: normalize; history
 * appended once per version (seeded from the lake); current tables upserted, older versions never
 * overwriting newer ones; dead letters; and, when asked, change detection and the event sinks.
 *
 * <p>In the ingest job a {@link VersionGuard} keeps the newest version each record reached in this
 * job. A replay reads bronze in any order and may cover days older than what silver holds, so its
 * {@link ReplayGuard}s are seeded from the tables instead: a row is written only when it is newer
 * than the stored one or, at the same version, differs from it (a normalizer that changed); dead
 * letters already kept are not kept twice. A replay of what silver already holds writes nothing.
 */
public final class SilverSinks {
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(SilverSinks.class);

    private SilverSinks() {}

    /**
     * Adds the silver writers (and the change events) behind {@code records}.
     *
     * @param events detect changes and send events to the configured sinks
     * @param replay guard every table against what the lake already holds
     * @return the event targets, for the launcher's summary
     */
    public static List<String> attach(
            DataStream<BronzeRecord> records,
            PcwConfig config,
            LakeConfig lake,
            boolean events,
            boolean replay) {
        NormalizeFunction.Privacy privacy = NormalizeFunction.Privacy.of(config);
        if (config.flag("logging.include_payloads")) {
            LOG.warn(
                    "logging.include_payloads is on: dead letters are logged with their raw"
                            + " Partner Central payloads, personal data included; turn it off"
                            + " once the investigation is over");
        }
        NormalizeFunction normalize = new NormalizeFunction(events, privacy);
        SingleOutputStreamOperator<RowData> normalized =
                records.process(normalize).uid(Uids.NORMALIZE).name("normalize");

        for (SilverTable t : SilverTables.all()) {
            DataStream<RowData> rows = normalized.getSideOutput(normalize.tag(t.name()));
            InternalTypeInfo<RowData> rowType =
                    InternalTypeInfo.of(new SilverRowConverter(t).rowType());
            if (t.name().equals(SilverTables.OPPORTUNITY_HISTORY_NAME)) {
                rows =
                        rows.keyBy(recordKey(t))
                                .transform(
                                        "history dedupe",
                                        rowType,
                                        new HistoryDedupe(
                                                t.columnIndex("last_modified_date"),
                                                IngestJob.timestampPrecision(
                                                        t, "last_modified_date"),
                                                Catalogs.tableLoader(lake, t.name())))
                                .uid(Uids.HISTORY_DEDUPE)
                                .name("history dedupe");
            }
            String versionColumn =
                    t.columnIndex("last_modified_date") >= 0 ? "last_modified_date" : "fetched_at";
            if (replay && (t.upsert() || t.name().equals(SilverTables.DEAD_LETTERS_NAME))) {
                ReplayGuard guard = ReplayGuard.forTable(t, Catalogs.tableLoader(lake, t.name()));
                rows =
                        rows.keyBy(guard.keySelector(), Types.STRING)
                                .process(guard)
                                .returns(rowType)
                                .uid(dev.pcw.jobs.replay.ReplayUids.guard(t.name()))
                                .name("replay guard " + t.name());
            } else if (t.upsert() && t.columnIndex(versionColumn) >= 0) {
                // Newer wins, whatever arrives last (a scheduled pass and event fetches race).
                rows =
                        rows.keyBy(recordKey(t))
                                .process(
                                        new VersionGuard(
                                                t.columnIndex(versionColumn),
                                                IngestJob.timestampPrecision(t, versionColumn)))
                                .returns(rowType)
                                .uid(Uids.versionGuard(t.name()))
                                .name("version guard " + t.name());
            }
            FlinkSink.Builder sink =
                    FlinkSink.forRowData(rows)
                            .tableLoader(Catalogs.tableLoader(lake, t.name()))
                            .writeParallelism(1)
                            .uidPrefix(Uids.silver(t.name()));
            if (t.upsert()) {
                sink.upsert(true).equalityFieldColumns(t.identifierFieldNames());
            }
            sink.append();
        }
        if (!events) {
            return List.of();
        }
        Map<String, TableLoader> seeds = new TreeMap<>();
        for (ChangeEntity e : ChangeEntity.values()) {
            seeds.put(e.table().name(), Catalogs.tableLoader(lake, e.table().name()));
        }
        DataStream<OutboundEvent> changes =
                normalized
                        .getSideOutput(NormalizeFunction.CHANGES)
                        .keyBy((KeySelector<ChangeInput, String>) c -> c.key, Types.STRING)
                        .transform(
                                "change detect",
                                TypeInformation.of(OutboundEvent.class),
                                new ChangeDetectOperator(seeds))
                        .uid(Uids.CHANGE_DETECT)
                        .name("change detect");
        return EventSinks.attach(
                changes.union(normalized.getSideOutput(NormalizeFunction.RUNS)),
                config,
                lake.lakeRoot());
    }

    /** {@code catalog|id} of a row of {@code t}. */
    static KeySelector<RowData, String> recordKey(SilverTable t) {
        int catalogAt = t.columnIndex("catalog");
        int idAt = t.columnIndex("id");
        return r ->
                HistoryDedupe.key(
                        r.isNullAt(catalogAt) ? null : r.getString(catalogAt).toString(),
                        r.isNullAt(idAt) ? null : r.getString(idAt).toString());
    }
}
