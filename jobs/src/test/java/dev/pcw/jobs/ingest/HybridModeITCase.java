package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.junit.Kinesalite;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.kinesis.KinesisEventForwarder;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.events.EventTypes;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import dev.pcw.schemas.silver.SilverTables;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Hybrid mode end to end: the simulator puts Partner Central's events on a Kinesis stream
 * (kinesalite), the running job reads them and fetches each named record once per window through
 * the quota governor, and the changes reach silver and the change events without a scheduled sync.
 * Repeated deliveries cost no second read; bad records are counted, kept in bronze and set aside as
 * dead letters, and the job keeps running.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HybridModeITCase {
    private static final int COUNT = 100;
    private static final String STREAM = "pc-events";

    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            IngestTestKit.miniCluster(METRICS.addToConfiguration(new Configuration()));

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(COUNT)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    private static Kinesalite kinesalite;
    private static KinesisClient kinesis;

    @TempDir Path home;

    @BeforeAll
    static void startKinesis() throws Exception {
        kinesalite = Kinesalite.start();
        kinesis = kinesalite.client();
        kinesalite.createStream(STREAM, 2);
    }

    @AfterAll
    static void stopKinesis() throws Exception {
        if (kinesis != null) {
            kinesis.close();
        }
        if (kinesalite != null) {
            kinesalite.close();
        }
    }

    private PcwConfig config() {
        Map<String, String> set = new HashMap<>();
        set.put("connectors.partner_central.mode", "hybrid");
        // The next scheduled sync is far away: whatever changes now arrives through events.
        set.put("connectors.partner_central.schedule_cron", "0 0 1 1 *");
        set.put("connectors.partner_central.entities", "opportunities,engagement_invitations");
        set.put("connectors.partner_central.events.stream", STREAM);
        set.put("connectors.partner_central.events.endpoint", kinesalite.endpoint());
        set.put("connectors.partner_central.events.initial_position", "TRIM_HORIZON");
        set.put("events.sinks", "file");
        set.put("flink.checkpoint_interval", "500ms");
        return IngestTestKit.config(home, SIM.endpoint(), "AWS", set);
    }

    private static void put(String data, String key) {
        kinesis.putRecord(
                b ->
                        b.streamName(STREAM)
                                .partitionKey(key)
                                .data(SdkBytes.fromString(data, StandardCharsets.UTF_8)));
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    @Test
    void eventsBringChangesInWithOneReadPerRecordAndBadEventsAside() throws Exception {
        PcwConfig config = config();
        StreamExecutionEnvironment env = IngestTestKit.env(new Configuration());
        IngestJob.build(
                env,
                config,
                false,
                Map.of(),
                new MetadataRunListener(config.get("metadata.db_url"), "", ""));
        JobClient job = env.executeAsync("hybrid");
        var accounting = SIM.simulator().accounting();
        try (KinesisEventForwarder forwarder =
                new KinesisEventForwarder(URI.create(kinesalite.endpoint()), STREAM)) {
            // The first scheduled pass: a full sync.
            await(
                    "the first full sync in silver",
                    () ->
                            IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME).size()
                                    == COUNT);
            long listsBefore = accounting.calls("ListOpportunities");
            long getsBefore = accounting.calls("GetOpportunity");
            long invitationGetsBefore = accounting.calls("GetEngagementInvitation");

            // Partner Central changes records and publishes its events; EventBridge delivers
            // each one twice (at-least-once), and some records on the stream are bad.
            SIM.simulator().eventLog().addListener(forwarder);
            List<Change> changes = SIM.simulator().applyChanges("AWS", 25);
            List<Change> announced =
                    changes.stream().filter(c -> c.event() != null).collect(Collectors.toList());
            for (Change c : announced) {
                put(c.event().toJson().toString(), c.id());
            }
            // An opportunity gone since its event: one read that finds nothing, counted.
            put(
                    "{\"version\":\"0\",\"id\":\"e-gone\",\"detail-type\":\"Opportunity"
                            + " Updated\",\"source\":\"aws.partnercentral-selling\",\"detail\":"
                            + "{\"catalog\":\"AWS\",\"opportunity\":{\"identifier\":\"O0000001\"}}}",
                    "O0000001");
            put("not json at all", "bad-1");
            put(announced.get(0).event().toJson().put("source", "aws.ec2").toString(), "bad-2");
            put(
                    "{\"version\":\"0\",\"id\":\"e-missing\",\"detail-type\":\"Opportunity"
                            + " Updated\",\"source\":\"aws.partnercentral-selling\",\"detail\":"
                            + "{\"catalog\":\"AWS\",\"opportunity\":{}}}",
                    "bad-3");
            put(
                    "{\"version\":\"0\",\"id\":\"e-other\",\"detail-type\":\"Engagement Member"
                            + " Joined\",\"source\":\"aws.partnercentral-selling\",\"detail\":"
                            + "{\"catalog\":\"AWS\",\"engagement\":{\"identifier\":\"eng-1\"}}}",
                    "other");

            Set<String> opportunities =
                    announced.stream()
                            .filter(c -> c.entity() == PartnerCentralEntity.OPPORTUNITIES)
                            .map(Change::id)
                            .collect(Collectors.toSet());
            Set<String> invitations =
                    announced.stream()
                            .filter(c -> c.entity() == PartnerCentralEntity.ENGAGEMENT_INVITATIONS)
                            .map(Change::id)
                            .collect(Collectors.toSet());
            assertThat(opportunities).isNotEmpty();

            // Every announced opportunity reaches silver at its new version.
            await(
                    "the announced versions in silver",
                    () -> {
                        Map<String, Instant> current =
                                IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME).stream()
                                        .collect(
                                                Collectors.toMap(
                                                        r -> (String) r.getField("id"),
                                                        HybridModeITCase::lastModified));
                        return opportunities.stream()
                                .allMatch(
                                        id ->
                                                Instant.ofEpochMilli(
                                                                SIM.simulator()
                                                                        .dataset("AWS")
                                                                        .opportunities()
                                                                        .get(id)
                                                                        .modifiedMillis())
                                                        .equals(current.get(id)));
                    });
            await("three bad events in dead_letters", () -> badEvents(config).size() == 3);

            // One read per announced record, although every event came twice; no listing.
            await("the gone opportunity's read", () -> counter("notFound") == 1);
            assertThat(accounting.calls("GetOpportunity") - getsBefore)
                    .isEqualTo(opportunities.size() + 1);
            assertThat(accounting.calls("GetEngagementInvitation") - invitationGetsBefore)
                    .isEqualTo(invitations.size());
            assertThat(accounting.calls("ListOpportunities")).isEqualTo(listsBefore);

            assertThat(badEvents(config))
                    .extracting(r -> (String) r.getField("reason"))
                    .containsExactlyInAnyOrder(
                            "event is not JSON: Unrecognized token 'not': was expecting (JSON"
                                    + " String, Number, Array, Object or token 'null', 'true' or"
                                    + " 'false')",
                            "event source is 'aws.ec2', expected 'aws.partnercentral-selling'",
                            "event 'Opportunity Updated' has no detail.opportunity.identifier");
            // Every record of the stream is in bronze, bad and unknown ones included.
            await("the events in bronze", () -> bronzeEvents() == 2 * announced.size() + 5);
            // ... and counted: bad ones, the unknown type, and the repeats that cost no read.
            assertThat(counter("received")).isEqualTo(2L * announced.size() + 5);
            assertThat(counter("badEvents")).isEqualTo(3);
            assertThat(counter("unknownEvents")).isEqualTo(1);
            assertThat(counter("duplicates")).isGreaterThanOrEqualTo(announced.size());
            assertThat(counter("fetched")).isEqualTo(opportunities.size() + invitations.size());

            // The changes became change events.
            await(
                    "change events for the announced opportunities",
                    () -> {
                        Set<String> subjects = changeSubjects();
                        return subjects.containsAll(
                                changes.stream()
                                        .filter(
                                                c ->
                                                        c.entity()
                                                                        == PartnerCentralEntity
                                                                                .OPPORTUNITIES
                                                                && !c.kind().equals("next_steps"))
                                        .map(Change::id)
                                        .collect(Collectors.toSet()));
                    });
        } finally {
            IngestTestKit.cancelAndWait(job);
        }
    }

    /** The sum over subtasks of a counter in the {@code partnercentralEvents} group. */
    private static long counter(String name) {
        long sum = 0;
        for (Map.Entry<MetricGroup, Map<String, Metric>> g :
                METRICS.getMetricsByGroup().entrySet()) {
            Metric m = g.getValue().get(name);
            if (m instanceof Counter
                    && g.getKey()
                            .getMetricIdentifier(name)
                            .endsWith(".partnercentralEvents." + name)) {
                sum += ((Counter) m).getCount();
            }
        }
        return sum;
    }

    private static Instant lastModified(Record r) {
        Object v = r.getField("last_modified_date");
        return v instanceof OffsetDateTime ? ((OffsetDateTime) v).toInstant() : null;
    }

    private static List<Record> badEvents(PcwConfig config) {
        return IngestTestKit.rows(config, SilverTables.DEAD_LETTERS_NAME).stream()
                .filter(r -> "partnercentral-events".equals(r.getField("source")))
                .collect(Collectors.toList());
    }

    private long bronzeEvents() {
        try {
            return IngestTestKit.bronzeLines(home, "events").size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Set<String> changeSubjects() {
        try {
            return IngestTestKit.events(home).stream()
                    .filter(
                            e ->
                                    e.path("type").asText().equals(EventTypes.OPPORTUNITY_UPDATED)
                                            || e.path("type")
                                                    .asText()
                                                    .equals(EventTypes.OPPORTUNITY_CREATED))
                    .map(e -> e.path("subject").asText())
                    .collect(Collectors.toSet());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
