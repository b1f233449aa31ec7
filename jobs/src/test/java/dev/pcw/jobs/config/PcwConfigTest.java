package dev.pcw.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.schemas.partnercentral.Catalog;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcwConfigTest {
    @TempDir Path dir;

    private Path yaml(String text) throws Exception {
        Path p = dir.resolve("connectors.yaml");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsTheSeedsConnectorsYaml() throws Exception {
        PcwConfig c =
                PcwConfig.load(
                        yaml(
                                "connectors:\n"
                                        + "  partner_central:\n"
                                        + "    enabled: true\n"
                                        + "    mode: \"hybrid\"          # batch | streaming | hybrid\n"
                                        + "    schedule_cron: \"0 */6 * * *\"\n"
                                        + "    entities:\n"
                                        + "      - opportunities\n"
                                        + "      - leads\n"
                                        + "      - solutions\n"
                                        + "    write_actions:\n"
                                        + "      - create_opportunity\n"
                                        + "  marketplace:\n"
                                        + "    enabled: false\n"),
                        Map.of(),
                        Map.of());
        assertThat(c.mode()).isEqualTo("hybrid");
        // Hybrid without an events stream syncs on the schedule only.
        assertThat(c.eventDriven()).isFalse();
        assertThat(c.scheduleCron()).isEqualTo("0 */6 * * *");
        assertThat(c.entities())
                .containsExactly(
                        PartnerCentralEntity.OPPORTUNITIES,
                        PartnerCentralEntity.ENGAGEMENT_INVITATIONS,
                        PartnerCentralEntity.ENGAGEMENTS,
                        PartnerCentralEntity.SOLUTIONS);
        assertThat(c.catalogs()).containsExactly(Catalog.AWS);
        assertThat(c.writeActions())
                .containsExactly(
                        dev.pcw.connectors.partnercentral.client.write.WriteAction
                                .CREATE_OPPORTUNITY);
    }

    @Test
    void writeActionsAndTheirApprovalsAreReadPerAction() throws Exception {
        PcwConfig c =
                PcwConfig.load(
                        yaml(
                                "connectors:\n"
                                        + "  partner_central:\n"
                                        + "    write_actions: [create_opportunity, submit_opportunity]\n"
                                        + "    ticket_pattern: '^INC[0-9]+$'\n"
                                        + "    action_approval_mode: required\n"
                                        + "    action_approval_modes:\n"
                                        + "      submit_opportunity: auto\n"
                                        + "    action_approvers:\n"
                                        + "      create_opportunity: 2\n"),
                        Map.of(),
                        Map.of());
        assertThat(c.writeActions())
                .extracting(a -> a.key())
                .containsExactly("create_opportunity", "submit_opportunity");
        assertThat(c.ticketPattern()).isEqualTo("^INC[0-9]+$");
        assertThat(c.approvalSettings())
                .containsEntry("mode", "required")
                .containsEntry("mode.submit_opportunity", "auto")
                .containsEntry("approvers.create_opportunity", "2")
                .containsEntry("expiry_days", "7")
                .doesNotContainKey("mode.create_opportunity");
        // The seed's default, when the file says nothing.
        assertThat(PcwConfig.load(null, Map.of(), Map.of()).writeActions())
                .extracting(a -> a.key())
                .containsExactly("create_opportunity", "associate_opportunity", "start_engagement");
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null,
                                        Map.of(),
                                        Map.of(
                                                "connectors.partner_central.write_actions",
                                                "create_opportunity,delete_opportunity")))
                .hasMessageStartingWith(
                        "connectors.partner_central.write_actions: unknown action"
                                + " 'delete_opportunity'");
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null,
                                        Map.of(),
                                        Map.of(
                                                "connectors.partner_central.action_approvers.delete_opportunity",
                                                "2")))
                .hasMessageStartingWith("unknown configuration key");
    }

    @Test
    void relativePathsInAFileAreRelativeToTheFilesFolder() throws Exception {
        Path file =
                yaml(
                        "home: state\n"
                                + "lake:\n"
                                + "  root: ../shared-lake\n"
                                + "events:\n"
                                + "  file_dir: /abs/events\n");
        PcwConfig c = PcwConfig.load(file, Map.of(), Map.of());
        assertThat(c.home()).isEqualTo(dir.toAbsolutePath().resolve("state"));
        assertThat(c.get("lake.root"))
                .isEqualTo(dir.toAbsolutePath().getParent().resolve("shared-lake").toString());
        // Absolute paths and URIs are kept as they are; overrides are not files.
        assertThat(c.get("events.file_dir")).isEqualTo("/abs/events");
        PcwConfig s3 =
                PcwConfig.load(
                        yaml("lake:\n  root: s3://bucket/pcw\n"), Map.of(), Map.of("home", "x"));
        assertThat(s3.get("lake.root")).isEqualTo("s3://bucket/pcw");
        assertThat(s3.get("home")).isEqualTo("x");
    }

    @Test
    void environmentOverridesTheFileAndArgumentsOverrideBoth() throws Exception {
        Path file =
                yaml("connectors:\n  partner_central:\n    catalogs: [AWS]\n    page_size: 50\n");
        PcwConfig c =
                PcwConfig.load(
                        file,
                        Map.of(
                                "PC_CATALOG",
                                "Sandbox",
                                "S3_LAKE_BUCKET",
                                "acme-lake",
                                "PCW_DB_URL",
                                "jdbc:postgresql://db/pcw"),
                        Map.of("connectors.partner_central.page_size", "25"));
        assertThat(c.catalogs()).containsExactly(Catalog.SANDBOX);
        assertThat(c.pageSize()).isEqualTo(25);
        assertThat(c.lakeProperties()).containsEntry("lake.root", "s3://acme-lake");
        assertThat(c.get("metadata.db_url")).isEqualTo("jdbc:postgresql://db/pcw");
    }

    @Test
    void defaultsNeedNoFile() {
        PcwConfig c = PcwConfig.load(null, Map.of(), Map.of());
        assertThat(c.mode()).isEqualTo("batch");
        assertThat(c.entities()).hasSize(4);
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.clientConfig().readRate()).isEqualTo(10);
        assertThat(c.clientConfig().endpoint()).isNull();
    }

    @Test
    void aTypoIsAnErrorThatSuggestsTheKey() throws Exception {
        Path file = yaml("connectors:\n  partner_central:\n    shedule_cron: \"0 * * * *\"\n");
        assertThatThrownBy(() -> PcwConfig.load(file, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "unknown configuration key 'connectors.partner_central.shedule_cron'")
                .hasMessageContaining("did you mean 'connectors.partner_central.schedule_cron'?");
    }

    @Test
    void badValuesSayWhatToUse() throws Exception {
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null,
                                        Map.of(),
                                        Map.of("connectors.partner_central.mode", "sometimes")))
                .hasMessage(
                        "connectors.partner_central.mode is 'sometimes': use batch, streaming or hybrid");
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null,
                                        Map.of(),
                                        Map.of("connectors.partner_central.entities", "profiles")))
                .hasMessageContaining("'profiles' live in the separate partnercentral-account API");
        assertThatThrownBy(() -> PcwConfig.load(null, Map.of("PC_CATALOG", "Prod"), Map.of()))
                .hasMessage("Unknown Partner Central catalog 'Prod': use AWS or Sandbox");
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null,
                                        Map.of(),
                                        Map.of("connectors.partner_central.page_size", "500")))
                .hasMessage("connectors.partner_central.page_size is 500: use 1 to 100");
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null,
                                        Map.of(),
                                        Map.of("flink.checkpoint_interval", "soon")))
                .hasMessage(
                        "flink.checkpoint_interval is 'soon': use e.g. 500ms, 30s, 5m, 12h or 7d");
        // Zero used to reach Flink, whose message does not name the key.
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null, Map.of(), Map.of("flink.checkpoint_interval", "0s")))
                .hasMessageStartingWith("flink.checkpoint_interval is '0s': it must be at least");
        assertThat(PcwConfig.load(null, Map.of(), Map.of()).stateBackend()).isEqualTo("hashmap");
        assertThat(
                        PcwConfig.load(null, Map.of(), Map.of("flink.state_backend", " RocksDB "))
                                .stateBackend())
                .isEqualTo("rocksdb");
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null, Map.of(), Map.of("flink.state_backend", "memory")))
                .hasMessage(
                        "flink.state_backend is 'memory': use hashmap (the heap, the default) or"
                                + " rocksdb (for large accounts: state off the heap)");
        assertThatThrownBy(() -> PcwConfig.load(dir.resolve("missing.yaml"), Map.of(), Map.of()))
                .hasMessageContaining("missing.yaml does not exist");
        Path broken = yaml("connectors: [unclosed");
        assertThatThrownBy(() -> PcwConfig.load(broken, Map.of(), Map.of()))
                .hasMessageStartingWith("cannot read " + broken);
    }

    /** Personal data, logging and metrics settings: their defaults, and what a bad value gets. */
    @Test
    void privacyAndMetricsSettingsHaveDefaultsAndSayWhatIsWrong() {
        PcwConfig defaults = PcwConfig.load(null, Map.of(), Map.of());
        assertThat(defaults.redactsDeadLetters()).isTrue();
        assertThat(defaults.omitsPersonalData()).isFalse();
        assertThat(defaults.flag("logging.include_payloads")).isFalse();
        assertThat(dev.pcw.jobs.ingest.CloudWatchRunMetrics.of(defaults)).isNull();
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null, Map.of(), Map.of("dead_letters.payload", "some")))
                .hasMessage(
                        "dead_letters.payload is 'some': use redacted (personal data taken out;"
                                + " bronze keeps the payload whole) or full");
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null, Map.of(), Map.of("silver.personal_data", "drop")))
                .hasMessageStartingWith("silver.personal_data is 'drop': use keep, or omit");
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null,
                                        Map.of(),
                                        Map.of("metrics.cloudwatch.enabled", "yes")))
                .hasMessage("metrics.cloudwatch.enabled is 'yes': use true or false");
        assertThatThrownBy(() -> PcwConfig.load(null, Map.of(), Map.of("maintenance.in_job", "on")))
                .hasMessage("maintenance.in_job is 'on': use true or false");
        assertThatThrownBy(
                        () ->
                                dev.pcw.jobs.ingest.CloudWatchRunMetrics.of(
                                        PcwConfig.load(
                                                null,
                                                Map.of(),
                                                Map.of(
                                                        "metrics.cloudwatch.enabled", "true",
                                                        "metrics.cloudwatch.namespace",
                                                                "AWS/KinesisAnalytics"))))
                .hasMessageStartingWith(
                        "metrics.cloudwatch.namespace is 'AWS/KinesisAnalytics': name a namespace"
                                + " of your own");
    }

    @Test
    void secretsAreMaskedWhenDescribed() {
        PcwConfig c =
                PcwConfig.load(
                        null,
                        Map.of("PCW_DB_PASSWORD", "hunter2"),
                        Map.of(
                                "connectors.partner_central.access_key_id",
                                "key",
                                "connectors.partner_central.secret_access_key",
                                "s3cr3t"));
        assertThat(c.describe())
                .doesNotContain("hunter2")
                .doesNotContain("s3cr3t")
                .contains("****");
        assertThat(c.clientConfig().toString()).doesNotContain("s3cr3t");
        assertThat(List.of(c.get("metadata.db_password"))).containsExactly("hunter2");
    }

    @Test
    void eventSinksDefaultToTheFileOrTheBusAndSayWhatIsMissing() {
        assertThat(PcwConfig.load(null, Map.of(), Map.of()).eventSinks()).containsExactly("file");
        assertThat(
                        PcwConfig.load(null, Map.of("EVENTBRIDGE_BUS", "partner-events"), Map.of())
                                .eventSinks())
                .containsExactly("eventbridge");
        assertThat(
                        PcwConfig.load(
                                        null,
                                        Map.of("EVENTBRIDGE_BUS", "partner-events"),
                                        Map.of(
                                                "events.sinks",
                                                "file, kinesis,file",
                                                "events.kinesis_stream",
                                                "pcw-events"))
                                .eventSinks())
                .containsExactly("file", "kinesis");
        assertThat(PcwConfig.load(null, Map.of(), Map.of("events.sinks", "none")).eventSinks())
                .isEmpty();
        assertThat(PcwConfig.load(null, Map.of(), Map.of("events.enabled", "false")).eventSinks())
                .isEmpty();
        assertThatThrownBy(() -> PcwConfig.load(null, Map.of(), Map.of("events.sinks", "sns")))
                .hasMessage(
                        "events.sinks names 'sns': use file, eventbridge, kinesis (several,"
                                + " comma-separated), auto or none");
        assertThatThrownBy(
                        () -> PcwConfig.load(null, Map.of(), Map.of("events.sinks", "eventbridge")))
                .hasMessageStartingWith(
                        "events.sinks includes eventbridge but no bus is set: set EVENTBRIDGE_BUS");
        assertThatThrownBy(() -> PcwConfig.load(null, Map.of(), Map.of("events.sinks", "kinesis")))
                .hasMessage("events.sinks includes kinesis but events.kinesis_stream is not set");
    }

    @Test
    void streamingNeedsTheEventsStreamAndHybridUsesItWhenSet() {
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null,
                                        Map.of(),
                                        Map.of("connectors.partner_central.mode", "streaming")))
                .hasMessageStartingWith(
                        "connectors.partner_central.mode is streaming but"
                                + " connectors.partner_central.events.stream is not set");
        PcwConfig hybrid =
                PcwConfig.load(
                        null,
                        Map.of(),
                        Map.of(
                                "connectors.partner_central.mode",
                                "hybrid",
                                "connectors.partner_central.events.stream",
                                "pc-events"));
        assertThat(hybrid.eventDriven()).isTrue();
        assertThat(hybrid.eventsDedupeWindow()).isEqualTo(Duration.ofSeconds(2));
        assertThat(hybrid.eventsQuotaShare()).isEqualTo(0.3);
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null,
                                        Map.of(),
                                        Map.of(
                                                "connectors.partner_central.quota.events_share",
                                                "1")))
                .hasMessageContaining("quota.events_share is 1: use a number between 0 and 1");
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null,
                                        Map.of(),
                                        Map.of(
                                                "connectors.partner_central.events.initial_position",
                                                "EARLIEST")))
                .hasMessage(
                        "connectors.partner_central.events.initial_position is 'EARLIEST': use"
                                + " LATEST or TRIM_HORIZON");
    }

    @Test
    void readsThePartnerTierSettingsWithAliasesAndTheVaultFromTheEnvironment() throws Exception {
        PcwConfig c =
                PcwConfig.load(
                        yaml(
                                "partner_tiers:\n"
                                        + "  input: partners\n"
                                        + "  poll_interval: 2s\n"
                                        + "  tiers:\n"
                                        + "    premier tier services: Premier\n"
                                        + "    msp: MSP\n"
                                        + "  oems:\n"
                                        + "    cisco systems: Cisco\n"),
                        Map.of("VAULT_ROOT", "/vaults/team"),
                        Map.of());

        assertThat(c.tierInput()).isEqualTo(dir.resolve("partners").toString());
        assertThat(c.tierPollInterval()).hasSeconds(2);
        assertThat(c.tierVocabulary().tier("Premier Tier Services")).isEqualTo("Premier");
        assertThat(c.tierVocabulary().tier("msp")).isEqualTo("MSP");
        assertThat(c.tierVocabulary().oem("CISCO SYSTEMS")).isEqualTo("Cisco");
        assertThat(c.vault()).isEqualTo(Path.of("/vaults/team"));
        assertThat(PcwConfig.load(null, Map.of(), Map.of()).tierInput())
                .isEqualTo("data/partners/");
        assertThat(PcwConfig.load(null, Map.of(), Map.of()).vault()).isNull();
    }

    @Test
    void refusesAnUnknownPartnerTierKeyAndAnEmptyAlias() throws Exception {
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        yaml("partner_tiers:\n  inputs: x\n"), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "unknown configuration key 'partner_tiers.inputs'; did you mean"
                                + " 'partner_tiers.input'?");
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                        null,
                                        Map.of(),
                                        Map.of("partner_tiers.tiers.registered", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "partner_tiers.tiers.registered is empty: give the tier or OEM name to"
                                + " store, e.g. Premier");
    }

    @Test
    void maintenanceSettingsHaveDefaultsAndSayWhatIsWrong() {
        PcwConfig defaults = PcwConfig.load(null, Map.of(), Map.of());
        assertThat(defaults.snapshotRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.retainLast()).isEqualTo(20);
        assertThat(defaults.targetFileSize()).isEqualTo(128L << 20);

        PcwConfig set =
                PcwConfig.load(
                        null,
                        Map.of(),
                        Map.of(
                                "maintenance.snapshot_retention", "12h",
                                "maintenance.retain_last", "3",
                                "maintenance.target_file_size_mb", "64"));
        assertThat(set.snapshotRetention()).isEqualTo(Duration.ofHours(12));
        assertThat(set.retainLast()).isEqualTo(3);
        assertThat(set.targetFileSize()).isEqualTo(64L << 20);

        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                                null,
                                                Map.of(),
                                                Map.of("maintenance.snapshot_retention", "a week"))
                                        .snapshotRetention())
                .hasMessage(
                        "maintenance.snapshot_retention is 'a week': use e.g. 500ms, 30s, 5m, 12h or 7d");
        assertThatThrownBy(
                        () ->
                                PcwConfig.load(
                                                null,
                                                Map.of(),
                                                Map.of("maintenance.retain_last", "0"))
                                        .retainLast())
                .hasMessage("maintenance.retain_last is '0': use a whole number above 0");
    }
}
