package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.metadata.IngestionRun;
import dev.pcw.connectors.metadata.IngestionRuns;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.metadata.RunStatus;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.cloudwatch.LocalCloudWatch;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.silver.SilverTables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What operators watch: each finished run's figures in CloudWatch (namespace {@code
 * PCW/Connectors/PartnerCentral}, through the AWS SDK to a local endpoint keeping CloudWatch's
 * contract), once per run and equal to {@code ingestion_runs}; and logs that name a dead letter
 * without its payload, or with it only when {@code logging.include_payloads} is on, and never a
 * secret.
 */
class ObservabilityITCase {
    private static final String SECRET = "obs-it-secret-" + Long.toHexString(System.nanoTime());

    @RegisterExtension
    static final MiniClusterExtension FLINK = IngestTestKit.miniCluster(new Configuration());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(60)
                            .solutions(5)
                            .invitations(5)
                            .engagements(5)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED)
                            .faults(FaultSettings.builder().malformedRatio(0.2).build()));

    @TempDir Path home;
    private LocalCloudWatch cloudWatch;
    private final List<LogEvent> logged = new CopyOnWriteArrayList<>();
    private AbstractAppender appender;
    private org.apache.logging.log4j.Level rootLevel;
    private final Map<String, String> savedProperties = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        cloudWatch = LocalCloudWatch.start();
        // CloudWatch is called with the default chain's credentials (the job's role in AWS).
        for (String p : new String[] {"aws.accessKeyId", "aws.secretAccessKey"}) {
            savedProperties.put(p, System.getProperty(p));
            System.setProperty(p, "observability-it");
        }
        appender =
                new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        logged.add(event.toImmutable());
                    }
                };
        appender.start();
        org.apache.logging.log4j.core.config.Configuration logs = logContext().getConfiguration();
        logs.addAppender(appender);
        // Flink's test jars configure logging off; this test reads what production logs (INFO).
        rootLevel = logs.getRootLogger().getLevel();
        logs.getRootLogger().setLevel(org.apache.logging.log4j.Level.INFO);
        logs.getRootLogger().addAppender(appender, null, null);
        logContext().updateLoggers();
    }

    @AfterEach
    void stop() {
        logContext().getConfiguration().getRootLogger().removeAppender(appender.getName());
        logContext().getConfiguration().getRootLogger().setLevel(rootLevel);
        logContext().updateLoggers();
        appender.stop();
        cloudWatch.close();
        savedProperties.forEach(
                (k, v) -> {
                    if (v == null) {
                        System.clearProperty(k);
                    } else {
                        System.setProperty(k, v);
                    }
                });
    }

    private static LoggerContext logContext() {
        return (LoggerContext) LogManager.getContext(false);
    }

    private PcwConfig config(boolean payloads) {
        return config(payloads, "redacted");
    }

    private PcwConfig config(boolean payloads, String deadLetterPayloads) {
        return config(payloads, deadLetterPayloads, "keep");
    }

    private PcwConfig config(boolean payloads, String deadLetterPayloads, String personalData) {
        return IngestTestKit.config(
                home,
                SIM.endpoint(),
                "AWS",
                Map.of(
                        "connectors.partner_central.secret_access_key",
                        SECRET,
                        "metrics.cloudwatch.enabled",
                        "true",
                        "metrics.cloudwatch.endpoint",
                        cloudWatch.endpoint().toString(),
                        "metrics.cloudwatch.environment",
                        "it",
                        "logging.include_payloads",
                        Boolean.toString(payloads),
                        "dead_letters.payload",
                        deadLetterPayloads,
                        "silver.personal_data",
                        personalData,
                        "events.sinks",
                        "file"));
    }

    private void sync(PcwConfig config) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = IngestTestKit.env(conf);
        IngestJob.build(
                env,
                config,
                true,
                Map.of(),
                MetadataRunListener.of(config, config.get("metadata.db_url")));
        env.execute("observability-it");
    }

    private List<String> messages() {
        return logged.stream()
                .map(e -> e.getMessage().getFormattedMessage())
                .collect(Collectors.toList());
    }

    @Test
    void eachRunsFiguresReachCloudWatchOnceAndLogsHoldNoPayloadOrSecret() throws Exception {
        PcwConfig config = config(false);
        sync(config);

        List<IngestionRun> runs;
        try (MetadataDb db = MetadataDb.open(config.get("metadata.db_url"))) {
            runs = new IngestionRuns(db, Clock.systemUTC()).recent(50);
        }
        assertThat(runs).hasSize(4).allMatch(r -> r.status() == RunStatus.SUCCEEDED);
        List<LocalCloudWatch.Datum> datums = cloudWatch.datums();
        assertThat(datums).hasSize(4 * CloudWatchRunMetrics.NAMES.size());
        assertThat(datums)
                .allSatisfy(
                        d -> {
                            assertThat(d.namespace).isEqualTo("PCW/Connectors/PartnerCentral");
                            assertThat(d.dimensions)
                                    .containsEntry("Catalog", "AWS")
                                    .containsEntry("Environment", "it")
                                    .containsKey("Entity");
                        });
        for (IngestionRun run : runs) {
            Map<String, Double> figures =
                    datums.stream()
                            .filter(d -> d.dimensions.get("Entity").equals(run.entity()))
                            .collect(Collectors.toMap(d -> d.name, d -> d.value));
            assertThat(figures)
                    .as(run.entity())
                    .containsEntry("RunsSucceeded", 1.0)
                    .containsEntry("RecordsIngested", (double) run.stats().records())
                    .containsEntry("ApiCalls", (double) run.stats().apiCalls())
                    .containsEntry("ThrottledRequests", (double) run.stats().throttled())
                    .containsEntry("DeadLetters", (double) run.stats().deadLetters())
                    .containsKey("RunDuration");
        }

        // Dead letters are named in the log, by record and reason code; never with the payload
        // or the reason's text (which may quote a value), and no secret appears anywhere.
        List<Record> dead = IngestTestKit.rows(config, SilverTables.DEAD_LETTERS_NAME);
        assertThat(dead).hasSizeGreaterThan(3);
        List<String> lines =
                messages().stream()
                        .filter(m -> m.startsWith("dead letter"))
                        .collect(Collectors.toList());
        assertThat(lines).hasSize(dead.size());
        assertThat(lines)
                .allMatch(m -> m.endsWith("its reason and payload are in the dead_letters table"));
        // dead_letters.payload: redacted (the default) keeps no personal value in silver either.
        assertThat(dead)
                .extracting(r -> (String) r.getField("raw_payload"))
                .allSatisfy(kept -> assertThat(kept).doesNotContain("@"))
                .anySatisfy(
                        kept ->
                                assertThat(
                                                dev.pcw.schemas.normalize.PayloadRedaction
                                                        .isRedacted(kept))
                                        .isTrue());
        for (Record r : dead) {
            String payload = (String) r.getField("raw_payload");
            String reason = (String) r.getField("reason");
            assertThat(messages()).noneMatch(m -> m.contains(payload) || m.contains(reason));
        }
        for (Record o : IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME)) {
            String company = (String) o.getField("customer_company_name");
            if (company != null && company.length() > 3) {
                assertThat(messages()).noneMatch(m -> m.contains(company));
            }
        }
        assertThat(messages()).noneMatch(m -> m.contains(SECRET));
    }

    @Test
    void includePayloadsLogsThemAndWarnsThatItDoes() throws Exception {
        // dead_letters.payload: full keeps them verbatim: what the log must show.
        PcwConfig config = config(true, "full");
        sync(config);
        assertThat(messages())
                .anyMatch(m -> m.startsWith("logging.include_payloads is on: dead letters are"));
        List<Record> dead = IngestTestKit.rows(config, SilverTables.DEAD_LETTERS_NAME);
        assertThat(dead).isNotEmpty();
        for (Record r : dead) {
            String payload = (String) r.getField("raw_payload");
            System.err.println("DEBUG row " + r);
            messages().stream()
                    .filter(m -> m.startsWith("dead letter"))
                    .forEach(m -> System.err.println("DEBUG msg " + m));
            assertThat(messages())
                    .as("the dead letter of %s", r.getField("record_id"))
                    .anyMatch(m -> m.contains(r.getField("reason") + "; payload: " + payload));
        }
        assertThat(messages()).noneMatch(m -> m.contains(SECRET));
    }

    /**
     * {@code silver.personal_data: omit}: the columns that can hold personal data stay empty in
     * every silver table and in the change events; everything else lands as usual.
     */
    @Test
    void omittingPersonalDataLeavesItsColumnsEmptyInSilverAndInEvents() throws Exception {
        PcwConfig config = config(false, "redacted", "omit");
        sync(config);
        List<Record> opportunities = IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME);
        assertThat(opportunities).hasSizeGreaterThan(30);
        for (String table :
                new String[] {
                    SilverTables.OPPORTUNITIES_NAME,
                    SilverTables.OPPORTUNITY_HISTORY_NAME,
                    SilverTables.ENGAGEMENT_INVITATIONS_NAME,
                    SilverTables.ENGAGEMENTS_NAME
                }) {
            for (Record r : IngestTestKit.rows(config, table)) {
                for (String column : SilverTables.PERSONAL_DATA_COLUMNS) {
                    if (r.struct().field(column) != null) {
                        assertThat(r.getField(column)).as(table + "." + column).isNull();
                    }
                }
            }
        }
        assertThat(opportunities)
                .allSatisfy(
                        r -> {
                            assertThat(r.getField("id")).isNotNull();
                            assertThat(r.getField("stage")).isNotNull();
                        });
        // The simulator's company names reach neither silver nor an event.
        String events = IngestTestKit.events(home).toString();
        assertThat(events).contains("opportunity.created");
        for (dev.pcw.connectors.partnercentral.simulator.data.StoredRecord o :
                SIM.simulator().dataset("AWS").opportunities().all()) {
            String company =
                    new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(o.detail())
                            .at("/Customer/Account/CompanyName")
                            .asText("");
            if (company.length() > 3) {
                assertThat(events).doesNotContain(company);
            }
        }
    }
}
