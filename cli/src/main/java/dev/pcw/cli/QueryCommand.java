package dev.pcw.cli;

import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pcw query "SQL"}: Flink SQL (batch) over the silver tables, read-only by default. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        description = {
            "Run one Flink SQL statement (batch) over the lake's Iceberg catalog and print every"
                    + " row whole. The catalog is 'pcw' and the database 'pcw_silver', both in"
                    + " use; timestamps print in UTC. Read-only unless --allow-writes: SELECT,"
                    + " WITH, SHOW, DESCRIBE, EXPLAIN.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  pcw query \"SELECT stage, COUNT(*) FROM partnercentral_opportunities GROUP BY stage\"",
            "  pcw query -f report.sql --format csv --output report.csv",
            "  echo 'SHOW TABLES' | pcw query"
        })
final class QueryCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            description = "The SQL statement (or use -f, or standard input).")
    String sql;

    @Option(
            names = {"-f", "--file"},
            description = "Read the statement from this file ('-' for standard input).")
    Path file;

    @Option(
            names = "--format",
            description = "table, csv, json (an array) or jsonl (default: ${DEFAULT-VALUE}).")
    String format = "table";

    @Option(names = "--output", description = "Write the rows to this file instead of stdout.")
    Path output;

    @Option(
            names = "--allow-writes",
            description = "Allow statements that change the lake (INSERT, DROP, ALTER, ...).")
    boolean allowWrites;

    @Option(
            names = "--config",
            description = "connectors.yaml (default: ./connectors.yaml if present).")
    Path config;

    @Option(names = "--set", description = "Override a setting: key=value (repeatable).")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        ResultWriter.Format fmt = format();
        String statement = SqlStatements.single(statementText());
        if (!allowWrites) {
            SqlStatements.requireReadOnly(statement);
        }
        PcwConfig cfg = LocalFlink.config(config, sets, Map.of());
        if (config == null && sets.isEmpty() && !Files.isRegularFile(Path.of("connectors.yaml"))) {
            cfg = demoLakeIfNoOther(cfg);
        }
        TableEnvironment t = tables(cfg);
        t.getConfig().setLocalTimeZone(ZoneOffset.UTC);
        TableResult result = t.executeSql(statement);
        List<String> columns = result.getResolvedSchema().getColumnNames();
        try (CloseableIterator<Row> rows = result.collect();
                Writer out = writer()) {
            long n = ResultWriter.write(fmt, columns, values(rows), out);
            if (output != null) {
                System.err.printf("pcw query: %,d rows written to %s%n", n, output);
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return 0;
    }

    private ResultWriter.Format format() {
        try {
            return ResultWriter.Format.valueOf(format.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--format takes table, csv, json or jsonl, not '" + format + "'");
        }
    }

    private String statementText() throws IOException {
        if (sql != null && file != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give the SQL as an argument or with -f, not both");
        }
        if (sql != null) {
            return sql;
        }
        if (file != null && !file.toString().equals("-")) {
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "-f " + file + ": no such file");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        if (file == null && System.console() != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "no SQL given: pass it as an argument, with -f FILE, or on standard input");
        }
        return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /**
     * With no configuration given and no lake at the default home, the lake {@code pcw demo} left
     * (under {@code ./var/demo}) is the one meant; said on stderr.
     */
    private static PcwConfig demoLakeIfNoOther(PcwConfig cfg) {
        Path demo = Path.of("var", "demo");
        if (localRootExists(IngestJob.lakeConfig(cfg))
                || !Files.isDirectory(demo.resolve("lake"))) {
            return cfg;
        }
        System.err.printf(
                "pcw query: no lake under %s; using the one pcw demo left in %s (pass --set"
                        + " home=DIR or --config FILE for another)%n",
                cfg.home(), demo);
        return LocalFlink.config(null, List.of("home=" + demo), Map.of());
    }

    private static boolean localRootExists(LakeConfig lake) {
        URI root = URI.create(lake.lakeRoot());
        return !"file".equals(root.getScheme()) || Files.exists(Path.of(root));
    }

    private static TableEnvironment tables(PcwConfig cfg) {
        LakeConfig lake = IngestJob.lakeConfig(cfg);
        try {
            return LocalFlink.tables(cfg);
        } catch (RuntimeException e) {
            if (String.valueOf(Pcw.messageOf(e)).contains("does not exist")) {
                throw new IllegalStateException(
                        "no silver tables in the lake at "
                                + lake.lakeRoot()
                                + " (no database "
                                + lake.namespace()
                                + "): run 'pcw run ingest' or 'pcw demo' first, or point pcw query"
                                + " at your lake with --config FILE or --set home=DIR",
                        e);
            }
            throw e;
        }
    }

    private Writer writer() throws IOException {
        if (output == null) {
            return new BufferedWriter(
                    new OutputStreamWriter(System.out, StandardCharsets.UTF_8) {
                        @Override
                        public void close() throws IOException {
                            flush(); // stdout stays open
                        }
                    });
        }
        return Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    }

    /** The rows as lists of plain values (nested rows as maps by field name when known). */
    private static Iterator<List<Object>> values(CloseableIterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public List<Object> next() {
                Row r = rows.next();
                List<Object> out = new ArrayList<>(r.getArity());
                for (int i = 0; i < r.getArity(); i++) {
                    out.add(plain(r.getField(i)));
                }
                return out;
            }
        };
    }

    private static Object plain(Object v) {
        if (v instanceof Row) {
            Row r = (Row) v;
            Set<String> names = r.getFieldNames(true);
            if (names == null) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < r.getArity(); i++) {
                    out.add(plain(r.getField(i)));
                }
                return out;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (String n : names) {
                out.put(n, plain(r.getField(n)));
            }
            return out;
        }
        if (v instanceof Object[]) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Object[]) v) {
                out.add(plain(o));
            }
            return out;
        }
        return v;
    }
}
