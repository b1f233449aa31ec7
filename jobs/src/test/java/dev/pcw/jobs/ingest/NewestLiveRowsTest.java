package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The resume check's newest live rows: an upsert's equality delete and a position delete (a row
 * removed behind pcw's back, as Athena's DELETE writes it) both remove a candidate; another catalog
 * and excluded rows never count; ties at the newest instant are all returned; and the answer is the
 * same whether the first pass keeps one row or many (a pass that cannot tell starts again with
 * more).
 */
class NewestLiveRowsTest {
    private static final Schema SCHEMA =
            new Schema(
                    Types.NestedField.required(1, "catalog", Types.StringType.get()),
                    Types.NestedField.required(2, "id", Types.StringType.get()),
                    Types.NestedField.optional(
                            3, "last_modified_date", Types.TimestampType.withZone()),
                    Types.NestedField.optional(4, "run_id", Types.StringType.get()));

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 1024})
    void deletedRowsAreNotTheNewestAndTiesAreAllReturned(int firstK) throws IOException {
        Table table =
                new HadoopTables(new Configuration())
                        .create(
                                SCHEMA,
                                PartitionSpec.unpartitioned(),
                                Map.of("format-version", "2"),
                                dir.resolve("opportunities").toString());
        assertThat(newest(table, firstK)).isEmpty(); // no snapshot yet
        GenericAppenderFactory files =
                new GenericAppenderFactory(
                        SCHEMA,
                        PartitionSpec.unpartitioned(),
                        new int[] {1, 2},
                        SCHEMA.select("catalog", "id"),
                        null);
        OutputFileFactory out = OutputFileFactory.builderFor(table, 1, 1).build();

        // A first sync: O3 is the newest of AWS; Sandbox's newer row and an event fetch's are not
        // AWS's scheduled position.
        DataWriter<Record> first =
                files.newDataWriter(out.newOutputFile(), FileFormat.PARQUET, null);
        first.write(row("AWS", "O1", 1, "run-1"));
        first.write(row("AWS", "O2", 3, "run-1"));
        first.write(row("AWS", "O3", 4, "run-1"));
        first.write(row("Sandbox", "S1", 9, "run-1"));
        first.write(row("AWS", "E1", 8, "events-1"));
        first.close();
        table.newAppend().appendFile(first.toDataFile()).commit();
        assertThat(newest(table, firstK)).containsExactly("O3@4");

        // Upserts of O2 and O3 at instant 2 (their older versions removed by an equality delete of
        // the key), and a new O4 at the same instant.
        EqualityDeleteWriter<Record> upsert =
                files.newEqDeleteWriter(out.newOutputFile(), FileFormat.PARQUET, null);
        upsert.write(key("AWS", "O2"));
        upsert.write(key("AWS", "O3"));
        upsert.close();
        DataWriter<Record> second =
                files.newDataWriter(out.newOutputFile(), FileFormat.PARQUET, null);
        second.write(row("AWS", "O2", 2, "run-2"));
        second.write(row("AWS", "O3", 2, "run-2"));
        second.write(row("AWS", "O4", 2, "run-2"));
        second.close();
        table.newRowDelta().addRows(second.toDataFile()).addDeletes(upsert.toDeleteFile()).commit();
        assertThat(newest(table, firstK)).containsExactlyInAnyOrder("O2@2", "O3@2", "O4@2");

        // O3 (position 1 of the second file) deleted behind pcw's back.
        PositionDeleteWriter<Record> removed =
                files.newPosDeleteWriter(out.newOutputFile(), FileFormat.PARQUET, null);
        PositionDelete<Record> at = PositionDelete.create();
        removed.write(at.set(second.toDataFile().location(), 1L, null));
        removed.close();
        table.newRowDelta().addDeletes(removed.toDeleteFile()).commit();
        assertThat(newest(table, firstK)).containsExactlyInAnyOrder("O2@2", "O4@2");

        // Every row at the newest instant deleted: the position falls back to the next one.
        EqualityDeleteWriter<Record> gone =
                files.newEqDeleteWriter(out.newOutputFile(), FileFormat.PARQUET, null);
        gone.write(key("AWS", "O2"));
        gone.write(key("AWS", "O4"));
        gone.close();
        table.newRowDelta().addDeletes(gone.toDeleteFile()).commit();
        assertThat(newest(table, firstK)).containsExactly("O1@1");

        // And nothing live of the catalog: no position at all.
        EqualityDeleteWriter<Record> all =
                files.newEqDeleteWriter(out.newOutputFile(), FileFormat.PARQUET, null);
        all.write(key("AWS", "O1"));
        all.close();
        table.newRowDelta().addDeletes(all.toDeleteFile()).commit();
        assertThat(newest(table, firstK)).isEmpty();
    }

    private static List<String> newest(Table table, int firstK) {
        return NewestLiveRows.of(
                        table,
                        Expressions.equal("catalog", "AWS"),
                        r -> !String.valueOf(r.getField("run_id")).startsWith("events-"),
                        "last_modified_date",
                        firstK,
                        "id",
                        "run_id")
                .stream()
                .map(
                        r ->
                                r.getField("id")
                                        + "@"
                                        + ((OffsetDateTime) r.getField("last_modified_date"))
                                                .toEpochSecond())
                .collect(Collectors.toList());
    }

    private static Record row(String catalog, String id, long second, String run) {
        GenericRecord r = GenericRecord.create(SCHEMA);
        r.setField("catalog", catalog);
        r.setField("id", id);
        r.setField(
                "last_modified_date",
                OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC));
        r.setField("run_id", run);
        return r;
    }

    private static Record key(String catalog, String id) {
        GenericRecord k = GenericRecord.create(SCHEMA.select("catalog", "id"));
        k.setField("catalog", catalog);
        k.setField("id", id);
        return k;
    }
}
