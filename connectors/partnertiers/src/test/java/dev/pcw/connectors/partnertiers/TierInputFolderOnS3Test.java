package dev.pcw.connectors.partnertiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.schemas.tiers.RawTierRecord;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An {@code s3://} input folder, read through S3FileIO from s3proxy (a local S3 server). */
@Timeout(60)
class TierInputFolderOnS3Test {
    private static final String BUCKET = "tiers";
    private static S3Proxy proxy;
    private static BlobStoreContext blobs;
    private static int port;

    @BeforeAll
    static void startS3() throws Exception {
        System.setProperty("aws.requestChecksumCalculation", "WHEN_REQUIRED");
        System.setProperty("aws.responseChecksumValidation", "WHEN_REQUIRED");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        blobs =
                ContextBuilder.newBuilder("transient")
                        .overrides(new Properties())
                        .build(BlobStoreContext.class);
        BlobStore store = blobs.getBlobStore();
        store.createContainerInLocation(null, BUCKET);
        put(
                store,
                "in/partners_b.json",
                "{\"partners\": [{\"name\": \"B\", \"tier\": \"gold\", \"program\": \"P\", \"oem\": \"hpe\"}]}");
        put(store, "in/partners_a.csv", "name,tier,program,oem\nA,Gold,P,Cisco\n");
        put(store, "in/readme.txt", "not a tier file");
        put(store, "in/sub/partners_c.csv", "name,tier,program,oem\nC,Gold,P,Cisco\n");
        put(store, "other/partners_d.csv", "name,tier,program,oem\nD,Gold,P,Cisco\n");
        proxy =
                S3Proxy.builder()
                        .blobStore(store)
                        .awsAuthentication(
                                AuthenticationType.AWS_V2_OR_V4, "pcw-test", "pcw-test-secret")
                        .endpoint(URI.create("http://127.0.0.1:" + port))
                        .build();
        proxy.start();
        while (!proxy.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
    }

    private static void put(BlobStore store, String key, String content) {
        store.putBlob(
                BUCKET,
                store.blobBuilder(key).payload(content.getBytes(StandardCharsets.UTF_8)).build());
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

    private static LakeConfig lake(String secret) {
        return LakeConfig.fromProperties(
                Map.of(
                        LakeConfig.ROOT, "unused-lake",
                        LakeConfig.S3_ENDPOINT, "http://127.0.0.1:" + port,
                        LakeConfig.S3_PATH_STYLE_ACCESS, "true",
                        LakeConfig.S3_ACCESS_KEY_ID, "pcw-test",
                        LakeConfig.S3_SECRET_ACCESS_KEY, secret,
                        LakeConfig.CLIENT_REGION, "us-east-1"));
    }

    @Test
    void listsAndReadsThePartnerTierFilesDirectlyUnderThePrefix() throws Exception {
        TierInputFolder folder =
                TierInputFolder.of("s3://" + BUCKET + "/in", lake("pcw-test-secret"));

        List<TierFile> files = folder.list();

        assertThat(files)
                .extracting(TierFile::name)
                .containsExactly("s3://tiers/in/partners_a.csv", "s3://tiers/in/partners_b.json");
        assertThat(files.get(0).size()).isEqualTo(37);
        assertThat(files.get(0).modifiedMillis()).isPositive();
        List<RawTierRecord> records = new ArrayList<>();
        for (TierFile f : files) {
            try (InputStream in = folder.open(f)) {
                TierFileReader.read(f.name(), in, records::add);
            }
        }
        assertThat(records).extracting(r -> r.value("name")).containsExactly("A", "B");
    }

    @Test
    void saysWhatToCheckWhenTheBucketRefusesTheCredentials() {
        TierInputFolder folder = TierInputFolder.of("s3://" + BUCKET + "/in/", lake("wrong"));

        assertThatThrownBy(folder::list)
                .hasMessageStartingWith("cannot list s3://tiers/in/: ")
                .hasMessageEndingWith("(check lake.s3.* and the bucket's permissions)");
    }
}
