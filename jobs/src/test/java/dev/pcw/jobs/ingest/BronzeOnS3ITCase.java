package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.silver.SilverTables;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bronze on {@code s3://} through Flink's flink-s3-fs-hadoop plugin, against s3proxy (a local
 * S3-compatible server) on 127.0.0.1: the same exactly-once JSON lines as on a local disk.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BronzeOnS3ITCase {
    private static final String BUCKET = "pcw-lake";
    private static final int PORT = freePort();
    private static S3Proxy proxy;
    private static BlobStoreContext blobs;

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Configuration s3Config() {
        Configuration c = new Configuration();
        c.setString("s3.endpoint", "http://127.0.0.1:" + PORT);
        c.setString("s3.path.style.access", "true");
        c.setString("s3.access-key", "pcw-test");
        c.setString("s3.secret-key", "pcw-test-secret");
        c.setString("s3.connection.ssl.enabled", "false");
        c.setString("s3.directory.marker.retention", "keep");
        return c;
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    () ->
                            new MiniClusterResourceConfiguration.Builder()
                                    .setConfiguration(s3Config())
                                    .setNumberTaskManagers(1)
                                    .setNumberSlotsPerTaskManager(4)
                                    .build());

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(150)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    @TempDir Path home;

    @BeforeAll
    static void startS3() throws Exception {
        // The s3:// scheme comes from the flink-s3-fs-hadoop plugin that the build copies under
        // FLINK_PLUGINS_DIR (see the jobs pom); client and TaskManager share this JVM.
        org.apache.flink.core.fs.FileSystem.initialize(
                s3Config(),
                org.apache.flink.core.plugin.PluginUtils.createPluginManagerFromRootFolder(
                        s3Config()));
        Properties props = new Properties();
        blobs =
                ContextBuilder.newBuilder("transient")
                        .overrides(props)
                        .build(BlobStoreContext.class);
        blobs.getBlobStore().createContainerInLocation(null, BUCKET);
        proxy =
                S3Proxy.builder()
                        .blobStore(blobs.getBlobStore())
                        .awsAuthentication(
                                AuthenticationType.AWS_V2_OR_V4, "pcw-test", "pcw-test-secret")
                        .endpoint(URI.create("http://127.0.0.1:" + PORT))
                        .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (blobs != null) {
            blobs.close();
        }
    }

    @Test
    void bronzeLandsOnS3ExactlyOnce() throws Exception {
        PcwConfig config =
                IngestTestKit.config(
                        home,
                        SIM.endpoint(),
                        "AWS",
                        Map.of(
                                "connectors.partner_central.entities",
                                "opportunities",
                                "lake.root",
                                "s3://" + BUCKET + "/pcw",
                                // The silver warehouse stays local: this test is about bronze.
                                "lake.warehouse",
                                home.resolve("warehouse").toUri().toString()));
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = IngestTestKit.env(conf);
        IngestTestKit.build(env, config, false);
        env.execute("bronze-on-s3");

        BlobStore store = blobs.getBlobStore();
        List<String> lines = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (StorageMetadata m :
                store.list(
                        BUCKET,
                        ListContainerOptions.Builder.prefix(
                                        "pcw/bronze/partnercentral/opportunities/")
                                .recursive())) {
            if (!m.getName().endsWith(".jsonl")) {
                continue;
            }
            keys.add(m.getName());
            try (InputStream in = store.getBlob(BUCKET, m.getName()).getPayload().openStream()) {
                for (String line :
                        new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        lines.add(line);
                    }
                }
            }
        }
        assertThat(keys)
                .isNotEmpty()
                .allMatch(
                        k ->
                                k.matches(
                                        "pcw/bronze/partnercentral/opportunities/\\d{4}/\\d{2}/\\d{2}/run-[^/]+/part-[^/]+\\.jsonl"));
        assertThat(lines).hasSize(150);
        assertThat(lines.stream().map(BronzeRecord::parse).map(BronzeRecord::operation))
                .containsOnly("GetOpportunity");
        assertThat(IngestTestKit.rows(config, SilverTables.OPPORTUNITIES_NAME)).hasSize(150);
    }
}
