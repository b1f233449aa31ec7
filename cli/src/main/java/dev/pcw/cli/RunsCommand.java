package dev.pcw.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.metadata.IngestionRun;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.MetadataDb;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pcw runs}: the newest ingestion runs from the metadata DB, the runbook's health check
 * without SQL.
 */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = {
            "The newest ingestion runs (table ingestion_runs), newest first: catalog, entity, mode,"
                    + " status, when, how long, records, API calls, throttled calls, dead letters,"
                    + " and why a run failed. The runbook's health check without SQL."
        },
        footer = {
            "",
            "Examples:",
            "  pcw runs",
            "  pcw runs --status FAILED --limit 50",
            "  pcw runs --entity opportunities --json | jq '.[0]'"
        })
final class RunsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ConfigOptions options;

    @Option(names = "--limit", description = "Runs to show (default: ${DEFAULT-VALUE}).")
    int limit = 10;

    @Option(names = "--entity", description = "Only runs of this entity.")
    String entity;

    @Option(
            names = "--status",
            description = "Only runs with this status: RUNNING, SUCCEEDED, FAILED, ABANDONED.")
    String status;

    @Option(names = "--json", description = "A JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (limit < 1 || limit > 10_000) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--limit is " + limit + ": 1 to 10,000");
        }
        PrintWriter out =
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        List<IngestionRun> runs = new ArrayList<>();
        try (MetadataDb db = options.openDb()) {
            // Filters apply to the newest runs: read more than asked when filtering.
            int read = entity == null && status == null ? limit : Math.min(10_000, limit * 50);
            for (IngestionRun r : new IngestionRuns(db, Clock.systemUTC()).recent(read)) {
                if ((entity == null || entity.equals(r.entity()))
                        && (status == null
                                || status.toUpperCase(Locale.ROOT).equals(r.status().name()))) {
                    runs.add(r);
                }
                if (runs.size() == limit) {
                    break;
                }
            }
        }
        if (json) {
            ArrayNode a = JSON.createArrayNode();
            for (IngestionRun r : runs) {
                ObjectNode n = a.addObject();
                n.put("id", r.id());
                n.put("run_id", r.runId());
                n.put("catalog", r.catalog());
                n.put("entity", r.entity());
                n.put("mode", r.mode());
                n.put("status", r.status().name());
                n.put("started_at", r.startedAt().toString());
                n.put("ended_at", r.endedAt() == null ? null : r.endedAt().toString());
                if (r.stats() != null) {
                    n.put("records", r.stats().records());
                    n.put("api_calls", r.stats().apiCalls());
                    n.put("throttled", r.stats().throttled());
                    n.put("dead_letters", r.stats().deadLetters());
                }
                n.put("error", r.error());
            }
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
            return 0;
        }
        if (runs.isEmpty()) {
            out.println(
                    "pcw runs: no ingestion runs"
                            + (entity == null && status == null ? "" : " match")
                            + " in this metadata DB (run: pcw run ingest)");
            return 0;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (IngestionRun r : runs) {
            rows.add(
                    Arrays.asList(
                            r.catalog(),
                            r.entity(),
                            r.mode(),
                            r.status().name(),
                            r.startedAt(),
                            r.endedAt() == null
                                    ? "running"
                                    : took(Duration.between(r.startedAt(), r.endedAt())),
                            r.stats() == null ? null : r.stats().records(),
                            r.stats() == null ? null : r.stats().apiCalls(),
                            r.stats() == null ? null : r.stats().throttled(),
                            r.stats() == null ? null : r.stats().deadLetters(),
                            r.error() == null ? "" : r.error()));
        }
        ResultWriter.write(
                ResultWriter.Format.TABLE,
                Arrays.asList(
                        "catalog",
                        "entity",
                        "mode",
                        "status",
                        "started_at",
                        "took",
                        "records",
                        "api_calls",
                        "throttled",
                        "dead_letters",
                        "error"),
                rows.iterator(),
                out);
        return 0;
    }

    private static String took(Duration d) {
        long s = d.getSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
