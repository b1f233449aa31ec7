package dev.pcw.cli;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.schemas.silver.SilverTable;
import dev.pcw.schemas.silver.SilverTables;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.types.Types;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code pcw describe TABLE}: a silver table's columns with their descriptions, its key and
 * partitioning, and what the lake holds of it now.
 */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = {
            "A silver table: its columns with type and description, its key and partitioning, and"
                    + " (when the lake has it) its rows, data and delete files and newest commit."
                    + " Without TABLE, the list of tables."
        })
final class DescribeCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(index = "0", arity = "0..1", description = "The table, e.g. partner_tiers.")
    String table;

    @Override
    public Integer call() throws Exception {
        PrintWriter out =
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        if (table == null) {
            for (SilverTable t : SilverTables.everyTable()) {
                out.printf("%-40s %s%n", t.name(), t.description());
            }
            return 0;
        }
        SilverTable t = SilverTables.byName(table);
        out.printf("%s: %s%n", t.qualifiedName(), t.description());
        out.printf(
                "key: %s; partitioned by: %s%n",
                t.identifierFieldNames().isEmpty()
                        ? "none"
                        : String.join(", ", t.identifierFieldNames()),
                t.spec().isUnpartitioned() ? "nothing" : t.spec().fields().toString());
        List<List<Object>> rows = new ArrayList<>();
        for (Types.NestedField f : t.schema().columns()) {
            rows.add(
                    Arrays.asList(
                            f.name(),
                            f.type().toString(),
                            f.isRequired() ? "yes" : "",
                            f.doc() == null ? "" : f.doc()));
        }
        ResultWriter.write(
                ResultWriter.Format.TABLE,
                Arrays.asList("column", "type", "required", "description"),
                rows.iterator(),
                out);
        PcwConfig cfg = options.load();
        LakeConfig lake = IngestJob.lakeConfig(cfg);
        Catalog catalog = Catalogs.create(lake);
        try {
            if (!catalog.tableExists(lake.tableIdentifier(t.name()))) {
                out.printf("not in the lake %s yet%n", lake.lakeRoot());
                return 0;
            }
            Table live = catalog.loadTable(lake.tableIdentifier(t.name()));
            Snapshot s = live.currentSnapshot();
            if (s == null) {
                out.printf("in the lake, empty (no commit yet)%n");
                return 0;
            }
            Map<String, String> sum = s.summary();
            out.printf(
                    "in the lake: %s rows in %s data file(s), %s delete file(s); newest commit %s"
                            + " (%s), %d snapshot(s) kept%n",
                    sum.getOrDefault("total-records", "?"),
                    sum.getOrDefault("total-data-files", "?"),
                    sum.getOrDefault("total-delete-files", "?"),
                    Instant.ofEpochMilli(s.timestampMillis()),
                    s.operation(),
                    count(live.snapshots()));
            return 0;
        } finally {
            if (catalog instanceof AutoCloseable) {
                ((AutoCloseable) catalog).close();
            }
        }
    }

    private static int count(Iterable<?> it) {
        int n = 0;
        for (Object o : it) {
            n++;
        }
        return n;
    }
}
