package dev.pcw.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The IAM policies and the Managed Flink template under {@code deploy/} grant exactly what pcw's
 * code calls ({@link IamActions}): nothing missing (a denied call at 3 a.m.), nothing more (least
 * privilege). The template's references all resolve, and the rule routes Partner Central's events
 * to the stream the application reads.
 */
class IamPoliciesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PSEUDO =
            Set.of(
                    "AWS::AccountId",
                    "AWS::Region",
                    "AWS::Partition",
                    "AWS::StackName",
                    "AWS::StackId",
                    "AWS::URLSuffix",
                    "AWS::NoValue");

    @Test
    void theJobsPolicyGrantsWhatTheJobsCallAndNothingElse() throws Exception {
        JsonNode policy = JSON.readTree(DEPLOY.resolve("iam/pcw-ingest-policy.json").toFile());
        assertThat(actions(policy)).isEqualTo(new TreeSet<>(IamActions.jobs()));
        assertThat(actions(policy))
                .doesNotContain("partnercentral:CreateOpportunity")
                .contains("partnercentral:GetOpportunity", "glue:UpdateTable");
    }

    @Test
    void theSidecarPolicyGrantsItsWritesAndReadsAndNothingElse() throws Exception {
        JsonNode policy = JSON.readTree(DEPLOY.resolve("iam/pcw-sidecar-policy.json").toFile());
        assertThat(actions(policy)).isEqualTo(new TreeSet<>(IamActions.sidecar()));
        assertThat(actions(policy)).doesNotContain("partnercentral:ListOpportunities");
    }

    @Test
    void theManagedFlinkTemplateIsWholeAndLeastPrivileged() throws Exception {
        JsonNode t = JSON.readTree(DEPLOY.resolve("msf/pcw-msf.template.json").toFile());
        JsonNode resources = t.path("Resources");

        Set<String> known = new TreeSet<>(PSEUDO);
        t.path("Parameters").fieldNames().forEachRemaining(known::add);
        resources.fieldNames().forEachRemaining(known::add);
        List<String> unresolved = new ArrayList<>();
        references(t, unresolved, known);
        assertThat(unresolved).as("references to no parameter or resource").isEmpty();

        JsonNode appRole = resources.path("ApplicationRole");
        Set<String> granted = new TreeSet<>();
        for (JsonNode p : appRole.at("/Properties/Policies")) {
            granted.addAll(actions(p.path("PolicyDocument")));
        }
        Set<String> wanted = new TreeSet<>(IamActions.jobs());
        wanted.addAll(IamActions.MSF_RUNTIME);
        assertThat(granted).isEqualTo(wanted);
        assertThat(
                        appRole.at(
                                        "/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service")
                                .asText())
                .isEqualTo("kinesisanalytics.amazonaws.com");

        JsonNode rule = resources.path("PartnerCentralEventsRule").path("Properties");
        assertThat(rule.at("/EventPattern/source/0").asText())
                .isEqualTo("aws.partnercentral-selling");
        assertThat(rule.at("/Targets/0/Arn/Fn::GetAtt/0").asText()).isEqualTo("EventsStream");
        assertThat(actions(resources.at("/RuleRole/Properties/Policies/0/PolicyDocument")))
                .containsExactly("kinesis:PutRecord", "kinesis:PutRecords");

        JsonNode bucket = resources.path("LakeBucket").path("Properties");
        assertThat(
                        bucket.at(
                                        "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
                                .asText())
                .isEqualTo("aws:kms");
        assertThat(bucket.at("/PublicAccessBlockConfiguration/BlockPublicAcls").asBoolean())
                .isTrue();
        assertThat(bucket.at("/LifecycleConfiguration/Rules/0/Prefix").asText())
                .isEqualTo("bronze/");

        // The application's settings load as pcw reads them, the references given sample values.
        JsonNode app = resources.path("Application").path("Properties");
        assertThat(app.path("RuntimeEnvironment").asText()).isEqualTo("FLINK-1_20");
        JsonNode group = app.at("/ApplicationConfiguration/EnvironmentProperties/PropertyGroups/0");
        assertThat(group.path("PropertyGroupId").asText()).isEqualTo("pcw");
        Map<String, String> samples =
                Map.of(
                        "LakeBucketName", "partner-lake",
                        "EventBusName", "pcw-change-events",
                        "MetadataDbUrl", "jdbc:postgresql://db.example:5432/pcw",
                        "EventsStream", "pcw-partnercentral-events",
                        "Environment", "prod",
                        "AWS::Region", "eu-west-1");
        Map<String, String> env = new HashMap<>();
        Map<String, String> sets = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = group.path("PropertyMap").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String value =
                    v.isTextual()
                            ? v.asText()
                            : v.has("Ref")
                                    ? samples.get(v.path("Ref").asText())
                                    : v.path("Fn::Sub").asText().replace("${Environment}", "prod");
            assertThat(value).as(e.getKey()).isNotNull();
            (e.getKey().equals(e.getKey().toUpperCase(java.util.Locale.ROOT)) ? env : sets)
                    .put(e.getKey(), value);
        }
        PcwConfig config = PcwConfig.load(null, env, sets);
        // Each run's figures go to CloudWatch in the application's region, by environment.
        assertThat(config.flag("metrics.cloudwatch.enabled")).isTrue();
        assertThat(config.get("metrics.cloudwatch.region")).isEqualTo("eu-west-1");
        assertThat(config.get("metrics.cloudwatch.environment")).isEqualTo("prod");
        assertThat(config.mode()).isEqualTo("hybrid");
        assertThat(config.eventSinks()).isNotEmpty();
        assertThat(config.get("lake.root")).isEqualTo("s3://partner-lake");
        config.clientConfig();
    }

    /** Every action a policy document grants (Allow statements). */
    private static Set<String> actions(JsonNode policy) {
        Set<String> out = new TreeSet<>();
        for (JsonNode st : policy.path("Statement")) {
            assertThat(st.path("Effect").asText()).isEqualTo("Allow");
            JsonNode a = st.path("Action");
            if (a.isArray()) {
                a.forEach(x -> out.add(x.asText()));
            } else {
                out.add(a.asText());
            }
        }
        return out;
    }

    private static final Pattern SUB_VARIABLE =
            Pattern.compile("\\$\\{([A-Za-z0-9:]+)(\\.[A-Za-z]+)?}");

    private static void references(JsonNode n, List<String> unresolved, Set<String> known) {
        if (n.isObject()) {
            if (n.has("Ref") && !known.contains(n.path("Ref").asText())) {
                unresolved.add("Ref " + n.path("Ref").asText());
            }
            if (n.has("Fn::GetAtt") && !known.contains(n.path("Fn::GetAtt").path(0).asText())) {
                unresolved.add("GetAtt " + n.path("Fn::GetAtt").path(0).asText());
            }
            if (n.has("Fn::Sub")) {
                Matcher m = SUB_VARIABLE.matcher(n.path("Fn::Sub").asText());
                while (m.find()) {
                    if (!known.contains(m.group(1))) {
                        unresolved.add("Sub ${" + m.group(1) + "}");
                    }
                }
            }
            n.forEach(c -> references(c, unresolved, known));
        } else if (n.isArray()) {
            n.forEach(c -> references(c, unresolved, known));
        }
    }
}
