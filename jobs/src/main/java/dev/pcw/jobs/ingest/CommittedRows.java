package dev.pcw.jobs.ingest;

import dev.pcw.connectors.lake.LiveRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The rows of a silver table's committed data files, deletes not applied: what the run-end check
 * asks is whether a run's last record was committed, not whether it is still live. Every row pcw
 * deletes from a current table is replaced by a newer version of the same key in the same upsert,
 * whose run is later still. (The resume check asks what is live, rows removed behind pcw's back
 * included, and applies deletes.) Applying equality deletes would load every delete key newer than
 * each data file into memory: after a full sync of a million records, a million keys, more than a
 * 512 MB heap holds. Parquet row groups whose statistics or dictionaries exclude the filter are
 * skipped, and rows are handed over one at a time.
 */
final class CommittedRows {
    private CommittedRows() {}

    /** Hands each committed row matching {@code filter} to {@code action}, with {@code columns}. */
    static void forEach(
            Table table, Expression filter, Consumer<Record> action, String... columns) {
        if (table.currentSnapshot() == null) {
            return;
        }
        Set<String> names = new LinkedHashSet<>(Arrays.asList(columns));
        for (Integer fieldId :
                Binder.boundReferences(table.schema().asStruct(), List.of(filter), true)) {
            names.add(table.schema().findColumnName(fieldId));
        }
        Schema projection = table.schema().select(names);
        Evaluator matches = new Evaluator(projection.asStruct(), filter, true);
        // The evaluator compares Iceberg's internal values (a timestamp in micros, not a Java
        // time), which the wrapper gives it.
        InternalRecordWrapper internal = new InternalRecordWrapper(projection.asStruct());
        try (CloseableIterable<FileScanTask> tasks = table.newScan().filter(filter).planFiles()) {
            for (FileScanTask task : tasks) {
                try (CloseableIterable<Record> rows =
                        LiveRows.read(table, task.file(), projection, filter)) {
                    for (Record r : rows) {
                        if (matches.eval(internal.wrap(r))) {
                            action.accept(r);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + table.name() + ": " + e.getMessage(), e);
        }
    }
}
