package dev.pcw.cli;

import dev.pcw.jobs.config.PcwConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.table.api.TableEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pcw query "SQL"}: Flink SQL (batch) over the silver tables. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        description = {
            "Run Flink SQL (batch) over the configured Iceberg catalog and print a table. The"
                    + " catalog is 'pcw' and the database 'pcw_silver', both in use.",
            ""
        },
        footer = {
            "",
            "Example:",
            "  pcw query \"SELECT stage, COUNT(*) FROM partnercentral_opportunities GROUP BY stage\""
        })
final class QueryCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "The SQL statement.")
    String sql;

    @Option(
            names = "--config",
            description = "connectors.yaml (default: ./connectors.yaml if present).")
    Path config;

    @Option(names = "--set", description = "Override a setting: key=value (repeatable).")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() {
        PcwConfig cfg = LocalFlink.config(config, sets, Map.of());
        TableEnvironment t = LocalFlink.tables(cfg);
        t.executeSql(sql).print();
        return 0;
    }
}
