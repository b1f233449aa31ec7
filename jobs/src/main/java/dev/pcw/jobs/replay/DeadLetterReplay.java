package dev.pcw.jobs.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.lake.SilverRecords;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.jobs.ingest.SilverSinks;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.normalize.DeadLetter;
import dev.pcw.schemas.normalize.NormalizationResult;
import dev.pcw.schemas.normalize.Normalizers;
import dev.pcw.schemas.normalize.PayloadRedaction;
import dev.pcw.schemas.partnercentral.IncomingEvent;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;

/**
 * The dead-letter replay: Partner Central payloads that {@code dead_letters} keeps are normalized
 * again (after a normalizer fix, say). What now passes goes to silver, as a bronze replay writes
 * it; what still fails stays, with its reason as the normalizer now gives it. Partner tier files
 * are not replayed here ({@code pcw tiers sync} reads their files again). A dead letter kept with
 * its payload redacted ({@code dead_letters.payload: redacted}) is normalized from its bronze line,
 * which keeps the payload whole ({@link BronzeLookup}); one whose bronze has expired stays as it
 * is.
 *
 * <p>Three steps, so that a crash at any point loses nothing and a rerun finishes the work:
 *
 * <ol>
 *   <li>{@link #plan}: reads the dead letters and normalizes each again (pure Java): one whose
 *       result is the same dead letter is left alone; the others are <em>moved</em>;
 *   <li>{@link #build}: a bounded Flink job writes what the moved ones now give (silver rows, or
 *       their new dead letter) through the bronze replay's guards, so a rerun writes nothing twice;
 *   <li>{@link #removeMoved}: after the job, one Iceberg commit removes the moved dead letters (an
 *       equality delete on every column, so a new dead letter, which differs in its reason, stays).
 * </ol>
 *
 * A crash between 2 and 3 leaves the moved dead letters beside what replaced them; the next run
 * moves them again (the guards write nothing new) and removes them.
 */
public final class DeadLetterReplay {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a dead-letter replay will do. */
    public static final class Plan {
        /** Dead letters read (Partner Central's, in the range). */
        public final int read;

        /** Dead letters whose payload now passes. */
        public final int passing;

        /** Dead letters that still fail, with another reason than the one kept. */
        public final int newReason;

        /** Dead letters that fail as before: left as they are. */
        public final int unchanged;

        /**
         * Dead letters kept redacted whose bronze line is gone (expired, or a line that was not a
         * bronze record): left as they are.
         */
        public final int withoutBronze;

        final List<BronzeRecord> records;
        final List<Record> moved;
        final long snapshotId;

        Plan(
                int read,
                int passing,
                int newReason,
                int withoutBronze,
                List<BronzeRecord> records,
                List<Record> moved,
                long snapshotId) {
            this.read = read;
            this.passing = passing;
            this.newReason = newReason;
            this.withoutBronze = withoutBronze;
            this.unchanged = read - passing - newReason - withoutBronze;
            this.records = records;
            this.moved = moved;
            this.snapshotId = snapshotId;
        }

        /** Whether anything is to be moved. */
        public boolean isEmpty() {
            return moved.isEmpty();
        }
    }

    private DeadLetterReplay() {}

