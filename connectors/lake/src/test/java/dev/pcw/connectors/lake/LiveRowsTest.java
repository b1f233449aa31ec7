package dev.pcw.connectors.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LiveRows} against Iceberg's own generic reader, which applies deletes the usual way: after
 * every commit of a random series (upserts as pcw's writer makes them, a key's delete and its new
 * version in one commit; equality deletes alone; position deletes of rows in earlier and in the
 * same commit's files), on an unpartitioned and on a partitioned table, both read the same live
 * rows, filtered or not.
 */
class LiveRowsTest {
    private static final Schema SCHEMA =
            new Schema(
                    Types.NestedField.required(1, "catalog", Types.StringType.get()),
                    Types.NestedField.required(2, "id", Types.StringType.get()),
                    Types.NestedField.optional(3, "version", Types.LongType.get()));

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsWhatIcebergsReaderReadsAfterEveryCommit(boolean partitioned) throws IOException {
        PartitionSpec spec =
                partitioned
                        ? PartitionSpec.builderFor(SCHEMA).identity("catalog").build()
                        : PartitionSpec.unpartitioned();
        Table table =
                new HadoopTables(new Configuration())
                        .create(
                                SCHEMA,
                                spec,
                                Map.of("format-version", "2"),
                                dir.resolve("t" + partitioned).toString());
        assertThat(live(table, Expressions.alwaysTrue())).isEmpty(); // no snapshot yet
        GenericAppenderFactory files =
                new GenericAppenderFactory(
                        SCHEMA, spec, new int[] {1, 2}, SCHEMA.select("catalog", "id"), null);
        OutputFileFactory out = OutputFileFactory.builderFor(table, 1, 1).build();
        Random random = new Random(7);
        String[] catalogs = {"AWS", "Sandbox"};
        List<DataFile> written = new ArrayList<>();
        Map<DataFile, Integer> rowsIn = new HashMap<>();
        long version = 0;
        for (int commit = 0; commit < 12; commit++) {
            RowDelta delta = table.newRowDelta();
            for (String catalog : catalogs) {
                PartitionKey partition = partitionOf(spec, catalog);
                int kind = random.nextInt(3);
                List<Record> rows = new ArrayList<>();
                List<Record> keys = new ArrayList<>();
                for (int i = 0; i < 1 + random.nextInt(6); i++) {
                    String id = "O" + random.nextInt(12);
                    if (kind != 2) {
                        rows.add(row(catalog, id, ++version));
                    }
                    if (kind != 0) {
                        keys.add(key(catalog, id));
                    }
                }
                if (!keys.isEmpty()) {
                    EqualityDeleteWriter<Record> deletes =
                            files.newEqDeleteWriter(
                                    file(out, partition), FileFormat.PARQUET, partition);
                    keys.forEach(deletes::write);
                    deletes.close();
                    delta.addDeletes(deletes.toDeleteFile());
                }
                if (!rows.isEmpty()) {
                    DataWriter<Record> data =
                            files.newDataWriter(
                                    file(out, partition), FileFormat.PARQUET, partition);
                    rows.forEach(data::write);
                    data.close();
                    delta.addRows(data.toDataFile());
                    written.add(data.toDataFile());
                    rowsIn.put(data.toDataFile(), rows.size());
                }
            }
            // Now and then a row removed by position, in any file written so far (this
            // commit's included, whose rows a position delete of the same commit removes).
            if (!written.isEmpty() && random.nextInt(3) == 0) {
                DataFile target = written.get(random.nextInt(written.size()));
                PartitionKey partition = partitionOf(spec, catalogOf(target));
                PositionDeleteWriter<Record> removed =
                        files.newPosDeleteWriter(
                                file(out, partition), FileFormat.PARQUET, partition);
                removed.write(
                        PositionDelete.<Record>create()
                                .set(target.location(), random.nextInt(rowsIn.get(target)), null));
                removed.close();
                delta.addDeletes(removed.toDeleteFile());
            }
            delta.commit();

            for (Expression filter :
                    List.of(
                            Expressions.alwaysTrue(),
                            Expressions.equal("catalog", "AWS"),
                            Expressions.greaterThan("version", version / 2))) {
                assertThat(live(table, filter))
                        .as("commit %d, filter %s", commit, filter)
                        .containsExactlyInAnyOrderElementsOf(icebergReads(table, filter));
            }
        }
        // The series did delete: the live rows are fewer than those written.
        assertThat(live(table, Expressions.alwaysTrue()))
                .hasSizeLessThan(rowsIn.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** A delete file in another format is named, with what to do. */
    @Test
    void aFileInAnotherFormatIsAnErrorSayingWhatToDo() throws IOException {
        Table table =
                new HadoopTables(new Configuration())
                        .create(
                                SCHEMA,
                                PartitionSpec.unpartitioned(),
                                Map.of("format-version", "2"),
                                dir.resolve("avro").toString());
        GenericAppenderFactory files =
                new GenericAppenderFactory(
                        SCHEMA,
                        PartitionSpec.unpartitioned(),
                        new int[] {1, 2},
                        SCHEMA.select("catalog", "id"),
                        null);
        OutputFileFactory out = OutputFileFactory.builderFor(table, 1, 1).build();
        DataWriter<Record> data =
                files.newDataWriter(out.newOutputFile(), FileFormat.PARQUET, null);
        data.write(row("AWS", "O1", 1));
        data.close();
        table.newAppend().appendFile(data.toDataFile()).commit();
        EqualityDeleteWriter<Record> avro =
                files.newEqDeleteWriter(
                        OutputFileFactory.builderFor(table, 1, 2)
                                .format(FileFormat.AVRO)
                                .build()
                                .newOutputFile(),
                        FileFormat.AVRO,
                        null);
        avro.write(key("AWS", "O1"));
        avro.close();
        table.newRowDelta().addDeletes(avro.toDeleteFile()).commit();

        assertThatThrownBy(() -> live(table, Expressions.alwaysTrue()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("holds a file in AVRO (" + avro.toDeleteFile().location())
                .hasMessageContaining("write.delete.format.default back to parquet");
    }

    private static List<String> live(Table table, Expression filter) {
        List<String> out = new ArrayList<>();
        LiveRows.forEach(table, filter, r -> out.add(text(r)), "catalog", "id", "version");
        return out;
    }

    private static List<String> icebergReads(Table table, Expression filter) throws IOException {
        List<String> out = new ArrayList<>();
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).where(filter).build()) {
            rows.forEach(r -> out.add(text(r)));
        }
        return out;
    }

    private static String text(Record r) {
        return r.getField("catalog") + "/" + r.getField("id") + "@" + r.getField("version");
    }

    private static org.apache.iceberg.encryption.EncryptedOutputFile file(
            OutputFileFactory out, PartitionKey partition) {
        return partition == null ? out.newOutputFile() : out.newOutputFile(partition);
    }

    private static String catalogOf(DataFile file) {
        return file.partition().size() == 0 ? "AWS" : file.partition().get(0, String.class);
    }

    private static PartitionKey partitionOf(PartitionSpec spec, String catalog) {
        if (spec.isUnpartitioned()) {
            return null;
        }
        PartitionKey key = new PartitionKey(spec, SCHEMA);
        key.partition(row(catalog, "x", 0));
        return key;
    }

    private static Record row(String catalog, String id, long version) {
        GenericRecord r = GenericRecord.create(SCHEMA);
        r.setField("catalog", catalog);
        r.setField("id", id);
        r.setField("version", version);
        return r;
    }

    private static Record key(String catalog, String id) {
        GenericRecord k = GenericRecord.create(SCHEMA.select("catalog", "id"));
        k.setField("catalog", catalog);
        k.setField("id", id);
        return k;
    }
}
