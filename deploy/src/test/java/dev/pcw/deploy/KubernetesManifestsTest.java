package dev.pcw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest under {@code deploy/kubernetes/} is what the cluster accepts: a FlinkDeployment
 * validates against the Flink Kubernetes Operator's published CRD schema (its {@code
 * openAPIV3Schema}, with {@code kubectl apply --validate=strict}'s rule that a field the schema
 * does not know is an error), other objects read into Kubernetes' own object model with no field
 * left over. And what pcw needs of them: savepoint upgrades, checkpoints, HA, the Prometheus
 * reporter, probes on {@code /health}, and secrets only by reference.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode crdSchema;
    private static JsonSchema validator;

    @BeforeAll
    static void loadTheOperatorsSchema() throws IOException {
        try (InputStream in =
                KubernetesManifestsTest.class.getResourceAsStream(
                        "/META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml")) {
            assertThat(in).as("the operator's CRD on the test classpath").isNotNull();
            JsonNode crd = YAML.readTree(in);
            for (JsonNode v : crd.at("/spec/versions")) {
                if (v.path("name").asText().equals("v1beta1")) {
                    crdSchema = v.at("/schema/openAPIV3Schema");
                }
            }
        }
        assertThat(crdSchema).isNotNull();
        validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(crdSchema);
    }

    /** Every object of every manifest, each with its file's name under {@code x-file}. */
    static List<JsonNode> documents() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIR, "*.yaml")) {
            for (Path f : files) {
                try (MappingIterator<JsonNode> it =
                        YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode d = it.next();
                        if (d != null && !d.isEmpty()) {
                            ((com.fasterxml.jackson.databind.node.ObjectNode) d)
                                    .put("x-file", f.getFileName().toString());
                            docs.add(d);
                        }
                    }
                }
            }
        }
        return docs;
    }

    private static JsonNode withoutFileName(JsonNode d) {
        JsonNode copy = d.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("x-file");
        return copy;
    }

    @Test
    void everyFlinkDeploymentValidatesStrictlyAgainstTheOperatorsSchema() throws IOException {
        List<JsonNode> deployments =
                documents().stream()
                        .filter(d -> d.path("kind").asText().equals("FlinkDeployment"))
                        .collect(Collectors.toList());
        assertThat(deployments)
                .extracting(d -> d.at("/spec/job/entryClass").asText())
                .containsExactlyInAnyOrder(
                        "dev.pcw.jobs.ingest.IngestJob", "dev.pcw.jobs.tiers.PartnerTiersJob");
        for (JsonNode d : deployments) {
            JsonNode doc = withoutFileName(d);
            String where = d.path("x-file").asText();
            Set<ValidationMessage> errors = validator.validate(doc);
            assertThat(errors).as(where).isEmpty();
            List<String> unknown = new ArrayList<>();
            // apiVersion, kind and metadata belong to every object, outside the CRD's schema.
            JsonNode body = doc.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) body)
                    .remove(List.of("apiVersion", "kind", "metadata"));
            unknownFields(body, crdSchema, "", unknown);
            assertThat(unknown)
                    .as(where + ": fields the operator's schema does not know")
                    .isEmpty();

            assertThat(d.at("/apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
            assertThat(d.at("/spec/flinkVersion").asText()).isEqualTo("v1_20");
            assertThat(d.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
            JsonNode conf = d.at("/spec/flinkConfiguration");
            assertThat(conf.path("execution.checkpointing.interval").asText()).isNotBlank();
            assertThat(conf.path("state.savepoints.dir").asText()).startsWith("s3://");
            assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
            assertThat(conf.path("metrics.reporter.prom.factory.class").asText())
                    .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            assertNoSecretValues(doc, where);
        }
    }

    @Test
    void theOtherObjectsAreWhatKubernetesReads() throws IOException {
        Map<String, Class<?>> kinds =
                Map.of(
                        "Deployment",
                        Deployment.class,
                        "Service",
                        Service.class,
                        "ConfigMap",
                        ConfigMap.class);
        int read = 0;
        for (JsonNode d : documents()) {
            String kind = d.path("kind").asText();
            if (kind.equals("FlinkDeployment")) {
                continue;
            }
            assertThat(kinds).as(d.path("x-file").asText() + ": kind " + kind).containsKey(kind);
            Object o = YAML.treeToValue(withoutFileName(d), kinds.get(kind));
            List<String> leftOver = new ArrayList<>();
            leftOvers(o, kind, leftOver, new IdentityHashMap<>());
            assertThat(leftOver)
                    .as(d.path("x-file").asText() + ": fields Kubernetes does not know")
                    .isEmpty();
            assertNoSecretValues(withoutFileName(d), d.path("x-file").asText());
            read++;
        }
        assertThat(read).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theSidecarIsProbedOnHealthAndServed() throws IOException {
        JsonNode deployment = null;
        JsonNode service = null;
        for (JsonNode d : documents()) {
            if (d.path("metadata").path("name").asText().equals("pcw-sidecar")) {
                if (d.path("kind").asText().equals("Deployment")) {
                    deployment = d;
                } else if (d.path("kind").asText().equals("Service")) {
                    service = d;
                }
            }
        }
        assertThat(deployment).isNotNull();
        assertThat(service).isNotNull();
        JsonNode c = deployment.at("/spec/template/spec/containers/0");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(c.at("/args").toString()).contains("sidecar").contains("0.0.0.0");
        assertThat(service.at("/spec/selector/app").asText())
                .isEqualTo(deployment.at("/spec/template/metadata/labels/app").asText());
        assertThat(service.at("/spec/ports/0/targetPort").asText())
                .isEqualTo(c.at("/ports/0/name").asText());
    }

    /** A password, key or token appears only as a reference (valueFrom), never as a value. */
    private static void assertNoSecretValues(JsonNode doc, String where) {
        List<String> found = new ArrayList<>();
        doc.findParents("name")
                .forEach(
                        env -> {
                            String name = env.path("name").asText();
                            if (name.matches("(?i).*(PASSWORD|SECRET|TOKEN|ACCESS_KEY).*")
                                    && !name.endsWith("_SECRET")
                                    && env.has("value")) {
                                found.add(name);
                            }
                        });
        assertThat(found).as(where + ": secrets given as values").isEmpty();
    }

    /**
     * Fields of {@code node} the structural schema does not declare, where it does not preserve
     * unknown fields ({@code kubectl --validate=strict}).
     */
    private static void unknownFields(
            JsonNode node, JsonNode schema, String path, List<String> out) {
        if (schema == null || schema.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                return;
            }
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path + "." + e.getKey();
                if (properties.has(e.getKey())) {
                    unknownFields(e.getValue(), properties.get(e.getKey()), p, out);
                } else if (additional.isObject()) {
                    unknownFields(e.getValue(), additional, p, out);
                } else if (!additional.asBoolean(false)) {
                    out.add(p);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unknownFields(node.get(i), schema.path("items"), path + "[" + i + "]", out);
            }
        }
    }

    /** Fields fabric8's model kept aside as "additional properties": unknown to Kubernetes. */
    private static void leftOvers(
            Object o, String path, List<String> out, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection) {
            int i = 0;
            for (Object x : (Collection<?>) o) {
                leftOvers(x, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
                leftOvers(e.getValue(), path + "." + e.getKey(), out, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object v = m.invoke(o);
                if (m.getName().equals("getAdditionalProperties")) {
                    if (v instanceof Map && !((Map<?, ?>) v).isEmpty()) {
                        ((Map<?, ?>) v).keySet().forEach(k -> out.add(path + "." + k));
                    }
                } else {
                    leftOvers(v, path + "." + m.getName().substring(3), out, seen);
                }
            } catch (ReflectiveOperationException e) {
                out.add(path + "." + m.getName() + ": " + e);
            }
        }
    }
}
