package dev.pcw.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.jobs.config.PcwConfig;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;

/**
 * The job jar can open a Glue catalog with S3FileIO: the classes Iceberg loads by name are all
 * there (nothing is called: creating the catalog does not reach AWS).
 */
class GlueCatalogWiringTest {
    @Test
    void aGlueCatalogWithS3FileIoOpensFromConfiguration() throws Exception {
        PcwConfig config =
                PcwConfig.load(
                        null,
                        Map.of("S3_LAKE_BUCKET", "acme-lake"),
                        Map.of("lake.catalog.type", "glue", "lake.client.region", "us-east-1"));
        LakeConfig lake = IngestJob.lakeConfig(config);
        assertThat(lake.warehouse()).startsWith("s3://acme-lake");
        assertThat(lake.usesS3FileIo()).isTrue();
        Catalog catalog = Catalogs.create(lake);
        try {
            assertThat(catalog.getClass().getName())
                    .isEqualTo("org.apache.iceberg.aws.glue.GlueCatalog");
            assertThat(catalog.name()).isEqualTo(lake.catalogName());
        } finally {
            ((AutoCloseable) catalog).close();
        }
    }
}
