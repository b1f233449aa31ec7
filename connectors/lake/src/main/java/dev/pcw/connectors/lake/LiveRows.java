package dev.pcw.connectors.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Binder;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;

/**
 * A table's live rows (deletes applied), one at a time, in memory that grows with the number of
 * deleted keys rather than with the number of data files times it. Iceberg's generic reader (and
 * Flink's source) applies equality deletes per data file by loading every delete key newer than
 * that file into a set of records: after a full sync of a million records through upserts (each
 * writes a delete of its key), a million records' worth per data file, more than a 512 MB heap
 * holds. Here each delete file is read once, streaming, into the newest sequence number that
 * deletes each key (a string and a long per key), and each position-deleted row into its file's
 * positions; then the data files are read, and a row is dropped when an equality delete of its key
 * is newer than its file, or a position delete at least as new names it. Iceberg's rules for which
 * deletes apply hold: an equality delete applies to data files of lower sequence numbers in its
 * partition (or every partition, when its spec is unpartitioned), a position delete to its file's
 * rows at sequence numbers up to its own.
 *
 * <p>pcw writes and reads its tables in Parquet: a file in another format is an error that says
 * what to do.
 */
public final class LiveRows {
    private static final String NULL = "\u0001";
    private static final char SEPARATOR = '\u0000';

    private LiveRows() {}

    /**
     * Hands every live row of {@code table}'s current snapshot matching {@code filter} to {@code
     * sink}, with {@code columns} (every column when none; a row may carry more); nothing when the
     * table has no snapshot.
     *
     * @return the number of rows handed over
     */
    public static long forEach(
            Table table, Expression filter, Consumer<Record> sink, String... columns) {
        if (table.currentSnapshot() == null) {
            return 0;
        }
        return forEach(table, table.currentSnapshot().snapshotId(), filter, sink, columns);
    }