    /**
     * Reads Partner Central's dead letters kept since {@code since} (their {@code at}, a UTC day;
     * null for all) and normalizes each again.
     */
    public static Plan plan(PcwConfig config, LocalDate since) {
        LakeConfig lake = IngestJob.lakeConfig(config);
        IngestJob.ensureTables(lake);
        SilverTable silver = SilverTables.DEAD_LETTERS;
        Catalog catalog = Catalogs.create(lake);
        try {
            Table table = catalog.loadTable(lake.tableIdentifier(silver.name()));
            if (table.currentSnapshot() == null) {
                return new Plan(0, 0, 0, 0, List.of(), List.of(), -1L);
            }
            long snapshot = table.currentSnapshot().snapshotId();
            org.apache.iceberg.expressions.Expression filter =
                    Expressions.equal("source", DeadLetter.SOURCE_PARTNER_CENTRAL);
            if (since != null) {
                filter =
                        Expressions.and(
                                filter,
                                Expressions.greaterThanOrEqual(
                                        "at",
                                        since.atStartOfDay(ZoneOffset.UTC)
                                                        .toInstant()
                                                        .toEpochMilli()
                                                * 1000));
            }
            List<Record> kept = new ArrayList<>();
            List<SilverRow> keptRows = new ArrayList<>();
            List<SilverRow> redacted = new ArrayList<>();
            try (CloseableIterable<Record> rows =
                    IcebergGenerics.read(table).useSnapshot(snapshot).where(filter).build()) {
                for (Record r : rows) {
                    SilverRow row = SilverRecords.toSilverRow(silver, r);
                    if (!DeadLetter.SOURCE_PARTNER_CENTRAL.equals(row.get("source"))) {
                        continue; // the filter prunes files; rows are checked here
                    }
                    if (since != null
                            && ((Instant) row.get("at"))
                                    .isBefore(since.atStartOfDay(ZoneOffset.UTC).toInstant())) {
                        continue;
                    }
                    kept.add(r.copy());
                    keptRows.add(row);
                    if (PayloadRedaction.isRedacted((String) row.get("raw_payload"))) {
                        redacted.add(row);
                    }
                }
            }
            BronzeLookup bronze =
                    redacted.isEmpty()
                            ? null
                            : BronzeLookup.forDeadLetters(lake.lakeRoot(), redacted);
            boolean redact = config.redactsDeadLetters();
            int passing = 0;
            int newReason = 0;
            int withoutBronze = 0;
            List<BronzeRecord> records = new ArrayList<>();
            List<Record> moved = new ArrayList<>();
            for (int i = 0; i < kept.size(); i++) {
                Record r = kept.get(i);
                SilverRow row = keptRows.get(i);
                BronzeRecord record;
                if (PayloadRedaction.isRedacted((String) row.get("raw_payload"))) {
                    BronzeRecord line = bronze.find(row);
                    if (line == null) {
                        withoutBronze++; // expired from bronze, or a line without an envelope
                        continue;
                    }
                    // The dead letter's own envelope, with the payload bronze keeps whole.
                    BronzeRecord envelope = toBronze(row);
                    record =
                            new BronzeRecord(
                                    envelope.runId(),
                                    envelope.entity(),
                                    envelope.catalog(),
                                    envelope.operation(),
                                    envelope.requestId(),
                                    envelope.fetchedAt(),
                                    line.payload(),
                                    line.payloadIsJson());
                } else {
                    record = toBronze(row);
                }
                DeadLetter again = normalizeAgain(record);
                if (again == null) {
                    passing++;
                } else if (sameDeadLetter(row, again.toRow(redact))) {
                    continue;
                } else {
                    newReason++;
                }
                records.add(record);
                moved.add(r);
            }
            return new Plan(
                    kept.size(), passing, newReason, withoutBronze, records, moved, snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException("reading dead_letters: " + e.getMessage(), e);
        } finally {
            Catalogs.closeQuietly(catalog);
        }
    }

    /**
     * The dead letter {@code record} gives now, as the ingest job's normalize step makes it; null
     * when it passes.
     */
    static DeadLetter normalizeAgain(BronzeRecord record) {
        if (record.operation().equals(IncomingEvent.BRONZE_OPERATION)) {
            return IncomingEvent.classify(record.payload())
                    .deadLetter(record.fetchedAt(), record.fetchedAt());
        }
        NormalizationResult result =
                record.operation().equals(BronzeRecord.UNREADABLE_LINE_OPERATION)
                        ? Normalizers.normalizeLine(record.payload(), record.fetchedAt())
                        : Normalizers.normalize(record, record.fetchedAt());
        return result.isDeadLetter() ? result.deadLetter() : null;
    }

    /** The bronze record a dead letter was made from, as far as it keeps it. */
    static BronzeRecord toBronze(SilverRow d) {
        String raw = (String) d.get("raw_payload");
        Instant fetched = (Instant) d.get("fetched_at");
        Instant at = (Instant) d.get("at");
        if (d.get("run_id") == null
                || d.get("entity") == null
                || d.get("catalog") == null
                || d.get("operation") == null
                || fetched == null) {
            // Kept without an envelope (a line that was not a bronze record): the line itself.
            return BronzeRecord.unreadableLine(raw, fetched != null ? fetched : at);
        }
        return new BronzeRecord(
                (String) d.get("run_id"),
                (String) d.get("entity"),
                (String) d.get("catalog"),
                (String) d.get("operation"),
                (String) d.get("request_id"),
                fetched,
                raw,
                isJson(raw));
    }

    private static boolean isJson(String raw) {
        try {
            JSON.readTree(raw);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Equal on every column but {@code at}. */
    static boolean sameDeadLetter(SilverRow kept, SilverRow again) {
        for (Map.Entry<String, Object> e : kept.values().entrySet()) {
            if (!e.getKey().equals("at")
                    && !Objects.equals(e.getValue(), again.values().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds the job that writes what the moved dead letters now give; nothing to run when the plan
     * is empty.
     */
    public static List<String> build(
            StreamExecutionEnvironment env, PcwConfig config, Plan plan, boolean emitEvents) {
        LakeConfig lake = IngestJob.lakeConfig(config);
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        DataStream<BronzeRecord> records =
                env.fromData(plan.records, TypeInformation.of(BronzeRecord.class))
                        .uid(ReplayUids.DEAD_LETTERS_SOURCE)
                        .name("dead letters");
        return SilverSinks.attach(
                records, config, lake, emitEvents && !config.eventSinks().isEmpty(), true);
    }

    /**
     * Removes the moved dead letters in one commit (an equality delete on all their columns per
     * {@code at} day), checked against what was committed since the plan read them.
     *
     * @return how many were removed
     */
    public static int removeMoved(PcwConfig config, Plan plan) {
        if (plan.moved.isEmpty()) {
            return 0;
        }
        LakeConfig lake = IngestJob.lakeConfig(config);
        Catalog catalog = Catalogs.create(lake);
        try {
            Table table = catalog.loadTable(lake.tableIdentifier(SilverTables.DEAD_LETTERS_NAME));
            List<Integer> ids = new ArrayList<>();
            for (Types.NestedField f : table.schema().columns()) {
                ids.add(f.fieldId());
            }
            GenericAppenderFactory factory =
                    new GenericAppenderFactory(
                                    table.schema(),
                                    table.spec(),
                                    ids.stream().mapToInt(Integer::intValue).toArray(),
                                    table.schema(),
                                    null)
                            .setAll(table.properties());
            Map<PartitionKey, List<Record>> byPartition = new LinkedHashMap<>();
            InternalRecordWrapper wrapper = new InternalRecordWrapper(table.schema().asStruct());
            for (Record r : plan.moved) {
                PartitionKey key = new PartitionKey(table.spec(), table.schema());
                key.partition(wrapper.wrap(r));
                byPartition.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
            RowDelta delta = table.newRowDelta();
            if (plan.snapshotId >= 0) {
                delta.validateFromSnapshot(plan.snapshotId).validateNoConflictingDeleteFiles();
            }
            List<OutputFile> written = new ArrayList<>();
            int removed = 0;
            for (Map.Entry<PartitionKey, List<Record>> e : byPartition.entrySet()) {
                OutputFile out =
                        table.io()
                                .newOutputFile(
                                        table.locationProvider()
                                                .newDataLocation(
                                                        table.spec(),
                                                        e.getKey(),
                                                        "replayed-dead-letters-"
                                                                + UUID.randomUUID()
                                                                + ".parquet"));
                written.add(out);
                EqualityDeleteWriter<Record> writer =
                        factory.newEqDeleteWriter(
                                EncryptedFiles.plainAsEncryptedOutput(out),
                                FileFormat.PARQUET,
                                e.getKey());
                try (EqualityDeleteWriter<Record> w = writer) {
                    for (Record r : e.getValue()) {
                        w.write(r);
                    }
                }
                DeleteFile deletes = writer.toDeleteFile();
                delta.addDeletes(deletes);
                removed += e.getValue().size();
            }
            try {
                delta.set("pcw.dead-letter-replay", String.valueOf(plan.moved.size())).commit();
            } catch (RuntimeException e) {
                for (OutputFile f : written) {
                    table.io().deleteFile(f.location());
                }
                throw e;
            }
            return removed;
        } catch (IOException e) {
            throw new UncheckedIOException("removing replayed dead letters: " + e.getMessage(), e);
        } finally {
            Catalogs.closeQuietly(catalog);
        }
    }
}
