package dev.pcw.jobs.ingest;

import dev.pcw.connectors.lake.LiveRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;

/**
 * The live rows of a table holding its newest value of a timestamp column, deletes applied, in
 * memory that does not grow with the table. A reader that applies deletes the usual way (Iceberg's
 * generic reader, Flink's source) loads, for each data file, every equality-delete key newer than
 * it into a set: after a full sync of a million records through upserts (each writes a delete of
 * its key), a million keys per data file, more than a 512 MB heap holds. This reads the data files
 * without deletes, keeps the {@code k} rows with the newest timestamps, and then reads only the
 * delete files that apply to those rows' data files, streaming, to drop the deleted ones. When none
 * of them is live, or ties may have been cut off, it starts again with a larger {@code k}.
 */
final class NewestLiveRows {
    private static final int FIRST_K = 1024;

    private NewestLiveRows() {}

    /** A row with its place: the data file's task (and its deletes) and its position in it. */
    private static final class Candidate {
        final Instant at;
        final Record row;
        final String file;
        final long pos;

        Candidate(Instant at, Record row, String file, long pos) {
            this.at = at;
            this.row = row;
            this.file = file;
            this.pos = pos;
        }
    }

    /**
     * The live rows matching {@code filter} and {@code include} whose {@code timestampColumn} (a
     * {@code timestamptz}) is the newest among them, with {@code columns}; empty when there is
     * none.
     */
    static List<Record> of(
            Table table,
            Expression filter,
            Predicate<Record> include,
            String timestampColumn,
            String... columns) {
        return of(table, filter, include, timestampColumn, FIRST_K, columns);
    }

    /** As {@link #of(Table, Expression, Predicate, String, String...)}, first keeping {@code k}. */
    static List<Record> of(
            Table table,
            Expression filter,
            Predicate<Record> include,
            String timestampColumn,
            int firstK,
            String... columns) {
        if (table.currentSnapshot() == null) {
            return List.of();
        }
        for (int k = firstK; ; k = k > Integer.MAX_VALUE / 8 ? Integer.MAX_VALUE : k * 8) {
            Pass pass = new Pass(table, filter, include, timestampColumn, k, columns);
            List<Record> newest = pass.run();
            if (newest != null) {
                return newest;
            }
        }
    }

    /** One pass at a given {@code k}. */
    private static final class Pass {
        final Table table;
        final Expression filter;
        final Predicate<Record> include;
        final String timestampColumn;
        final int k;
        final Schema projection;
        final Map<String, FileScanTask> tasks = new HashMap<>();

        Pass(
                Table table,
                Expression filter,
                Predicate<Record> include,
                String timestampColumn,
                int k,
                String... columns) {
            this.table = table;
            this.filter = filter;
            this.include = include;
            this.timestampColumn = timestampColumn;
            this.k = k;
            Set<String> names = new LinkedHashSet<>(Arrays.asList(columns));
            names.add(timestampColumn);
            for (Integer fieldId :
                    Binder.boundReferences(table.schema().asStruct(), List.of(filter), true)) {
                names.add(table.schema().findColumnName(fieldId));
            }
            // Every column an equality delete of the table may compare.
            for (Integer fieldId : equalityFieldIds(table, filter)) {
                names.add(table.schema().findColumnName(fieldId));
            }
            List<Types.NestedField> fields =
                    new ArrayList<>(table.schema().select(names).columns());
            fields.add(MetadataColumns.ROW_POSITION);
            this.projection = new Schema(fields);
        }

        /** The newest live rows, or null when this {@code k} cannot tell. */
        List<Record> run() {
            PriorityQueue<Candidate> best =
                    new PriorityQueue<>(Comparator.comparing((Candidate c) -> c.at));
            boolean cut = false;
            Evaluator matches = new Evaluator(projection.asStruct(), filter, true);
            InternalRecordWrapper internal = new InternalRecordWrapper(projection.asStruct());
            try (CloseableIterable<FileScanTask> planned =
                    table.newScan().filter(filter).planFiles()) {
                for (FileScanTask task : planned) {
                    String file = task.file().location();
                    try (CloseableIterable<Record> rows =
                            LiveRows.read(table, task.file(), projection, filter)) {
                        for (Record r : rows) {
                            if (!matches.eval(internal.wrap(r)) || !include.test(r)) {
                                continue;
                            }
                            Object v = r.getField(timestampColumn);
                            if (!(v instanceof OffsetDateTime)) {
                                continue;
                            }
                            Instant at = ((OffsetDateTime) v).toInstant();
                            if (best.size() == k) {
                                if (!at.isAfter(best.peek().at)) {
                                    cut = true;
                                    continue;
                                }
                                best.poll();
                                cut = true;
                            }
                            best.add(
                                    new Candidate(
                                            at,
                                            r.copy(),
                                            file,
                                            (Long)
                                                    r.getField(
                                                            MetadataColumns.ROW_POSITION.name())));
                            tasks.putIfAbsent(file, task);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "reading " + table.name() + ": " + e.getMessage(), e);
            }
            if (best.isEmpty()) {
                return List.of();
            }
            Instant lowest = best.peek().at;
            List<Candidate> live = live(new ArrayList<>(best));
            Instant newest = null;
            for (Candidate c : live) {
                newest = newest == null || c.at.isAfter(newest) ? c.at : newest;
            }
            if (cut && (newest == null || !newest.isAfter(lowest))) {
                // None live, or rows as new as the newest live one may have been left out.
                return null;
            }
            List<Record> out = new ArrayList<>();
            for (Candidate c : live) {
                if (c.at.equals(newest)) {
                    out.add(c.row);
                }
            }
            return out;
        }

        /**
         * The candidates no delete removes: only the delete files that apply to their data files
         * are read, and only the equality-delete keys a candidate has are kept.
         */
        private List<Candidate> live(List<Candidate> candidates) {
            Set<FileScanTask> theirs = new HashSet<>();
            List<Record> rows = new ArrayList<>();
            for (Candidate c : candidates) {
                theirs.add(tasks.get(c.file));
                rows.add(c.row);
            }
            LiveRows.Deletes deletes = LiveRows.Deletes.about(table, theirs, rows);
            List<Candidate> out = new ArrayList<>();
            for (Candidate c : candidates) {
                if (!deletes.deleted(c.row, tasks.get(c.file).file(), c.pos)) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    /** The fields the table's equality deletes compare, over the files {@code filter} plans. */
    private static Set<Integer> equalityFieldIds(Table table, Expression filter) {
        Set<Integer> ids = new LinkedHashSet<>(table.schema().identifierFieldIds());
        try (CloseableIterable<FileScanTask> planned = table.newScan().filter(filter).planFiles()) {
            for (FileScanTask task : planned) {
                for (DeleteFile d : task.deletes()) {
                    if (d.content() == FileContent.EQUALITY_DELETES) {
                        ids.addAll(d.equalityFieldIds());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("planning " + table.name() + ": " + e.getMessage(), e);
        }
        return ids;
    }
}
