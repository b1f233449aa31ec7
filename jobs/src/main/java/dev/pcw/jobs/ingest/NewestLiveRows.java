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

        /** The candidates no delete that applies to their data file removes. */
        private List<Candidate> live(List<Candidate> candidates) {
            Map<String, List<Candidate>> byFile = new HashMap<>();
            for (Candidate c : candidates) {
                byFile.computeIfAbsent(c.file, f -> new ArrayList<>()).add(c);
            }
            Set<Candidate> dead = new HashSet<>();
            for (Map.Entry<String, List<Candidate>> e : byFile.entrySet()) {
                FileScanTask task = tasks.get(e.getKey());
                for (DeleteFile d : task.deletes()) {
                    if (d.content() == FileContent.POSITION_DELETES) {
                        positionDeletes(d, e.getKey(), e.getValue(), dead);
                    } else if (d.content() == FileContent.EQUALITY_DELETES) {
                        equalityDeletes(d, e.getValue(), dead);
                    }
                }
            }
            List<Candidate> out = new ArrayList<>(candidates);
            out.removeAll(dead);
            return out;
        }

        private void positionDeletes(
                DeleteFile d, String file, List<Candidate> candidates, Set<Candidate> dead) {
            Map<Long, Candidate> byPos = new HashMap<>();
            for (Candidate c : candidates) {
                byPos.put(c.pos, c);
            }
            Schema schema =
                    new Schema(MetadataColumns.DELETE_FILE_PATH, MetadataColumns.DELETE_FILE_POS);
            try (CloseableIterable<Record> rows = LiveRows.read(table, d, schema, null)) {
                for (Record r : rows) {
                    Candidate c = byPos.get((Long) r.get(1));
                    if (c != null && file.equals(r.get(0).toString())) {
                        dead.add(c);
                    }
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(
                        "reading the delete file " + d.location() + ": " + ex.getMessage(), ex);
            }
        }

        private void equalityDeletes(
                DeleteFile d, List<Candidate> candidates, Set<Candidate> dead) {
            Schema schema = table.schema().select(names(d.equalityFieldIds()));
            List<String> keyColumns = new ArrayList<>();
            for (Types.NestedField f : schema.columns()) {
                keyColumns.add(f.name());
            }
            Map<List<Object>, List<Candidate>> byKey = new HashMap<>();
            for (Candidate c : candidates) {
                byKey.computeIfAbsent(key(c.row, keyColumns), x -> new ArrayList<>()).add(c);
            }
            try (CloseableIterable<Record> rows = LiveRows.read(table, d, schema, null)) {
                for (Record r : rows) {
                    List<Candidate> hit = byKey.get(key(r, keyColumns));
                    if (hit != null) {
                        dead.addAll(hit);
                    }
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(
                        "reading the delete file " + d.location() + ": " + ex.getMessage(), ex);
            }
        }

        private List<String> names(List<Integer> fieldIds) {
            List<String> out = new ArrayList<>();
            for (Integer id : fieldIds) {
                out.add(table.schema().findColumnName(id));
            }
            return out;
        }

        private static List<Object> key(Record r, List<String> columns) {
            List<Object> key = new ArrayList<>(columns.size());
            for (String c : columns) {
                key.add(r.getField(c));
            }
            return key;
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
