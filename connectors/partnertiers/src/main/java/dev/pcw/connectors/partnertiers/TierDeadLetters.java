package dev.pcw.connectors.partnertiers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.lake.TableManager;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import dev.pcw.schemas.tiers.RawTierRecord;
import dev.pcw.schemas.tiers.TierProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;

/**
 * Keeps what a partner tier file could not apply in {@code dead_letters}: one row per bad record
 * (source {@code partner_tiers}, reason code {@code MISSING_REQUIRED}, {@code INVALID_VALUE} or
 * {@code DUPLICATE_IDENTITY}, the record's values as JSON), or one row for a file that could not be
 * read ({@code LOAD_FAILED}). Rows of one file version are written once: {@code record_id} is
 * {@code <file>@<fingerprint>#<record>}, and a file version already recorded is not recorded again.
 */
public final class TierDeadLetters {
    /** The {@code source} of partner tier dead letters. */
    public static final String SOURCE = "partner_tiers";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Table table;

    private TierDeadLetters(Table table) {
        this.table = table;
    }

    /** Opens {@code dead_letters}, creating it when absent. */
    public static TierDeadLetters open(Catalog catalog, LakeConfig lake) {
        SilverTable t = SilverTables.DEAD_LETTERS;
        return new TierDeadLetters(
                TableManager.ensureTable(
                        catalog,
                        lake.tableIdentifier(t.name()),
                        t.schema(),
                        t.spec(),
                        t.properties(),
                        new HashSet<>(t.identifierFieldNames())));
    }

    /** The reason code of a record problem. */
    static String reasonCode(TierProblem p) {
        String r = p.reason();
        if (r.startsWith("missing ")) {
            return "MISSING_REQUIRED";
        }
        if (r.startsWith("duplicate of ")) {
            return "DUPLICATE_IDENTITY";
        }
        return "INVALID_VALUE";
    }

    /**
     * Records the problems of {@code file}'s version {@code fingerprint}, or its load failure;
     * nothing when that version is recorded already.
     *
     * @param requestId the request or job that found them; may be null
     * @return rows written
     */
    public int record(
            String file,
            String fingerprint,
            List<TierProblem> problems,
            TierLoadException loadError,
            String requestId,
            Instant at) {
        String prefix = file + "@" + fingerprint + "#";
        table.refresh();
        if (recorded(prefix)) {
            return 0;
        }
        GenericRecord template = GenericRecord.create(table.schema());
        int[] count = {0};
        DataFile data =
                write(
                        writer -> {
                            if (loadError != null) {
                                writer.write(
                                        row(
                                                template,
                                                prefix + "file",
                                                "LOAD_FAILED",
                                                loadError.getMessage(),
                                                json(
                                                        Map.of(
                                                                "file",
                                                                file,
                                                                "fingerprint",
                                                                fingerprint)),
                                                "load",
                                                requestId,
                                                at));
                                count[0]++;
                            }
                            for (TierProblem p : problems) {
                                if (!p.position().file().equals(file)) {
                                    continue;
                                }
                                Map<String, String> raw = new LinkedHashMap<>();
                                if (p.raw() != null) {
                                    // The seed's field order, so the payload reads like the file.
                                    for (String field : RawTierRecord.FIELDS) {
                                        if (p.raw().containsKey(field)) {
                                            raw.put(field, p.raw().get(field));
                                        }
                                    }
                                }
                                writer.write(
                                        row(
                                                template,
                                                prefix + p.position().index(),
                                                reasonCode(p),
                                                p.toString(),
                                                json(raw),
                                                "validate",
                                                requestId,
                                                at));
                                count[0]++;
                            }
                        },
                        at);
        if (count[0] == 0) {
            table.io().deleteFile(data.location());
            return 0;
        }
        AppendFiles append = table.newAppend().appendFile(data);
        append.set("pcw.source", SOURCE);
        append.commit();
        return count[0];
    }

    private boolean recorded(String prefix) {
        if (table.currentSnapshot() == null) {
            return false;
        }
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(table)
                        .where(
                                Expressions.and(
                                        Expressions.equal("source", SOURCE),
                                        Expressions.startsWith("record_id", prefix)))
                        .select("record_id")
                        .build()) {
            for (Record r : rows) {
                if (String.valueOf(r.getField("record_id")).startsWith(prefix)) {
                    return true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }

    private static GenericRecord row(
            GenericRecord template,
            String recordId,
            String code,
            String reason,
            String payload,
            String operation,
            String requestId,
            Instant at) {
        GenericRecord r = template.copy();
        r.setField("source", SOURCE);
        r.setField("entity", "partner_tiers");
        r.setField("operation", operation);
        r.setField("record_id", recordId);
        r.setField("reason_code", code);
        r.setField("reason", reason);
        r.setField("raw_payload", payload);
        r.setField("request_id", requestId);
        r.setField("at", at.atOffset(ZoneOffset.UTC));
        return r;
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Rows {
        void writeTo(DataWriter<Record> writer) throws IOException;
    }

    private DataFile write(Rows rows, Instant at) {
        PartitionKey partition = new PartitionKey(table.spec(), table.schema());
        GenericRecord probe = GenericRecord.create(table.schema());
        probe.setField("at", at.atOffset(ZoneOffset.UTC));
        partition.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(probe));
        OutputFile out =
                table.io()
                        .newOutputFile(
                                table.locationProvider()
                                        .newDataLocation(
                                                table.spec(),
                                                partition,
                                                "tiers-" + UUID.randomUUID() + ".parquet"));
        DataWriter<Record> writer =
                new GenericAppenderFactory(table.schema(), table.spec())
                        .setAll(table.properties())
                        .newDataWriter(
                                EncryptedFiles.plainAsEncryptedOutput(out),
                                FileFormat.PARQUET,
                                partition);
        try {
            try {
                rows.writeTo(writer);
            } finally {
                writer.close();
            }
        } catch (IOException e) {
            table.io().deleteFile(out.location());
            throw new UncheckedIOException(e);
        }
        return writer.toDataFile();
    }
}
