package dev.pcw.connectors.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Glue + S3FileIO setup, checked as configuration only: nothing here talks to AWS. */
class GlueCatalogConfigTest {

    @Test
    void glueProducesS3FileIoAndGlueProperties() {
        LakeConfig config = LakeConfig.fromProperties(localS3Glue());

        assertThat(config.catalogType().catalogImpl())
                .isEqualTo("org.apache.iceberg.aws.glue.GlueCatalog");
        assertThat(config.usesS3FileIo()).isTrue();
        assertThat(config.catalogProperties())
                .containsOnly(
                        entry("warehouse", "s3://pcw-lake/prod/warehouse"),
                        entry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO"),
                        entry("http-client.type", "urlconnection"),
                        entry("client.region", "eu-west-1"),
                        entry("glue.id", "123456789012"),
                        entry("glue.skip-archive", "true"),
                        entry("s3.endpoint", "http://127.0.0.1:9000"),
                        entry("s3.path-style-access", "true"),
                        entry("s3.access-key-id", "AKIALOCAL"),
                        entry("s3.secret-access-key", "local-secret"));
    }

    @Test
    void onAwsGlueNeedsNoStaticKeysOrEndpoint() {
        Map<String, String> props = new HashMap<>();
        props.put(LakeConfig.CATALOG_TYPE, "glue");
        props.put("S3_LAKE_BUCKET", "pcw-lake");

        assertThat(LakeConfig.fromProperties(props).catalogProperties())
                .containsOnly(
                        entry("warehouse", "s3://pcw-lake/warehouse"),
                        entry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO"),
                        entry("http-client.type", "urlconnection"));
    }

    @Test
    void keepsSecretsOutOfToStringAndOutOfTheLoadersToString() {
        LakeConfig config = LakeConfig.fromProperties(localS3Glue());

        assertThat(config.toString())
                .contains("catalog=glue 'pcw'")
                .contains("s3.endpoint=http://127.0.0.1:9000")
                .contains("s3 static credentials=****")
                .contains("glue keys=[glue.id, glue.skip-archive]")
                .doesNotContain("local-secret")
                .doesNotContain("AKIALOCAL");
        assertThat(Catalogs.loader(config).toString())
                .doesNotContain("local-secret")
                .doesNotContain("AKIALOCAL");
    }

    @Test
    void aJdbcCatalogWithAnS3WarehouseAlsoWritesThroughS3FileIo() {
        Map<String, String> props = LakeConfigTest.jdbc("jdbc:postgresql://db/lake");
        props.put(LakeConfig.ROOT, "s3://pcw-lake");
        props.put(LakeConfig.S3_ENDPOINT, "http://127.0.0.1:9000");

        assertThat(LakeConfig.fromProperties(props).catalogProperties())
                .containsEntry("io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
                .containsEntry("s3.endpoint", "http://127.0.0.1:9000")
                .containsEntry("uri", "jdbc:postgresql://db/lake");
    }

    @Test
    void refusesAGlueCatalogWithALocalWarehouse() {
        Map<String, String> props = new HashMap<>();
        props.put(LakeConfig.CATALOG_TYPE, "glue");

        assertThatThrownBy(() -> LakeConfig.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The glue catalog needs its warehouse on S3")
                .hasMessageContaining("set lake.root (or S3_LAKE_BUCKET)");
    }

    @Test
    void refusesHalfAStaticKeyPair() {
        Map<String, String> props = localS3Glue();
        props.remove(LakeConfig.S3_SECRET_ACCESS_KEY);

        assertThatThrownBy(() -> LakeConfig.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "lake.s3.access-key-id and lake.s3.secret-access-key go together");
    }

    @Test
    void refusesAPathStyleFlagThatIsNotABoolean() {
        Map<String, String> props = localS3Glue();
        props.put(LakeConfig.S3_PATH_STYLE_ACCESS, "yes");

        assertThatThrownBy(() -> LakeConfig.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lake.s3.path-style-access 'yes' is not true or false");
    }

    @Test
    void withoutTheAwsSdkOpeningGlueFailsNamingWhatToAdd() {
        assumeFalse(
                present("software.amazon.awssdk.services.glue.GlueClient"),
                "the AWS SDK is on this test classpath");

        assertThatThrownBy(() -> Catalogs.create(LakeConfig.fromProperties(localS3Glue())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The Iceberg glue catalog 'pcw'")
                .hasMessageContaining("software.amazon.awssdk.services.glue.GlueClient")
                .hasMessageContaining("add org.apache.iceberg:iceberg-aws-bundle");
    }

    private static Map<String, String> localS3Glue() {
        Map<String, String> props = new HashMap<>();
        props.put(LakeConfig.CATALOG_TYPE, "glue");
        props.put("S3_LAKE_BUCKET", "s3://pcw-lake/prod/");
        props.put("AWS_REGION", "eu-west-1");
        props.put("lake.glue.id", "123456789012");
        props.put("lake.glue.skip-archive", "true");
        props.put(LakeConfig.S3_ENDPOINT, "http://127.0.0.1:9000");
        props.put(LakeConfig.S3_PATH_STYLE_ACCESS, "TRUE");
        props.put(LakeConfig.S3_ACCESS_KEY_ID, "AKIALOCAL");
        props.put(LakeConfig.S3_SECRET_ACCESS_KEY, "local-secret");
        return props;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, GlueCatalogConfigTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
