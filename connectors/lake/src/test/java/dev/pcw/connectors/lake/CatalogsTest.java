package dev.pcw.connectors.lake;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CatalogsTest {
    private static final Schema SCHEMA =
            new Schema(
                    required(1, "id", Types.StringType.get()),
                    optional(2, "stage", Types.StringType.get()));

    @TempDir Path dir;

    @Test
    void theDefaultCatalogIsAHadoopCatalogOnTheLocalWarehouse() throws Exception {
        LakeConfig config = localConfig();

        try (Closeable catalog = (Closeable) Catalogs.create(config)) {
            assertThat(catalog).isInstanceOf(HadoopCatalog.class);
            assertThat(((Catalog) catalog).name()).isEqualTo("pcw");
            Table table =
                    TableManager.ensureTable(
                            (Catalog) catalog,
                            config.tableIdentifier("opportunities"),
                            SCHEMA,
                            PartitionSpec.unpartitioned(),
                            Collections.<String, String>emptyMap(),
                            Collections.singleton("id"));
            assertThat(table.location())
                    .isEqualTo(config.warehouse() + "/pcw_silver/opportunities");
        }
    }

    @Test
    void theLoaderSurvivesJavaSerializationAndOpensTheSameCatalog() throws Exception {
        LakeConfig config = localConfig();
        try (Closeable catalog = (Closeable) Catalogs.create(config)) {
            TableManager.ensureTable(
                    (Catalog) catalog,
                    config.tableIdentifier("opportunities"),
                    SCHEMA,
                    PartitionSpec.unpartitioned(),
                    Collections.<String, String>emptyMap(),
                    Collections.singleton("id"));
        }

        CatalogLoader loader = LakeConfigTest.roundTrip(Catalogs.loader(config));
        CatalogLoader copy = loader.clone();

        assertThat(loader.toString()).startsWith("LakeCatalogLoader{LakeConfig{catalog=hadoop");
        for (CatalogLoader l : new CatalogLoader[] {loader, copy}) {
            Catalog catalog = l.loadCatalog();
            try {
                assertThat(catalog.tableExists(config.tableIdentifier("opportunities"))).isTrue();
            } finally {
                ((Closeable) catalog).close();
            }
        }
    }

    @Test
    void theTableLoaderLoadsATableOfTheConfiguredNamespace() throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put(LakeConfig.ROOT, dir.toString());
        props.put(LakeConfig.NAMESPACE, "pcw_test");
        LakeConfig config = LakeConfig.fromProperties(props);
        try (Closeable catalog = (Closeable) Catalogs.create(config)) {
            TableManager.ensureTable(
                    (Catalog) catalog,
                    config.tableIdentifier("solutions"),
                    SCHEMA,
                    PartitionSpec.unpartitioned(),
                    Collections.<String, String>emptyMap(),
                    Collections.singleton("id"));
        }

        try (TableLoader tables =
                LakeConfigTest.roundTrip(Catalogs.tableLoader(config, "solutions"))) {
            tables.open();
            Table table = tables.loadTable();
            assertThat(table.name()).isEqualTo("pcw.pcw_test.solutions");
            assertThat(table.schema().identifierFieldNames()).containsExactly("id");
        }
    }

    @Test
    void anUnreachableJdbcCatalogFailsNamingTheUriAndWhatToCheck() {
        // Port 1 on the loopback interface: nothing listens, the connection is refused at once.
        Map<String, String> props = LakeConfigTest.jdbc("jdbc:postgresql://127.0.0.1:1/lake");
        props.put(LakeConfig.ROOT, dir.toString());
        props.put(LakeConfig.JDBC_PASSWORD, "s3cr3t");
        props.put("lake.iceberg.jdbc.connectTimeout", "2");

        assertThatThrownBy(() -> Catalogs.create(LakeConfig.fromProperties(props)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "Cannot open the Iceberg jdbc catalog 'pcw'"
                                + " (jdbc:postgresql://127.0.0.1:1/lake; check lake.jdbc.uri,"
                                + " lake.jdbc.user and lake.jdbc.password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }

    private LakeConfig localConfig() {
        return LakeConfig.fromProperties(Collections.singletonMap(LakeConfig.ROOT, dir.toString()));
    }
}
