package dev.pcw.connectors.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;

/**
 * Writes and reads rows with Iceberg's generic (non-Flink) data API, as any engine would, for
 * unpartitioned test tables.
 */
final class IcebergRows {
    private IcebergRows() {}

    /** A record of the table's schema, values in column order. */
    static Record row(Table table, Object... values) {
        GenericRecord record = GenericRecord.create(table.schema());
        for (int i = 0; i < values.length; i++) {
            record.set(i, values[i]);
        }
        return record;
    }

    /** Appends rows in one data file and one commit. */
    static void append(Table table, List<Record> rows) {
        table.newAppend().appendFile(writeDataFile(table, rows)).commit();
    }

    /**
     * Upserts rows the way Iceberg's Flink sink does: an equality delete on the identifier fields
     * plus the new data, in one row-delta commit.
     */
    static void upsert(Table table, List<Record> rows) {
        Schema schema = table.schema();
        int[] keyIds = schema.identifierFieldIds().stream().mapToInt(Integer::intValue).toArray();
        Schema keySchema = schema.select(schema.identifierFieldNames());
        GenericAppenderFactory factory =
                new GenericAppenderFactory(schema, table.spec(), keyIds, keySchema, null);
        OutputFile out = newFile(table);
        EqualityDeleteWriter<Record> deletes =
                factory.newEqDeleteWriter(
                        EncryptedFiles.plainAsEncryptedOutput(out), FileFormat.PARQUET, null);
        try (EqualityDeleteWriter<Record> writer = deletes) {
            for (Record row : rows) {
                Record key = GenericRecord.create(keySchema);
                for (String name : schema.identifierFieldNames()) {
                    key.setField(name, row.getField(name));
                }
                writer.write(key);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DeleteFile deleteFile = deletes.toDeleteFile();
        table.newRowDelta().addRows(writeDataFile(table, rows)).addDeletes(deleteFile).commit();
    }

    /** Every live row, sorted by the first column. */
    static List<Record> readAll(Table table) {
        table.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            for (Record r : records) {
                rows.add(r.copy());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows.sort(Comparator.comparing(r -> String.valueOf(r.get(0))));
        return rows;
    }

    private static DataFile writeDataFile(Table table, List<Record> rows) {
        OutputFile out = newFile(table);
        FileAppender<Record> appender =
                new GenericAppenderFactory(table.schema(), table.spec())
                        .newAppender(out, FileFormat.PARQUET);
        try (FileAppender<Record> writer = appender) {
            writer.addAll(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return DataFiles.builder(table.spec())
                .withInputFile(out.toInputFile())
                .withMetrics(appender.metrics())
                .withFormat(FileFormat.PARQUET)
                .build();
    }

    private static OutputFile newFile(Table table) {
        return table.io()
                .newOutputFile(
                        table.locationProvider().newDataLocation(UUID.randomUUID() + ".parquet"));
    }
}
