package dev.pcw.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Flink session cluster in processes of its own, as {@code bin/start-cluster.sh} starts one: a
 * JobManager ({@code StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code
 * TaskManagerRunner}) on the classpath of a Flink distribution, their configuration in a {@code
 * config.yaml}, everything on 127.0.0.1 and free ports. Talks to it through the REST API, as the
 * web UI and the operator do.
 */
final class FlinkCluster implements AutoCloseable {
    /** The options a Flink 1.20 distribution passes to its processes on Java 17. */
    static final List<String> JAVA_17_OPTIONS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String classpath;
    private final int restPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();

    private FlinkCluster(Path dir, String classpath, int restPort) {
        this.dir = dir;
        this.classpath = classpath;
        this.restPort = restPort;
    }

    /**
     * Starts a JobManager and a TaskManager with {@code slots} slots and waits until the
     * TaskManager has registered.
     *
     * @param distClasspath the Flink distribution's classpath (no pcw class on it)
     */
    static FlinkCluster start(Path dir, String distClasspath, int slots) throws Exception {
        FlinkCluster cluster = new FlinkCluster(dir, distClasspath, freePort());
        try {
            cluster.writeConfiguration(slots);
            cluster.launch(
                    "jobmanager",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    "GET_JM_RESOURCE_PARAMS");
            cluster.launch(
                    "taskmanager",
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    "GET_TM_RESOURCE_PARAMS");
            cluster.awaitSlots(slots, Duration.ofSeconds(120));
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    Path configDir() {
        return dir.resolve("conf");
    }

    String classpath() {
        return classpath;
    }

    URI rest() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    private void writeConfiguration(int slots) throws IOException {
        Files.createDirectories(configDir());
        Files.createDirectories(dir.resolve("log"));
        Map<String, String> conf =
                new java.util.LinkedHashMap<>(
                        Map.ofEntries(
                                Map.entry("jobmanager.rpc.address", "127.0.0.1"),
                                Map.entry("jobmanager.rpc.port", String.valueOf(freePort())),
                                Map.entry("jobmanager.bind-host", "127.0.0.1"),
                                Map.entry("jobmanager.memory.process.size", "768m"),
                                Map.entry("taskmanager.bind-host", "127.0.0.1"),
                                Map.entry("taskmanager.host", "127.0.0.1"),
                                Map.entry("taskmanager.memory.process.size", "1280m"),
                                Map.entry("taskmanager.numberOfTaskSlots", String.valueOf(slots)),
                                Map.entry("parallelism.default", "1"),
                                Map.entry("rest.address", "127.0.0.1"),
                                Map.entry("rest.bind-address", "127.0.0.1"),
                                Map.entry("rest.port", String.valueOf(restPort)),
                                Map.entry("blob.server.port", "0"),
                                Map.entry("taskmanager.rpc.port", "0"),
                                Map.entry("taskmanager.data.port", "0"),
                                Map.entry("metrics.internal.query-service.port", "0"),
                                Map.entry("web.submit.enable", "true"),
                                Map.entry("web.upload.dir", dir.resolve("uploads").toString()),
                                Map.entry("web.tmpdir", dir.resolve("web").toString()),
                                Map.entry("io.tmp.dirs", dir.resolve("tmp").toString()),
                                Map.entry(
                                        "execution.checkpointing.dir",
                                        dir.resolve("checkpoints").toUri().toString()),
                                Map.entry("restart-strategy.type", "none")));
        StringBuilder yaml = new StringBuilder();
        conf.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
        Files.writeString(configDir().resolve("config.yaml"), yaml.toString());
        Files.writeString(
                configDir().resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = MainAppender",
                        "appender.main.name = MainAppender",
                        "appender.main.type = File",
                        "appender.main.fileName = ${sys:log.file}",
                        "appender.main.layout.type = PatternLayout",
                        "appender.main.layout.pattern = %d{ISO8601} %-5p %-60c %x - %m%n",
                        ""));
        Files.copy(
                configDir().resolve("log4j.properties"),
                configDir().resolve("log4j-cli.properties"));
    }

    /**
     * Starts one process as {@code jobmanager.sh} / {@code taskmanager.sh} do: its JVM options and
     * the memory sizes it is started with come from Flink's {@code BashJavaUtils}, computed from
     * {@code config.yaml}.
     */
    private void launch(String name, String mainClass, String resourceCommand)
            throws IOException, InterruptedException {
        List<String> resources = bashJavaUtils(resourceCommand);
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(List.of(resources.get(0).trim().split("\\s+")));
        cmd.addAll(JAVA_17_OPTIONS);
        cmd.add("-Dlog.file=" + log(name));
        cmd.add("-Dlog4j.configurationFile=" + configDir().resolve("log4j.properties").toUri());
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(configDir().toString());
        if (resources.size() > 1) {
            cmd.addAll(List.of(resources.get(1).trim().split("\\s+")));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("log").resolve(name + ".out").toFile());
        processes.add(pb.start());
    }

    /** The lines {@code BashJavaUtils} prints as results: JVM options, then dynamic options. */
    private List<String> bashJavaUtils(String command) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder(
                                java(),
                                "-Xmx128m",
                                "-cp",
                                classpath,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                command,
                                "--configDir",
                                configDir().toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + out);
        }
        List<String> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                results.add(line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()));
            }
        }
        if (results.isEmpty()) {
            throw new IllegalStateException(
                    "BashJavaUtils " + command + " printed no result:\n" + out);
        }
        return results;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Path log(String name) {
        return dir.resolve("log").resolve(name + ".log");
    }

    /** The tail of each process's log, for a failure message. */
    String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("jobmanager", "taskmanager")) {
            for (Path f : List.of(log(name), dir.resolve("log").resolve(name + ".out"))) {
                try {
                    if (Files.exists(f)) {
                        List<String> lines = Files.readAllLines(f);
                        out.append("--- ").append(f.getFileName()).append('\n');
                        lines.subList(Math.max(0, lines.size() - 60), lines.size())
                                .forEach(l -> out.append(l).append('\n'));
                    }
                } catch (IOException e) {
                    out.append("(").append(f).append(": ").append(e).append(")\n");
                }
            }
        }
        return out.toString();
    }

    private void awaitSlots(int slots, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(
                            "a cluster process exited with " + p.exitValue() + "\n" + logs());
                }
            }
            try {
                JsonNode overview = get("/overview");
                if (overview.path("taskmanagers").asInt() >= 1
                        && overview.path("slots-total").asInt() >= slots) {
                    return;
                }
            } catch (IOException notYet) {
                // The REST endpoint is not up yet.
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "the cluster had no " + slots + " slots after " + timeout + "\n" + logs());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(rest().resolve(path))
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return checked(r);
    }

    /** {@code POST /jars/upload}, as the web UI sends it; the jar's id. */
    String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "pcw-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\";"
                                + " filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(rest().resolve("/jars/upload"))
                                .timeout(Duration.ofMinutes(2))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode answer = checked(r);
        if (!"success".equals(answer.path("status").asText())) {
            throw new IllegalStateException("jar upload refused: " + r.body());
        }
        return Path.of(answer.path("filename").asText()).getFileName().toString();
    }

    /** {@code POST /jars/:id/run}; the job's id. */
    String runJar(String jarId, String entryClass, List<String> args, int parallelism)
            throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("entryClass", entryClass);
        request.set("programArgsList", JSON.valueToTree(args));
        request.put("parallelism", parallelism);
        HttpResponse<String> r =
                http.send(
                        HttpRequest.newBuilder(rest().resolve("/jars/" + jarId + "/run"))
                                .timeout(Duration.ofMinutes(2))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return checked(r).path("jobid").asText();
    }

    /**
     * Waits until the job has ended; its final state. A job that did not finish fails with its root
     * exception and the cluster's logs.
     */
    String awaitFinished(String jobId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String state = get("/jobs/" + jobId).path("state").asText();
            switch (state) {
                case "FINISHED":
                    return state;
                case "FAILED":
                case "CANCELED":
                    throw new AssertionError(
                            "job "
                                    + jobId
                                    + " ended "
                                    + state
                                    + ": "
                                    + get("/jobs/" + jobId + "/exceptions")
                                            .path("root-exception")
                                            .asText()
                                    + "\n"
                                    + logs());
                default:
                    Thread.sleep(500);
            }
        }
        throw new AssertionError("job " + jobId + " did not end within " + timeout + "\n" + logs());
    }

    private static JsonNode checked(HttpResponse<String> r) throws IOException {
        if (r.statusCode() / 100 != 2) {
            throw new IOException(
                    r.request().method()
                            + " "
                            + r.request().uri().getPath()
                            + " answered "
                            + r.statusCode()
                            + ": "
                            + r.body());
        }
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
