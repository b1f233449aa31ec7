package dev.pcw.jobs.ingest;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.source.RunListener;
import dev.pcw.jobs.config.PcwConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** What the ingest ITCases share: a configuration on a simulator, and reads of what landed. */
public final class IngestTestKit {
    private IngestTestKit() {}

    public static PcwConfig config(
            Path home, URI simulator, String catalogs, Map<String, String> more) {
        Map<String, String> set = new HashMap<>();
        set.put("home", home.toString());
        set.put("connectors.partner_central.endpoint", simulator.toString());
        set.put("connectors.partner_central.access_key_id", "ingest-it");
        set.put("connectors.partner_central.secret_access_key", "secret");
        set.put("connectors.partner_central.quota.read_rate", "0");
        set.put("connectors.partner_central.quota.read_daily", "0");
        set.put("connectors.partner_central.catalogs", catalogs);
        set.put("flink.checkpoint_interval", "1s");
        set.put("metadata.db_url", MetadataDb.sqliteUrl(home));
        set.putAll(more);
        return PcwConfig.load(null, Map.of(), set);
    }

    /**
     * Cancels a job and waits until it has ended: a cancel is acknowledged before the tasks stop,
     * and a task still writing to a test's folder makes the folder's cleanup fail.
     */
    static void cancelAndWait(org.apache.flink.core.execution.JobClient job) throws Exception {
        job.cancel().get(60, java.util.concurrent.TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 60_000;
        while (!job.getJobStatus()
                        .get(10, java.util.concurrent.TimeUnit.SECONDS)
                        .isGloballyTerminalState()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    /** The MiniCluster the ingest ITCases run on: one TaskManager with four slots. */
    public static org.apache.flink.test.junit5.MiniClusterExtension miniCluster(
            Configuration conf) {
        return new org.apache.flink.test.junit5.MiniClusterExtension(
                new org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .build());
    }

    /** An environment where every operator must have a uid, as in production. */
    public static StreamExecutionEnvironment env(Configuration conf) {
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        return env;
    }

    public static void build(StreamExecutionEnvironment env, PcwConfig config, boolean resume) {
        Map<String, RunListener.Resume> from = Map.of();
        if (resume) {
            try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
                from = MetadataRunListener.lastWatermarks(db);
            }
        }
        IngestJob.build(
                env,
                config,
                true,
                from,
                new MetadataRunListener(config.get("metadata.db_url"), "", ""));
    }

    static List<Record> rows(PcwConfig config, String table) {
        LakeConfig lake = IngestJob.lakeConfig(config);
        Catalog catalog = Catalogs.create(lake);
        Table t = catalog.loadTable(lake.tableIdentifier(table));
        t.refresh();
        List<Record> out = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
            it.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The committed bronze lines of an entity (in-progress files of failed attempts are hidden).
     */
    public static List<String> bronzeLines(Path home, String entity) throws IOException {
        Path dir = home.resolve("lake/bronze/partnercentral/" + entity);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f :
                    files.filter(
                                    p ->
                                            p.getFileName().toString().startsWith("part-")
                                                    && p.getFileName()
                                                            .toString()
                                                            .endsWith(".jsonl"))
                            .collect(Collectors.toList())) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        return lines;
    }

    /**
     * The committed change events under {@code {home}/lake/events}, parsed, in the order each sink
     * subtask wrote them (files sorted by writer and part counter).
     */
    public static List<com.fasterxml.jackson.databind.JsonNode> events(Path home)
            throws IOException {
        Path dir = home.resolve("lake/events");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files =
                    walk.filter(
                                    p ->
                                            p.getFileName().toString().startsWith("events-")
                                                    && p.getFileName()
                                                            .toString()
                                                            .endsWith(".jsonl"))
                            .sorted(
                                    java.util.Comparator.comparing(
                                            (Path p) -> partOrder(p.getFileName().toString())))
                            .collect(Collectors.toList());
        }
        com.fasterxml.jackson.databind.ObjectMapper mapper =
                new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> out = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                if (!line.isBlank()) {
                    out.add(mapper.readTree(line));
                }
            }
        }
        return out;
    }

    /** Each committed change event's id → the file holding it. */
    static Map<String, Path> eventFiles(Path home) throws IOException {
        Path dir = home.resolve("lake/events");
        Map<String, Path> out = new java.util.HashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        com.fasterxml.jackson.databind.ObjectMapper mapper =
                new com.fasterxml.jackson.databind.ObjectMapper();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f :
                    walk.filter(p -> p.getFileName().toString().startsWith("events-"))
                            .collect(Collectors.toList())) {
                for (String line : Files.readAllLines(f)) {
                    if (!line.isBlank()) {
                        out.put(mapper.readTree(line).path("id").asText(), f);
                    }
                }
            }
        }
        return out;
    }

    /**
     * {@code events-<writer uuid>-<counter>.jsonl} → a key that sorts one writer's files in the
     * order it wrote them.
     */
    private static String partOrder(String name) {
        String stem = name.substring(0, name.length() - ".jsonl".length());
        int dash = stem.lastIndexOf('-');
        long counter = Long.parseLong(stem.substring(dash + 1));
        return String.format("%s-%012d", stem.substring(0, dash), counter);
    }
}
