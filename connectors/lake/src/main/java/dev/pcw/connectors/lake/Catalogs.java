package dev.pcw.connectors.lake;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the Iceberg catalog a {@link LakeConfig} describes: directly, for the CLI, the sidecar and
 * table creation, or through a serializable {@link CatalogLoader} for Flink jobs.
 *
 * <pre>{@code
 * LakeConfig config = LakeConfig.fromProperties(props);   // hadoop under ./var/lake by default
 * Catalog catalog = Catalogs.create(config);               // close it when it is Closeable
 * TableLoader tables = Catalogs.tableLoader(config, "partnercentral_opportunities");
 * }</pre>
 */
public final class Catalogs {
    private static final Logger LOG = LoggerFactory.getLogger(Catalogs.class);

    private static final String AWS_ARTIFACTS =
            "add org.apache.iceberg:iceberg-aws-bundle (or the AWS SDK v2 modules glue, s3, sts,"
                    + " kms and url-connection-client) to the job's classpath";

    private Catalogs() {}

    /**
     * Opens the catalog now. JDBC catalogs connect (and create their catalog tables when absent);
     * Glue and S3 clients are created on first use. The returned catalog is {@link
     * java.io.Closeable} for every type pcw supports: close it when done.
     *
     * @throws IllegalStateException when the catalog cannot be opened or a library it needs is
     *     missing, naming the catalog and what to check
     */
    public static Catalog create(LakeConfig config) {
        Objects.requireNonNull(config, "config");
        checkRuntimeClasses(config);
        LOG.info(
                "Opening Iceberg {} catalog '{}' (warehouse {})",
                config.catalogType().configName(),
                config.catalogName(),
                config.warehouse());
        try {
            return CatalogUtil.loadCatalog(
                    config.catalogType().catalogImpl(),
                    config.catalogName(),
                    config.catalogProperties(),
                    hadoopConfiguration());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot open the Iceberg "
                            + config.catalogType().configName()
                            + " catalog '"
                            + config.catalogName()
                            + "' ("
                            + describeTarget(config)
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * A loader for Flink operators: it holds only the (serializable) configuration and opens the
     * catalog in {@link CatalogLoader#loadCatalog()}, i.e. on the TaskManager, once per call. Its
     * {@code toString} carries no secrets.
     */
    public static CatalogLoader loader(LakeConfig config) {
        return new LakeCatalogLoader(Objects.requireNonNull(config, "config"));
    }

    /** A Flink {@link TableLoader} for a table of the configured namespace. */
    public static TableLoader tableLoader(LakeConfig config, String tableName) {
        return TableLoader.fromCatalog(loader(config), config.tableIdentifier(tableName));
    }

    /**
     * The Hadoop configuration catalogs get: Hadoop's defaults plus any {@code core-site.xml} on
     * the classpath. Only the Hadoop catalog and HadoopFileIO (local warehouses) read it.
     */
    static Configuration hadoopConfiguration() {
        return new Configuration();
    }

    private static String describeTarget(LakeConfig config) {
        switch (config.catalogType()) {
            case JDBC:
                return LakeConfig.redactUri(config.jdbcUri())
                        + "; check "
                        + LakeConfig.JDBC_URI
                        + ", "
                        + LakeConfig.JDBC_USER
                        + " and "
                        + LakeConfig.JDBC_PASSWORD
                        + ", and that the database accepts connections";
            case GLUE:
                return "region "
                        + (config.clientRegion() == null
                                ? "from the default chain"
                                : config.clientRegion())
                        + ", warehouse "
                        + config.warehouse();
            default:
                return "warehouse " + config.warehouse();
        }
    }

    /** Fails early, with the artifacts to add, when Glue or S3FileIO lack the AWS SDK. */
    private static void checkRuntimeClasses(LakeConfig config) {
        List<String> needed = new ArrayList<>();
        if (config.catalogType() == LakeConfig.CatalogType.GLUE) {
            needed.add("software.amazon.awssdk.services.glue.GlueClient");
        }
        if (config.usesS3FileIo()) {
            needed.add("software.amazon.awssdk.services.s3.S3Client");
            String httpClient = config.catalogProperties().get(LakeConfig.P_HTTP_CLIENT_TYPE);
            needed.add(
                    "apache".equalsIgnoreCase(httpClient)
                            ? "software.amazon.awssdk.http.apache.ApacheHttpClient"
                            : "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient");
        }
        List<String> missing = new ArrayList<>();
        for (String className : needed) {
            if (!isPresent(className)) {
                missing.add(className);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "The Iceberg "
                            + config.catalogType().configName()
                            + " catalog '"
                            + config.catalogName()
                            + "' with warehouse "
                            + config.warehouse()
                            + " needs the AWS SDK, but "
                            + String.join(", ", missing)
                            + " cannot be loaded: "
                            + AWS_ARTIFACTS);
        }
    }

    private static boolean isPresent(String className) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (ClassLoader loader : new ClassLoader[] {context, Catalogs.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                Class.forName(className, false, loader);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return false;
    }

    /**
     * The Flink-side loader. Only the configuration travels with the job graph; the catalog, its
     * connection pool and its AWS clients are created on the TaskManager when an operator opens, as
     * upstream's loaders do.
     */
    static final class LakeCatalogLoader implements CatalogLoader {
        private static final long serialVersionUID = 1L;

        private final LakeConfig config;

        LakeCatalogLoader(LakeConfig config) {
            this.config = config;
        }

        @Override
        public Catalog loadCatalog() {
            return create(config);
        }

        @Override
        public CatalogLoader clone() {
            // Immutable state: a copy shares the configuration.
            return new LakeCatalogLoader(config);
        }

        LakeConfig config() {
            return config;
        }

        @Override
        public String toString() {
            return "LakeCatalogLoader{" + config + "}";
        }
    }

    /**
     * Closes a catalog from {@link #create} when it holds resources; a failure to close is ignored
     * (closing a catalog client cannot lose data).
     */
    public static void closeQuietly(Catalog catalog) {
        if (catalog instanceof AutoCloseable) {
            try {
                ((AutoCloseable) catalog).close();
            } catch (Exception e) {
                LOG.debug("Closing the catalog failed", e);
            }
        }
    }
}
