package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the run-end and resume checks read: every committed row that matches, an upserted key's
 * replaced version included (its equality delete not applied), and nothing of another catalog.
 */
class CommittedRowsTest {
    private static final Schema SCHEMA =
            new Schema(
                    Types.NestedField.required(1, "catalog", Types.StringType.get()),
                    Types.NestedField.required(2, "id", Types.StringType.get()),
                    Types.NestedField.optional(3, "run_id", Types.StringType.get()));

    @TempDir Path dir;

    @Test
    void readsTheCommittedRowsWithoutApplyingDeletes() throws IOException {
        Table table =
                new HadoopTables(new Configuration())
                        .create(
                                SCHEMA,
                                PartitionSpec.unpartitioned(),
                                Map.of("format-version", "2"),
                                dir.resolve("opportunities").toString());
        assertThat(rows(table, Expressions.alwaysTrue())).isEmpty(); // no snapshot yet

        GenericAppenderFactory files =
                new GenericAppenderFactory(
                        SCHEMA,
                        PartitionSpec.unpartitioned(),
                        new int[] {1, 2},
                        SCHEMA.select("catalog", "id"),
                        null);
        OutputFileFactory out = OutputFileFactory.builderFor(table, 1, 1).build();
        DataWriter<Record> first =
                files.newDataWriter(out.newOutputFile(), FileFormat.PARQUET, null);
        first.write(row("AWS", "O1", "run-1"));
        first.write(row("AWS", "O2", "run-1"));
        first.write(row("Sandbox", "O1", "run-1"));
        first.close();
        table.newAppend().appendFile(first.toDataFile()).commit();

        // An upsert of AWS O1: an equality delete of the key and its new version, one commit.
        EqualityDeleteWriter<Record> delete =
                files.newEqDeleteWriter(out.newOutputFile(), FileFormat.PARQUET, null);
        GenericRecord key = GenericRecord.create(SCHEMA.select("catalog", "id"));
        key.setField("catalog", "AWS");
        key.setField("id", "O1");
        delete.write(key);
        delete.close();
        DataWriter<Record> second =
                files.newDataWriter(out.newOutputFile(), FileFormat.PARQUET, null);
        second.write(row("AWS", "O1", "run-2"));
        second.close();
        table.newRowDelta().addRows(second.toDataFile()).addDeletes(delete.toDeleteFile()).commit();

        // A reader applying deletes sees AWS O1 once, at run-2 ...
        List<String> live = new ArrayList<>();
        try (CloseableIterable<Record> it =
                IcebergGenerics.read(table).where(Expressions.equal("id", "O1")).build()) {
            it.forEach(r -> live.add(r.getField("catalog") + "/" + r.getField("run_id")));
        }
        assertThat(live).containsExactlyInAnyOrder("AWS/run-2", "Sandbox/run-1");
        // ... the committed rows are both versions, the replaced one included.
        assertThat(
                        rows(
                                table,
                                Expressions.and(
                                        Expressions.equal("catalog", "AWS"),
                                        Expressions.equal("id", "O1"))))
                .containsExactlyInAnyOrder("AWS/O1/run-1", "AWS/O1/run-2");
        assertThat(rows(table, Expressions.equal("catalog", "Sandbox")))
                .containsExactly("Sandbox/O1/run-1");
        assertThat(rows(table, Expressions.equal("catalog", "Partner"))).isEmpty();
        assertThat(rows(table, Expressions.equal("run_id", "run-2")))
                .containsExactly("AWS/O1/run-2");
    }

    /** A data file in another format (a user changed write.format.default) is named, not read. */
    @Test
    void aDataFileInAnotherFormatIsAnErrorSayingWhatToDo() throws IOException {
        Table table =
                new HadoopTables(new Configuration())
                        .create(
                                SCHEMA,
                                PartitionSpec.unpartitioned(),
                                Map.of("format-version", "2", "write.format.default", "avro"),
                                dir.resolve("avro").toString());
        GenericAppenderFactory files = new GenericAppenderFactory(SCHEMA);
        DataWriter<Record> avro =
                files.newDataWriter(
                        OutputFileFactory.builderFor(table, 1, 1)
                                .format(FileFormat.AVRO)
                                .build()
                                .newOutputFile(),
                        FileFormat.AVRO,
                        null);
        avro.write(row("AWS", "O1", "run-1"));
        avro.close();
        table.newAppend().appendFile(avro.toDataFile()).commit();

        assertThatThrownBy(() -> rows(table, Expressions.alwaysTrue()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds a file in AVRO (" + avro.toDataFile().location())
                .hasMessageContaining(
                        "set the table's write.format.default and write.delete.format.default back to"
                                + " parquet and rewrite");
    }

    private static List<String> rows(Table table, org.apache.iceberg.expressions.Expression f) {
        List<String> out = new ArrayList<>();
        CommittedRows.forEach(
                table,
                f,
                r ->
                        out.add(
                                r.getField("catalog")
                                        + "/"
                                        + r.getField("id")
                                        + "/"
                                        + r.getField("run_id")),
                "catalog",
                "id",
                "run_id");
        return out;
    }

    private static Record row(String catalog, String id, String run) {
        GenericRecord r = GenericRecord.create(SCHEMA);
        r.setField("catalog", catalog);
        r.setField("id", id);
        r.setField("run_id", run);
        return r;
    }
}
