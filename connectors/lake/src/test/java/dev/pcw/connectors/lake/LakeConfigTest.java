package dev.pcw.connectors.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LakeConfigTest {
    private static final String CWD = Paths.get("").toAbsolutePath().toString();

    @Test
    void defaultsToAHadoopCatalogUnderVarLake() {
        LakeConfig config = LakeConfig.defaults();

        assertThat(config.catalogType()).isEqualTo(LakeConfig.CatalogType.HADOOP);
        assertThat(config.catalogName()).isEqualTo("pcw");
        assertThat(config.lakeRoot()).isEqualTo("file://" + CWD + "/var/lake");
        assertThat(config.warehouse()).isEqualTo("file://" + CWD + "/var/lake/warehouse");
        assertThat(config.namespace()).isEqualTo("pcw_silver");
        assertThat(config.usesS3FileIo()).isFalse();
        assertThat(config.catalogProperties())
                .containsExactly(entry("warehouse", "file://" + CWD + "/var/lake/warehouse"));
        assertThat(config.tableIdentifier("partnercentral_opportunities"))
                .hasToString("pcw_silver.partnercentral_opportunities");
        assertThat(config.bronzePaths().lakeRoot()).hasToString(config.lakeRoot());
    }

    @Test
    void anExplicitRootWinsOverS3LakeBucketWhichWinsOverTheDefault() {
        Map<String, String> props = new HashMap<>();
        props.put("S3_LAKE_BUCKET", "pcw-lake/prod");
        props.put(LakeConfig.CATALOG_TYPE, "glue");
        assertThat(LakeConfig.fromProperties(props).lakeRoot()).isEqualTo("s3://pcw-lake/prod");

        props.put(LakeConfig.ROOT, "s3://other-bucket/x/");
        LakeConfig explicit = LakeConfig.fromProperties(props);
        assertThat(explicit.lakeRoot()).isEqualTo("s3://other-bucket/x");
        assertThat(explicit.warehouse()).isEqualTo("s3://other-bucket/x/warehouse");
    }

    @Test
    void acceptsS3LakeBucketAsABucketAPathOrAUri() {
        for (String value : new String[] {"b", "b/", "s3://b", "s3://b/"}) {
            Map<String, String> props = new HashMap<>();
            props.put("S3_LAKE_BUCKET", value);
            props.put(LakeConfig.CATALOG_TYPE, "glue");
            assertThat(LakeConfig.fromProperties(props).lakeRoot()).as(value).isEqualTo("s3://b");
        }
    }

    @Test
    void anExplicitWarehouseWinsOverTheDerivedOne() {
        Map<String, String> props = new HashMap<>();
        props.put(LakeConfig.ROOT, "/data/lake");
        props.put(LakeConfig.WAREHOUSE, "/data/iceberg/");

        LakeConfig config = LakeConfig.fromProperties(props);

        assertThat(config.lakeRoot()).isEqualTo("file:///data/lake");
        assertThat(config.warehouse()).isEqualTo("file:///data/iceberg");
    }

    @Test
    void lakeClientRegionWinsOverAwsRegion() {
        Map<String, String> props = glue();
        props.put("AWS_REGION", "eu-west-1");
        assertThat(LakeConfig.fromProperties(props).clientRegion()).isEqualTo("eu-west-1");

        props.put(LakeConfig.CLIENT_REGION, "us-east-1");
        assertThat(LakeConfig.fromProperties(props).catalogProperties())
                .containsEntry("client.region", "us-east-1");
    }

    @Test
    void ignoresKeysOfOtherGroupsAndOfOtherCatalogTypes() {
        Map<String, String> props = new HashMap<>();
        props.put("pc.account-id", "123");
        props.put("lake.bronze.rolling-interval", "5 min");
        props.put(LakeConfig.JDBC_URI, "jdbc:postgresql://db/lake");
        props.put(LakeConfig.JDBC_PASSWORD, "s3cr3t");
        props.put("lake.glue.id", "123456789012");

        LakeConfig config = LakeConfig.fromProperties(props);

        assertThat(config.catalogType()).isEqualTo(LakeConfig.CatalogType.HADOOP);
        assertThat(config.jdbcUri()).isNull();
        assertThat(config.catalogProperties()).containsOnlyKeys("warehouse");
    }

    @Test
    void jdbcProducesTheCatalogPropertiesTrinoCanShare() {
        Map<String, String> props = jdbc("jdbc:postgresql://127.0.0.1:5432/pcw_lake");
        props.put(LakeConfig.JDBC_USER, "pcw");
        props.put(LakeConfig.JDBC_PASSWORD, "s3cr3t");
        props.put(LakeConfig.ROOT, "/srv/lake");

        LakeConfig config = LakeConfig.fromProperties(props);

        assertThat(config.catalogProperties())
                .containsOnly(
                        entry("warehouse", "file:///srv/lake/warehouse"),
                        entry("uri", "jdbc:postgresql://127.0.0.1:5432/pcw_lake"),
                        entry("jdbc.user", "pcw"),
                        entry("jdbc.password", "s3cr3t"),
                        entry("jdbc.schema-version", "V1"));
        assertThat(config.toString())
                .contains("jdbc.uri=jdbc:postgresql://127.0.0.1:5432/pcw_lake")
                .contains("jdbc.password=****")
                .doesNotContain("s3cr3t");
    }

    @Test
    void redactsAPasswordInsideTheJdbcUri() {
        LakeConfig config =
                LakeConfig.fromProperties(
                        jdbc("jdbc:postgresql://db:5432/lake?user=pcw&password=hunter2&ssl=true"));

        assertThat(config.toString())
                .contains("jdbc:postgresql://db:5432/lake?user=pcw&password=****&ssl=true")
                .doesNotContain("hunter2");
    }

    @Test
    void refusesAJdbcCatalogOnSqliteAndSaysWhy() {
        assertThatThrownBy(() -> LakeConfig.fromProperties(jdbc("jdbc:sqlite:/data/catalog.db")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("An Iceberg JDBC catalog on SQLite is refused")
                .hasMessageContaining("SQLITE_BUSY")
                .hasMessageContaining("stale metadata")
                .hasMessageContaining("lake.catalog.type=hadoop");
    }

    @Test
    void refusesAJdbcCatalogWithoutAUri() {
        Map<String, String> props = new HashMap<>();
        props.put(LakeConfig.CATALOG_TYPE, "JDBC");

        assertThatThrownBy(() -> LakeConfig.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "lake.catalog.type=jdbc needs lake.jdbc.uri, e.g."
                                + " jdbc:postgresql://127.0.0.1:5432/pcw_lake");
    }

    @Test
    void refusesAJdbcUriThatIsNoJdbcUrl() {
        assertThatThrownBy(() -> LakeConfig.fromProperties(jdbc("postgresql://db/lake")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lake.jdbc.uri 'postgresql://db/lake' is not a JDBC URL");
    }

    @Test
    void refusesAnUnknownSchemaVersion() {
        Map<String, String> props = jdbc("jdbc:postgresql://db/lake");
        props.put(LakeConfig.JDBC_SCHEMA_VERSION, "V2");

        assertThatThrownBy(() -> LakeConfig.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lake.jdbc.schema-version 'V2' is not V0 or V1 (default V1)");
    }

    @Test
    void refusesAnUnknownCatalogTypeNamingTheAcceptedOnes() {
        Map<String, String> props = new HashMap<>();
        props.put(LakeConfig.CATALOG_TYPE, "hive");

        assertThatThrownBy(() -> LakeConfig.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown lake.catalog.type 'hive': use hadoop (local folder, zero setup),"
                                + " jdbc (PostgreSQL) or glue (AWS Glue + S3)");
    }

    @Test
    void refusesAnUnknownLakeKeySoThatTyposFailEarly() {
        Map<String, String> props = new HashMap<>();
        props.put("lake.catalog.typ", "jdbc");

        assertThatThrownBy(() -> LakeConfig.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown lake configuration key(s) [lake.catalog.typ]")
                .hasMessageContaining("lake.catalog.type");
    }

    @Test
    void refusesAHadoopCatalogOnS3() {
        Map<String, String> props = new HashMap<>();
        props.put("S3_LAKE_BUCKET", "pcw-lake");

        assertThatThrownBy(() -> LakeConfig.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The hadoop catalog needs a local warehouse")
                .hasMessageContaining("s3://pcw-lake/warehouse")
                .hasMessageContaining("set lake.catalog.type=glue (Athena) or jdbc");
    }

    @Test
    void refusesANamespaceGlueCannotHold() {
        Map<String, String> props = new HashMap<>();
        props.put(LakeConfig.NAMESPACE, "PCW-Silver");

        assertThatThrownBy(() -> LakeConfig.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lake.namespace 'PCW-Silver' is not a valid namespace");
    }

    @Test
    void refusesAPassThroughKeyThatATypedKeySets() {
        Map<String, String> props = jdbc("jdbc:postgresql://db/lake");
        props.put("lake.iceberg.jdbc.schema-version", "V0");

        assertThatThrownBy(() -> LakeConfig.fromProperties(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "lake.iceberg.jdbc.schema-version sets the catalog property"
                                + " 'jdbc.schema-version', which a typed key already sets: use"
                                + " lake.jdbc.schema-version instead");
    }

    @Test
    void passesOtherIcebergPropertiesThroughWithoutShowingTheirValues() {
        Map<String, String> props = new HashMap<>();
        props.put("lake.iceberg.cache-enabled", "false");
        props.put("lake.iceberg.some.token", "t0ken");

        LakeConfig config = LakeConfig.fromProperties(props);

        assertThat(config.catalogProperties())
                .containsEntry("cache-enabled", "false")
                .containsEntry("some.token", "t0ken");
        assertThat(config.toString())
                .contains("iceberg keys=[cache-enabled, some.token]")
                .doesNotContain("t0ken");
    }

    @Test
    void survivesJavaSerializationWithItsSecrets() throws IOException, ClassNotFoundException {
        Map<String, String> props = jdbc("jdbc:postgresql://db/lake");
        props.put(LakeConfig.JDBC_PASSWORD, "s3cr3t");
        LakeConfig config = LakeConfig.fromProperties(props);

        LakeConfig copy = roundTrip(config);

        assertThat(copy).isEqualTo(config);
        assertThat(copy.catalogProperties()).containsEntry("jdbc.password", "s3cr3t");
    }

    static Map<String, String> jdbc(String uri) {
        Map<String, String> props = new HashMap<>();
        props.put(LakeConfig.CATALOG_TYPE, "jdbc");
        props.put(LakeConfig.JDBC_URI, uri);
        return props;
    }

    static Map<String, String> glue() {
        Map<String, String> props = new HashMap<>();
        props.put(LakeConfig.CATALOG_TYPE, "glue");
        props.put("S3_LAKE_BUCKET", "pcw-lake");
        return props;
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
