package dev.pcw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the Kubernetes operator the jobs log JSON: each FlinkDeployment's {@code logConfiguration},
 * loaded by the Log4j that Flink's image ships (the test classpath holds that version, with the
 * JSON template layout the image adds), writes one ECS object a line to the console and keeps the
 * web UI's log file as text; the sidecar's Deployment asks for JSON too.
 */
class KubernetesLogsTest {
    private static final Path DIR = Path.of("kubernetes");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void everyFlinkJobLogsOneJsonObjectALine() throws Exception {
        int checked = 0;
        for (JsonNode d : documents()) {
            if (!d.path("kind").asText().equals("FlinkDeployment")) {
                continue;
            }
            String name = d.at("/metadata/name").asText();
            String props = d.at("/spec/logConfiguration/log4j-console.properties").asText();
            assertThat(props).as(name + ": log4j-console.properties").isNotBlank();
            Path file = tmp.resolve(name + ".log");
            List<String> lines = log(props, file);

            assertThat(lines).as(name + ": console lines").hasSizeGreaterThanOrEqualTo(2);
            JsonNode info = JSON.readTree(lines.get(0));
            assertThat(info.path("@timestamp").asText()).isNotBlank();
            assertThat(info.path("log.level").asText()).isEqualTo("INFO");
            assertThat(info.path("log.logger").asText())
                    .isEqualTo("org.apache.flink.runtime.taskmanager.Task");
            assertThat(info.path("message").asText())
                    .isEqualTo("Source: Partner Central (1/1) switched from RUNNING to FINISHED.");
            assertThat(info.path("service.name").asText()).isEqualTo(name);
            JsonNode error = JSON.readTree(lines.get(1));
            assertThat(error.path("log.level").asText()).isEqualTo("ERROR");
            assertThat(error.path("error.type").asText())
                    .isEqualTo(IllegalStateException.class.getName());
            assertThat(error.path("error.message").asText()).isEqualTo("checkpoint 7 expired");
            assertThat(error.path("error.stack_trace").asText()).contains("KubernetesLogsTest");
            // The DEBUG line is below the root level: not written.
            assertThat(lines).noneMatch(l -> l.contains("per-record detail"));
            // The file the web UI shows stays text, with the same lines.
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(text)
                    .contains("INFO")
                    .contains("switched from RUNNING to FINISHED")
                    .doesNotContain("\"@timestamp\"");
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

    @Test
    void theImageAddsTheLayoutAtTheVersionOfItsLog4j() throws IOException {
        String dockerfile = Files.readString(DIR.resolve("Dockerfile"), StandardCharsets.UTF_8);
        Matcher m =
                Pattern.compile(
                                "ADD --chmod=644 --checksum=sha256:[0-9a-f]{64} \\\\\\s+https://repo1\\.maven\\.org/maven2/org/apache/logging/log4j/log4j-layout-template-json/([0-9.]+)/log4j-layout-template-json-([0-9.]+)\\.jar \\\\\\s+/opt/flink/lib/")
                        .matcher(dockerfile);
        assertThat(m.find()).as("the Dockerfile adds the layout to /opt/flink/lib").isTrue();
        assertThat(m.group(1)).isEqualTo(m.group(2));
        // The Log4j on this test's classpath is the one Flink 1.20.1's image ships.
        String log4j = LoggerContext.class.getPackage().getImplementationVersion();
        assertThat(m.group(1)).isEqualTo(log4j).isEqualTo("2.17.1");
        assertThat(dockerfile)
                .startsWith("# syntax=docker/dockerfile:1.7")
                .contains("flink:1.20.1");
    }

    @Test
    void theSidecarLogsJson() throws IOException {
        JsonNode env = null;
        for (JsonNode d : documents()) {
            if (d.path("kind").asText().equals("Deployment")
                    && d.at("/metadata/name").asText().equals("pcw-sidecar")) {
                env = d.at("/spec/template/spec/containers/0/env");
            }
        }
        assertThat(env).isNotNull();
        List<String> json = new ArrayList<>();
        for (JsonNode e : env) {
            if (e.path("name").asText().equals("PCW_LOG_FORMAT")) {
                json.add(e.path("value").asText());
            }
        }
        assertThat(json).containsExactly("json");
    }

    /** What a context configured by {@code props} writes to the console, one entry a line. */
    private static List<String> log(String props, Path file) throws IOException {
        String previousFile = System.getProperty("log.file");
        PrintStream previousOut = System.out;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setProperty("log.file", file.toString());
        // The console appender takes System.out when it starts.
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        LoggerContext ctx = new LoggerContext("kubernetes-logs-test");
        try {
            Configuration conf =
                    new PropertiesConfigurationFactory()
                            .getConfiguration(
                                    ctx,
                                    new ConfigurationSource(
                                            new java.io.ByteArrayInputStream(
                                                    props.getBytes(StandardCharsets.UTF_8))));
            ctx.start(conf);
            Logger log = ctx.getLogger("org.apache.flink.runtime.taskmanager.Task");
            log.info("Source: Partner Central (1/1) switched from RUNNING to FINISHED.");
            log.error("Checkpoint failed", new IllegalStateException("checkpoint 7 expired"));
            log.debug("per-record detail");
        } finally {
            ctx.stop();
            System.setOut(previousOut);
            if (previousFile == null) {
                System.clearProperty("log.file");
            } else {
                System.setProperty("log.file", previousFile);
            }
        }
        List<String> lines = new ArrayList<>();
        for (String l : console.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return lines;
    }

    private static List<JsonNode> documents() throws IOException {
        return KubernetesManifestsTest.documents();
    }
}
