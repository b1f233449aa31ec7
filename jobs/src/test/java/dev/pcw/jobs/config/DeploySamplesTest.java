package dev.pcw.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.jobs.ingest.IngestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration in {@code deploy/} loads as pcw reads it (unknown keys and bad values would
 * fail here), so the samples stay true to the code.
 */
class DeploySamplesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");

    @TempDir Path dir;

    @Test
    void theKubernetesSampleConfiguresAHybridJobOnAGlueLake() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        String connectorsYaml = null;
        Map<String, String> env = new HashMap<>();
        try (MappingIterator<JsonNode> docs =
                yaml.readerFor(JsonNode.class)
                        .readValues(DEPLOY.resolve("kubernetes/flinkdeployment.yaml").toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc.path("kind").asText().equals("ConfigMap")) {
                    connectorsYaml = doc.path("data").path("connectors.yaml").asText();
                } else if (doc.path("kind").asText().equals("FlinkDeployment")) {
                    assertThat(doc.at("/spec/job/entryClass").asText())
                            .isEqualTo(IngestJob.class.getName());
                    for (JsonNode e : doc.at("/spec/podTemplate/spec/containers/0/env")) {
                        env.put(e.path("name").asText(), e.path("value").asText("secret"));
                    }
                }
            }
        }
        assertThat(connectorsYaml).isNotNull();
        Path file = dir.resolve("connectors.yaml");
        Files.writeString(file, connectorsYaml);

        PcwConfig c = PcwConfig.load(file, env, Map.of());
        assertThat(c.eventDriven()).isTrue();
        assertThat(c.eventsStream()).isEqualTo("pcw-partnercentral-events");
        assertThat(c.eventSinks()).containsExactly("eventbridge");
        assertThat(c.get("metadata.db_url")).startsWith("jdbc:postgresql://");
        LakeConfig lake = IngestJob.lakeConfig(c);
        assertThat(lake.lakeRoot()).isEqualTo("s3://PARTNER-LAKE-BUCKET/pcw");
    }

    @Test
    void theManagedFlinkSampleConfiguresTheSameThroughItsPropertyGroup() throws Exception {
        JsonNode app =
                new ObjectMapper().readTree(DEPLOY.resolve("msf/create-application.json").toFile());
        Path props = dir.resolve("application_properties.json");
        Files.writeString(
                props,
                app.at("/ApplicationConfiguration/EnvironmentProperties/PropertyGroups")
                        .toString());

        PcwConfig c = RuntimeProperties.read(props).load(null, Map.of(), Map.of());
        assertThat(c.eventDriven()).isTrue();
        assertThat(c.eventSinks()).containsExactly("eventbridge");
        assertThat(c.catalogs()).extracting(Enum::name).containsExactly("AWS");
        assertThat(IngestJob.lakeConfig(c).lakeRoot()).isEqualTo("s3://PARTNER-LAKE-BUCKET/pcw");
        assertThat(app.path("RuntimeEnvironment").asText()).isEqualTo("FLINK-1_20");
    }

    @Test
    void theExampleConfiguresAFirstReadOnlySyncOfTheSandboxCatalog() throws Exception {
        Path example = Path.of("..", "examples", "connectors.yaml");

        PcwConfig c = PcwConfig.load(example, Map.of(), Map.of());

        assertThat(c.catalogs()).containsExactly(dev.pcw.schemas.partnercentral.Catalog.SANDBOX);
        assertThat(c.mode()).isEqualTo("batch");
        assertThat(c.writeActions()).isEmpty();
        assertThat(c.eventSinks()).containsExactly("file");
        assertThat(c.get("connectors.partner_central.access_key_id"))
                .as("no keys in files")
                .isEmpty();
        assertThat(c.home())
                .isEqualTo(
                        example.toAbsolutePath()
                                .getParent()
                                .resolve("../var/first-sync")
                                .normalize());
        assertThat(IngestJob.lakeConfig(c).lakeRoot()).contains("var/first-sync/lake");
        assertThat(c.tierInput()).endsWith("data/partners");
    }
}