    /** As {@link #forEach(Table, Expression, Consumer, String...)}, as of snapshot {@code id}. */
    public static long forEach(
            Table table,
            long snapshotId,
            Expression filter,
            Consumer<Record> sink,
            String... columns) {
        List<FileScanTask> tasks = new ArrayList<>();
        try (CloseableIterable<FileScanTask> planned =
                table.newScan().useSnapshot(snapshotId).filter(filter).planFiles()) {
            planned.forEach(tasks::add);
        } catch (IOException e) {
            throw new UncheckedIOException("planning " + table.name() + ": " + e.getMessage(), e);
        }
        Deletes deletes = new Deletes(table, tasks, null);

        Set<String> names = new LinkedHashSet<>(Arrays.asList(columns));
        if (names.isEmpty()) {
            table.schema().columns().forEach(f -> names.add(f.name()));
        }
        for (Integer fieldId :
                Binder.boundReferences(table.schema().asStruct(), List.of(filter), true)) {
            names.add(table.schema().findColumnName(fieldId));
        }
        for (List<Integer> fields : deletes.byKey.keySet()) {
            for (Integer fieldId : fields) {
                names.add(table.schema().findColumnName(fieldId));
            }
        }
        List<Types.NestedField> fields = new ArrayList<>(table.schema().select(names).columns());
        fields.add(MetadataColumns.ROW_POSITION);
        Schema projection = new Schema(fields);
        Evaluator matches = new Evaluator(projection.asStruct(), filter, true);
        InternalRecordWrapper internal = new InternalRecordWrapper(projection.asStruct());
        long n = 0;
        for (FileScanTask task : tasks) {
            String path = task.file().location();
            long sequence = task.file().dataSequenceNumber();
            String partition = partitionScope(task.file());
            try (CloseableIterable<Record> rows = read(table, task.file(), projection, filter)) {
                for (Record r : rows) {
                    if (matches.eval(internal.wrap(r))
                            && !deletes.deleted(
                                    r,
                                    path,
                                    sequence,
                                    partition,
                                    (Long) r.getField(MetadataColumns.ROW_POSITION.name()))) {
                        sink.accept(r);
                        n++;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "reading " + table.name() + ": " + e.getMessage(), e);
            }
        }
        return n;
    }

    /**
     * The deletes of some planned files ({@link FileScanTask#deletes()}), each delete file read
     * once, streaming, with Iceberg's rules for which of them remove a row (see {@link LiveRows}).
     */
    public static final class Deletes {
        /** Equality fields → scope and key values → the newest sequence number deleting them. */
        private final Map<List<Integer>, Map<String, Long>> byKey = new LinkedHashMap<>();

        /** Data file → position → the newest sequence number of a delete naming it. */
        private final Map<String, Map<Long, Long>> byPosition = new HashMap<>();

        private final Map<List<Integer>, List<String>> keyColumns = new HashMap<>();

        /**
         * Every delete of {@code tasks}' files. Memory grows with the keys deleted (a string and a
         * long each) and the positions deleted in those files.
         */
        public static Deletes of(Table table, Collection<FileScanTask> tasks) {
            return new Deletes(table, tasks, null);
        }

        /**
         * The deletes of {@code tasks}' files that may remove one of {@code rows} (each with the
         * columns the table's equality deletes compare): equality-delete keys no row has are not
         * kept, so memory grows with the rows asked about, not with the table's deletes.
         */
        public static Deletes about(
                Table table, Collection<FileScanTask> tasks, Collection<Record> rows) {
            return new Deletes(table, tasks, rows);
        }

        /** Whether a delete removes {@code row}, at {@code position} in {@code dataFile}. */
        public boolean deleted(Record row, ContentFile<?> dataFile, long position) {
            return deleted(
                    row,
                    dataFile.location(),
                    dataFile.dataSequenceNumber(),
                    partitionScope(dataFile),
                    position);
        }

        private Deletes(Table table, Collection<FileScanTask> tasks, Collection<Record> interest) {
            Set<String> dataFiles = new HashSet<>();
            Map<List<Integer>, Set<String>> wantedKeys = new HashMap<>();
            Map<String, DeleteFile> files = new LinkedHashMap<>();
            for (FileScanTask task : tasks) {
                dataFiles.add(task.file().location());
                for (DeleteFile d : task.deletes()) {
                    files.putIfAbsent(d.location(), d);
                }
            }
            Schema pathPos =
                    new Schema(MetadataColumns.DELETE_FILE_PATH, MetadataColumns.DELETE_FILE_POS);
            for (DeleteFile d : files.values()) {
                long sequence = d.dataSequenceNumber();
                if (d.content() == FileContent.POSITION_DELETES) {
                    try (CloseableIterable<Record> rows = read(table, d, pathPos, null)) {
                        for (Record r : rows) {
                            String path = r.get(0).toString();
                            if (dataFiles.contains(path)) {
                                byPosition
                                        .computeIfAbsent(path, p -> new HashMap<>())
                                        .merge((Long) r.get(1), sequence, Math::max);
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(
                                "reading the delete file " + d.location() + ": " + e.getMessage(),
                                e);
                    }
                } else if (d.content() == FileContent.EQUALITY_DELETES) {
                    List<Integer> fieldIds = List.copyOf(d.equalityFieldIds());
                    Schema keySchema = table.schema().select(names(table, fieldIds));
                    List<String> columns = names(table, fieldIds);
                    keyColumns.put(fieldIds, columns);
                    Map<String, Long> keys = byKey.computeIfAbsent(fieldIds, f -> new HashMap<>());
                    Set<String> wanted =
                            interest == null
                                    ? null
                                    : wantedKeys.computeIfAbsent(
                                            fieldIds, f -> keys(interest, columns));
                    String scope =
                            table.specs().get(d.specId()).isUnpartitioned()
                                    ? ""
                                    : partitionScope(d);
                    try (CloseableIterable<Record> rows = read(table, d, keySchema, null)) {
                        for (Record r : rows) {
                            String unscoped = key("", r, columns);
                            if (wanted == null || wanted.contains(unscoped)) {
                                keys.merge(
                                        scope.isEmpty() ? unscoped : key(scope, r, columns),
                                        sequence,
                                        Math::max);
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(
                                "reading the delete file " + d.location() + ": " + e.getMessage(),
                                e);
                    }
                }
            }
        }

        private boolean deleted(Record r, String path, long sequence, String partition, long pos) {
            Map<Long, Long> positions = byPosition.get(path);
            if (positions != null) {
                Long at = positions.get(pos);
                if (at != null && at >= sequence) {
                    return true;
                }
            }
            for (Map.Entry<List<Integer>, Map<String, Long>> e : byKey.entrySet()) {
                List<String> columns = keyColumns.get(e.getKey());
                Long global = e.getValue().get(key("", r, columns));
                if (global != null && global > sequence) {
                    return true;
                }
                Long scoped = e.getValue().get(key(partition, r, columns));
                if (scoped != null && scoped > sequence) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A file's partition (spec and values), to which its equality deletes are confined. */
    private static String partitionScope(ContentFile<?> file) {
        StringBuilder s = new StringBuilder().append(file.specId()).append('/');
        StructLike p = file.partition();
        for (int i = 0; p != null && i < p.size(); i++) {
            Object v = p.get(i, Object.class);
            s.append(v == null ? NULL : v.toString()).append(SEPARATOR);
        }
        return s.toString();
    }

    private static Set<String> keys(Collection<Record> rows, List<String> columns) {
        Set<String> out = new HashSet<>();
        for (Record r : rows) {
            out.add(key("", r, columns));
        }
        return out;
    }

    private static String key(String scope, Record r, List<String> columns) {
        StringBuilder s = new StringBuilder(scope).append('\u0002');
        for (String c : columns) {
            Object v = r.getField(c);
            s.append(v == null ? NULL : v.toString()).append(SEPARATOR);
        }
        return s.toString();
    }

    private static List<String> names(Table table, List<Integer> fieldIds) {
        List<String> out = new ArrayList<>();
        for (Integer id : fieldIds) {
            out.add(table.schema().findColumnName(id));
        }
        return out;
    }

    /**
     * A Parquet file's rows with {@code schema}; row groups that {@code rowGroupFilter} (may be
     * null) excludes are skipped, positions stay right.
     */
    public static CloseableIterable<Record> read(
            Table table, ContentFile<?> file, Schema schema, Expression rowGroupFilter) {
        if (file.format() != FileFormat.PARQUET) {
            throw new IllegalStateException(
                    table.name()
                            + " holds a file in "
                            + file.format()
                            + " ("
                            + file.location()
                            + "); pcw writes and reads its tables in Parquet: set the table's"
                            + " write.format.default and write.delete.format.default back to"
                            + " parquet and rewrite the files in other formats (Spark's"
                            + " rewrite_data_files with rewrite-all, for instance)");
        }
        Parquet.ReadBuilder b =
                Parquet.read(table.io().newInputFile(file.location()))
                        .project(schema)
                        .createReaderFunc(
                                fileSchema ->
                                        GenericParquetReaders.buildReader(schema, fileSchema));
        if (rowGroupFilter != null && rowGroupFilter != Expressions.alwaysTrue()) {
            b.filter(rowGroupFilter);
        }
        return b.build();
    }
}
