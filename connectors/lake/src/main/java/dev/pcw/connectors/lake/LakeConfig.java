package dev.pcw.connectors.lake;

import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Where the lake is and which Iceberg catalog holds its silver tables, parsed once from a flat map
 * of properties. Immutable and serializable, so a Flink job parses it on the client and ships it to
 * every subtask (see {@link Catalogs#loader(LakeConfig)}).
 *
 * <h2>Precedence</h2>
 *
 * <ol>
 *   <li>A {@code lake.*} key in the map (e.g. {@code lake.root}).
 *   <li>Its environment-style alias in the same map, where one exists ({@code S3_LAKE_BUCKET} for
 *       the root, {@code AWS_REGION} for the region). This class never reads the process
 *       environment itself: the caller merges command-line arguments, environment, {@code
 *       connectors.yaml} or a Managed Flink property group into one map, in its own written order,
 *       so that a test, the CLI and a TaskManager see the same values.
 *   <li>The default below. Derived defaults are computed after the keys they derive from (the
 *       warehouse from the root, whichever way the root was set).
 * </ol>
 *
 * <p>Keys of another catalog type are ignored (a {@code lake.jdbc.*} key while the type is {@code
 * hadoop}), so one file can hold several setups. Unknown {@code lake.*} keys are refused, so a typo
 * fails at start-up instead of silently falling back to a default; {@code lake.bronze.*} is
 * reserved for the bronze writer and not read here. Relative local paths are resolved against the
 * working directory of the process that parses the map.
 *
 * <h2>Keys</h2>
 *
 * <table>
 * <caption>Lake configuration</caption>
 * <tr><th>Group</th><th>Key</th><th>Default</th><th>Description</th></tr>
 * <tr><td>lake</td><td>{@code lake.root}</td><td>{@code s3://$S3_LAKE_BUCKET} when
 *     {@code S3_LAKE_BUCKET} is in the map, else {@code ./var/lake}</td><td>Lake root: a local
 *     folder, {@code file:///path} or {@code s3://bucket/prefix}. Bronze lives under
 *     {@code {root}/bronze/}. {@code S3_LAKE_BUCKET} may be {@code bucket},
 *     {@code bucket/prefix} or {@code s3://bucket/prefix}.</td></tr>
 * <tr><td>lake</td><td>{@code lake.warehouse}</td><td>{@code {root}/warehouse}</td><td>Iceberg
 *     warehouse: where table data and metadata files are written.</td></tr>
 * <tr><td>lake</td><td>{@code lake.namespace}</td><td>{@code pcw_silver}</td><td>Namespace (Glue
 *     database) of the silver tables: lower-case letters, digits and {@code _}.</td></tr>
 * <tr><td>catalog</td><td>{@code lake.catalog.type}</td><td>{@code hadoop}</td><td>{@code
 *     hadoop}: zero setup, metadata in the warehouse folder (local only: S3 has no atomic
 *     rename). {@code jdbc}: PostgreSQL, the catalog Flink and Trino (Athena's engine) can
 *     share. {@code glue}: AWS Glue with S3FileIO, what Athena reads.</td></tr>
 * <tr><td>catalog</td><td>{@code lake.catalog.name}</td><td>{@code pcw}</td><td>Catalog name;
 *     with {@code jdbc} it is stored in every catalog row, so every engine sharing the
 *     database must use the same name (Trino: {@code iceberg.jdbc-catalog.catalog-name}).</td></tr>
 * <tr><td>jdbc</td><td>{@code lake.jdbc.uri}</td><td>none, required for {@code jdbc}</td><td>
 *     {@code jdbc:postgresql://host:5432/db} ({@code uri}). SQLite is refused.</td></tr>
 * <tr><td>jdbc</td><td>{@code lake.jdbc.user}</td><td>unset</td><td>Database user
 *     ({@code jdbc.user}).</td></tr>
 * <tr><td>jdbc</td><td>{@code lake.jdbc.password}</td><td>unset</td><td>Secret. Database
 *     password ({@code jdbc.password}); never logged.</td></tr>
 * <tr><td>jdbc</td><td>{@code lake.jdbc.schema-version}</td><td>{@code V1}</td><td>Catalog
 *     table layout ({@code jdbc.schema-version}): {@code V1} (tables and views) or
 *     {@code V0}.</td></tr>
 * <tr><td>aws</td><td>{@code lake.client.region}</td><td>{@code AWS_REGION} from the map, else
 *     the SDK's default region chain</td><td>Region of Glue and S3 ({@code
 *     client.region}).</td></tr>
 * <tr><td>glue</td><td>{@code lake.glue.*}</td><td>none</td><td>Passed to the Glue catalog
 *     without the {@code lake.} prefix, e.g. {@code lake.glue.id} (the catalog's account id)
 *     becomes {@code glue.id}.</td></tr>
 * <tr><td>s3</td><td>{@code lake.s3.endpoint}</td><td>AWS</td><td>S3 endpoint for a local
 *     S3 server ({@code s3.endpoint}). The {@code s3} keys apply whenever the warehouse is on
 *     S3 ({@code io-impl} is then {@code org.apache.iceberg.aws.s3.S3FileIO}).</td></tr>
 * <tr><td>s3</td><td>{@code lake.s3.path-style-access}</td><td>{@code false}</td><td>{@code
 *     true} for local S3 servers ({@code s3.path-style-access}).</td></tr>
 * <tr><td>s3</td><td>{@code lake.s3.access-key-id}</td><td>default AWS credentials chain</td>
 *     <td>Static key for local S3 servers only ({@code s3.access-key-id}); never
 *     logged.</td></tr>
 * <tr><td>s3</td><td>{@code lake.s3.secret-access-key}</td><td>default AWS credentials
 *     chain</td><td>Secret. Its pair ({@code s3.secret-access-key}); never logged.</td></tr>
 * <tr><td>iceberg</td><td>{@code lake.iceberg.*}</td><td>none</td><td>Any other Iceberg catalog
 *     property, passed without the {@code lake.iceberg.} prefix (e.g. {@code
 *     lake.iceberg.http-client.type=apache}, default {@code urlconnection} with S3). It may
 *     not replace a property a typed key above sets. Values are never logged.</td></tr>
 * </table>
 */
public final class LakeConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String ROOT = "lake.root";
    public static final String WAREHOUSE = "lake.warehouse";
    public static final String NAMESPACE = "lake.namespace";
    public static final String CATALOG_TYPE = "lake.catalog.type";
    public static final String CATALOG_NAME = "lake.catalog.name";
    public static final String JDBC_URI = "lake.jdbc.uri";
    public static final String JDBC_USER = "lake.jdbc.user";
    public static final String JDBC_PASSWORD = "lake.jdbc.password";
    public static final String JDBC_SCHEMA_VERSION = "lake.jdbc.schema-version";
    public static final String CLIENT_REGION = "lake.client.region";
    public static final String S3_ENDPOINT = "lake.s3.endpoint";
    public static final String S3_PATH_STYLE_ACCESS = "lake.s3.path-style-access";
    public static final String S3_ACCESS_KEY_ID = "lake.s3.access-key-id";
    public static final String S3_SECRET_ACCESS_KEY = "lake.s3.secret-access-key";

    /** Prefix of keys passed to the Glue catalog as {@code glue.*}. */
    public static final String GLUE_PREFIX = "lake.glue.";

    /** Prefix of keys passed to the Iceberg catalog unchanged, without the prefix. */
    public static final String ICEBERG_PREFIX = "lake.iceberg.";

    /** Prefix reserved for the bronze writer's settings; not read by this class. */
    public static final String BRONZE_PREFIX = "lake.bronze.";

    /** Environment-style alias of {@link #ROOT}: a bucket, {@code bucket/prefix} or S3 URI. */
    public static final String ENV_S3_LAKE_BUCKET = "S3_LAKE_BUCKET";

    /** Environment-style alias of {@link #CLIENT_REGION}. */
    public static final String ENV_AWS_REGION = "AWS_REGION";

    public static final String DEFAULT_ROOT = "./var/lake";
    public static final String DEFAULT_NAMESPACE = "pcw_silver";
    public static final String DEFAULT_CATALOG_NAME = "pcw";
    public static final String DEFAULT_JDBC_SCHEMA_VERSION = "V1";

    // Iceberg catalog property names (CatalogProperties, JdbcCatalog, AwsClientProperties,
    // S3FileIOProperties); spelled here so that this class stays free of iceberg-core types.
    static final String P_WAREHOUSE = "warehouse";
    static final String P_URI = "uri";
    static final String P_IO_IMPL = "io-impl";
    static final String P_JDBC_USER = "jdbc.user";
    static final String P_JDBC_PASSWORD = "jdbc.password";
    static final String P_JDBC_SCHEMA_VERSION = "jdbc.schema-version";
    static final String P_CLIENT_REGION = "client.region";
    static final String P_S3_ENDPOINT = "s3.endpoint";
    static final String P_S3_PATH_STYLE_ACCESS = "s3.path-style-access";
    static final String P_S3_ACCESS_KEY_ID = "s3.access-key-id";
    static final String P_S3_SECRET_ACCESS_KEY = "s3.secret-access-key";
    static final String P_HTTP_CLIENT_TYPE = "http-client.type";
    static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

    private static final List<String> KNOWN_KEYS =
            Collections.unmodifiableList(
                    Arrays.asList(
                            ROOT,
                            WAREHOUSE,
                            NAMESPACE,
                            CATALOG_TYPE,
                            CATALOG_NAME,
                            JDBC_URI,
                            JDBC_USER,
                            JDBC_PASSWORD,
                            JDBC_SCHEMA_VERSION,
                            CLIENT_REGION,
                            S3_ENDPOINT,
                            S3_PATH_STYLE_ACCESS,
                            S3_ACCESS_KEY_ID,
                            S3_SECRET_ACCESS_KEY));
    private static final Pattern NAMESPACE_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern CATALOG_NAME_PATTERN = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern PASSWORD_IN_URI = Pattern.compile("(?i)(password=)[^&;]*");

    /** The Iceberg catalogs pcw can use. */
    public enum CatalogType {
        /** {@code HadoopCatalog}: metadata files in a local warehouse folder, zero setup. */
        HADOOP("hadoop", "org.apache.iceberg.hadoop.HadoopCatalog"),
        /** {@code JdbcCatalog} on PostgreSQL: shared by Flink and Trino. */
        JDBC("jdbc", "org.apache.iceberg.jdbc.JdbcCatalog"),
        /** {@code GlueCatalog} with S3FileIO: what Athena reads. */
        GLUE("glue", "org.apache.iceberg.aws.glue.GlueCatalog");

        private final String configName;
        private final String catalogImpl;

        CatalogType(String configName, String catalogImpl) {
            this.configName = configName;
            this.catalogImpl = catalogImpl;
        }

        /** The value of {@code lake.catalog.type}. */
        public String configName() {
            return configName;
        }

        /** The Iceberg {@code Catalog} class that implements it. */
        public String catalogImpl() {
            return catalogImpl;
        }

        /**
         * Parses {@code lake.catalog.type} (case-insensitive).
         *
         * @throws IllegalArgumentException naming the accepted values
         */
        public static CatalogType parse(String value) {
            String v = value == null ? "" : value.trim();
            for (CatalogType t : values()) {
                if (t.configName.equalsIgnoreCase(v)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(
                    "Unknown "
                            + CATALOG_TYPE
                            + " '"
                            + value
                            + "': use hadoop (local folder, zero setup), jdbc (PostgreSQL) or"
                            + " glue (AWS Glue + S3)");
        }
    }

    private final String root;
    private final String warehouse;
    private final String namespace;
    private final CatalogType catalogType;
    private final String catalogName;
    private final String jdbcUri;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final String jdbcSchemaVersion;
    private final String clientRegion;
    private final String s3Endpoint;
    private final String s3PathStyleAccess;
    private final String s3AccessKeyId;
    private final String s3SecretAccessKey;
    private final SortedMap<String, String> glueProperties;
    private final SortedMap<String, String> icebergProperties;

    private LakeConfig(Map<String, String> props) {
        checkKeys(props);
        this.catalogType =
                props.containsKey(CATALOG_TYPE)
                        ? CatalogType.parse(props.get(CATALOG_TYPE))
                        : CatalogType.HADOOP;
        this.catalogName = get(props, CATALOG_NAME, DEFAULT_CATALOG_NAME);
        if (!CATALOG_NAME_PATTERN.matcher(catalogName).matches()) {
            throw new IllegalArgumentException(
                    CATALOG_NAME
                            + " '"
                            + catalogName
                            + "' is not a valid catalog name: use letters, digits, '-' and"
                            + " '_'");
        }
        this.root = BronzePaths.lakeRootUri(rootSetting(props)).toString();
        String configuredWarehouse = get(props, WAREHOUSE, null);
        this.warehouse =
                configuredWarehouse == null
                        ? root + "/warehouse"
                        : BronzePaths.lakeRootUri(configuredWarehouse).toString();
        this.namespace = get(props, NAMESPACE, DEFAULT_NAMESPACE);
        if (!NAMESPACE_NAME.matcher(namespace).matches()) {
            throw new IllegalArgumentException(
                    NAMESPACE
                            + " '"
                            + namespace
                            + "' is not a valid namespace: Glue and Athena databases take"
                            + " lower-case letters, digits and '_' (default "
                            + DEFAULT_NAMESPACE
                            + ")");
        }

        boolean jdbc = catalogType == CatalogType.JDBC;
        this.jdbcUri = jdbc ? checkJdbcUri(get(props, JDBC_URI, null)) : null;
        this.jdbcUser = jdbc ? get(props, JDBC_USER, null) : null;
        this.jdbcPassword = jdbc ? secret(props, JDBC_PASSWORD) : null;
        this.jdbcSchemaVersion =
                jdbc ? checkSchemaVersion(get(props, JDBC_SCHEMA_VERSION, null)) : null;

        boolean s3 = isS3(warehouse);
        // Read even for a local lake: other s3:// locations (the partner tier input) use them;
        // the catalog gets them only when it is on S3 or Glue.
        this.clientRegion = get(props, CLIENT_REGION, get(props, ENV_AWS_REGION, null));
        this.s3Endpoint = get(props, S3_ENDPOINT, null);
        this.s3PathStyleAccess = checkBoolean(props, S3_PATH_STYLE_ACCESS);
        this.s3AccessKeyId = get(props, S3_ACCESS_KEY_ID, null);
        this.s3SecretAccessKey = secret(props, S3_SECRET_ACCESS_KEY);
        if ((s3AccessKeyId == null) != (s3SecretAccessKey == null)) {
            throw new IllegalArgumentException(
                    S3_ACCESS_KEY_ID
                            + " and "
                            + S3_SECRET_ACCESS_KEY
                            + " go together: set both (local S3 servers) or neither (the"
                            + " default AWS credentials chain)");
        }

        SortedMap<String, String> glue = new TreeMap<>();
        SortedMap<String, String> iceberg = new TreeMap<>();
        for (Map.Entry<String, String> e : props.entrySet()) {
            if (e.getKey().startsWith(GLUE_PREFIX) && catalogType == CatalogType.GLUE) {
                glue.put(e.getKey().substring("lake.".length()), e.getValue());
            } else if (e.getKey().startsWith(ICEBERG_PREFIX)) {
                iceberg.put(e.getKey().substring(ICEBERG_PREFIX.length()), e.getValue());
            }
        }
        this.glueProperties = Collections.unmodifiableSortedMap(glue);
        this.icebergProperties = Collections.unmodifiableSortedMap(iceberg);

        if (catalogType == CatalogType.HADOOP && !warehouse.startsWith("file:")) {
            throw new IllegalArgumentException(
                    "The hadoop catalog needs a local warehouse (its commits rely on an atomic"
                            + " rename, which S3 does not have), but the warehouse is "
                            + warehouse
                            + ": set "
                            + CATALOG_TYPE
                            + "=glue (Athena) or jdbc (PostgreSQL), or point "
                            + WAREHOUSE
                            + " at a local folder");
        }
        if (catalogType == CatalogType.GLUE && !s3) {
            throw new IllegalArgumentException(
                    "The glue catalog needs its warehouse on S3 (Athena reads table files from"
                            + " S3), but the warehouse is "
                            + warehouse
                            + ": set "
                            + ROOT
                            + " (or S3_LAKE_BUCKET) or "
                            + WAREHOUSE
                            + " to s3://bucket/prefix");
        }
        checkPassThroughCollisions();
    }

    /** The configuration with every default: a Hadoop catalog under {@code ./var/lake}. */
    public static LakeConfig defaults() {
        return fromProperties(Collections.<String, String>emptyMap());
    }

    /**
     * Parses a flat map of properties (see the class javadoc for keys and precedence). Keys that
     * start neither with {@code lake.} nor name an alias are ignored, so the caller may pass a map
     * holding other groups too.
     *
     * @throws IllegalArgumentException naming the key and the accepted values when a value is bad,
     *     a required key is missing or a {@code lake.*} key is unknown
     */
    public static LakeConfig fromProperties(Map<String, String> properties) {
        Objects.requireNonNull(properties, "properties");
        Map<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey() != null && e.getValue() != null) {
                copy.put(e.getKey().trim(), e.getValue());
            }
        }
        return new LakeConfig(copy);
    }

    /**
     * The lake root as a URI string without a trailing slash: {@code file:///…} or {@code s3://…}.
     */
    public String lakeRoot() {
        return root;
    }

    /** The bronze layout under {@link #lakeRoot()}. */
    public BronzePaths bronzePaths() {
        return BronzePaths.under(root);
    }

    /** The Iceberg warehouse as a URI string without a trailing slash. */
    public String warehouse() {
        return warehouse;
    }

    /** The namespace (Glue database) of the silver tables. */
    public String namespace() {
        return namespace;
    }

    /** A table of {@link #namespace()}, e.g. {@code pcw_silver.partnercentral_opportunities}. */
    public TableIdentifier tableIdentifier(String tableName) {
        if (tableName == null || tableName.trim().isEmpty()) {
            throw new IllegalArgumentException("A table name is required");
        }
        return TableIdentifier.of(Namespace.of(namespace), tableName);
    }

    public CatalogType catalogType() {
        return catalogType;
    }

    public String catalogName() {
        return catalogName;
    }

    /** The JDBC URL of a {@code jdbc} catalog, or null for the other types. */
    public String jdbcUri() {
        return jdbcUri;
    }

    /** The AWS region set for Glue and S3, or null for the SDK's default region chain. */
    public String clientRegion() {
        return clientRegion;
    }

    /** Whether table files are written through S3FileIO (the warehouse is on S3). */
    public boolean usesS3FileIo() {
        return isS3(warehouse);
    }

    /**
     * The properties the Iceberg catalog is initialized with ({@code warehouse}, {@code uri},
     * {@code jdbc.*}, {@code io-impl}, {@code client.region}, {@code s3.*}, {@code glue.*}, …).
     * They include secrets: pass them to Iceberg, never to a log.
     */
    public Map<String, String> catalogProperties() {
        Map<String, String> props = new TreeMap<>();
        if (usesS3FileIo()) {
            // Iceberg's default is the Apache HTTP client; the SDK module pcw ships is
            // url-connection-client (see STACK.md). A pass-through key may change it.
            props.put(P_HTTP_CLIENT_TYPE, "urlconnection");
        }
        props.putAll(icebergProperties);
        props.putAll(typedProperties());
        return Collections.unmodifiableMap(props);
    }

    /**
     * The properties of an S3FileIO that reads other {@code s3://} locations with the lake's S3
     * settings (the partner tier input folder): the HTTP client, {@code client.region}, {@code
     * s3.*}. They include secrets: pass them to Iceberg, never to a log.
     */
    public Map<String, String> s3FileIoProperties() {
        Map<String, String> props = new TreeMap<>();
        props.put(P_HTTP_CLIENT_TYPE, "urlconnection");
        for (Map.Entry<String, String> e : icebergProperties.entrySet()) {
            if (e.getKey().startsWith("s3.")
                    || e.getKey().startsWith("client.")
                    || e.getKey().startsWith("http-client.")) {
                props.put(e.getKey(), e.getValue());
            }
        }
        putIfSet(props, P_CLIENT_REGION, clientRegion);
        putIfSet(props, P_S3_ENDPOINT, s3Endpoint);
        putIfSet(props, P_S3_PATH_STYLE_ACCESS, s3PathStyleAccess);
        putIfSet(props, P_S3_ACCESS_KEY_ID, s3AccessKeyId);
        putIfSet(props, P_S3_SECRET_ACCESS_KEY, s3SecretAccessKey);
        return Collections.unmodifiableMap(props);
    }

    private Map<String, String> typedProperties() {
        Map<String, String> props = new TreeMap<>();
        props.put(P_WAREHOUSE, warehouse);
        if (catalogType == CatalogType.JDBC) {
            props.put(P_URI, jdbcUri);
            putIfSet(props, P_JDBC_USER, jdbcUser);
            putIfSet(props, P_JDBC_PASSWORD, jdbcPassword);
            props.put(P_JDBC_SCHEMA_VERSION, jdbcSchemaVersion);
        }
        if (usesS3FileIo()) {
            props.put(P_IO_IMPL, S3_FILE_IO);
        }
        if (usesS3FileIo() || catalogType == CatalogType.GLUE) {
            putIfSet(props, P_CLIENT_REGION, clientRegion);
            putIfSet(props, P_S3_ENDPOINT, s3Endpoint);
            putIfSet(props, P_S3_PATH_STYLE_ACCESS, s3PathStyleAccess);
            putIfSet(props, P_S3_ACCESS_KEY_ID, s3AccessKeyId);
            putIfSet(props, P_S3_SECRET_ACCESS_KEY, s3SecretAccessKey);
        }
        props.putAll(glueProperties);
        return props;
    }

    private void checkPassThroughCollisions() {
        Map<String, String> typed = typedProperties();
        for (String key : icebergProperties.keySet()) {
            if (typed.containsKey(key) || key.startsWith("glue.")) {
                throw new IllegalArgumentException(
                        ICEBERG_PREFIX
                                + key
                                + " sets the catalog property '"
                                + key
                                + "', which a typed key already sets: use "
                                + typedKeyFor(key)
                                + " instead");
            }
        }
    }

    private static String typedKeyFor(String property) {
        switch (property) {
            case P_WAREHOUSE:
                return WAREHOUSE;
            case P_URI:
                return JDBC_URI;
            case P_IO_IMPL:
                return WAREHOUSE + " (S3FileIO is chosen for s3:// warehouses)";
            default:
                return "lake." + property;
        }
    }

    private static void checkKeys(Map<String, String> props) {
        List<String> unknown = new ArrayList<>();
        for (String key : props.keySet()) {
            if (key.startsWith("lake.")
                    && !KNOWN_KEYS.contains(key)
                    && !key.startsWith(GLUE_PREFIX)
                    && !key.startsWith(ICEBERG_PREFIX)
                    && !key.startsWith(BRONZE_PREFIX)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "Unknown lake configuration key(s) "
                            + unknown
                            + ": the keys are "
                            + String.join(", ", KNOWN_KEYS)
                            + ", "
                            + GLUE_PREFIX
                            + "* and "
                            + ICEBERG_PREFIX
                            + "*");
        }
    }

    private static String rootSetting(Map<String, String> props) {
        String root = get(props, ROOT, null);
        if (root != null) {
            return root;
        }
        String bucket = get(props, ENV_S3_LAKE_BUCKET, null);
        if (bucket != null) {
            String lower = bucket.toLowerCase(Locale.ROOT);
            return lower.startsWith("s3://") || lower.startsWith("s3a://")
                    ? bucket
                    : "s3://" + bucket;
        }
        return DEFAULT_ROOT;
    }

    private static String checkJdbcUri(String uri) {
        if (uri == null) {
            throw new IllegalArgumentException(
                    CATALOG_TYPE
                            + "=jdbc needs "
                            + JDBC_URI
                            + ", e.g. jdbc:postgresql://127.0.0.1:5432/pcw_lake");
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException(
                    "An Iceberg JDBC catalog on SQLite is refused ("
                            + JDBC_URI
                            + "="
                            + redactUri(uri)
                            + "): concurrent commits fail with SQLITE_BUSY and a reused file"
                            + " can serve stale metadata, so tables lose commits. Use "
                            + CATALOG_TYPE
                            + "=hadoop for a local lake or jdbc on PostgreSQL to share the"
                            + " catalog");
        }
        if (!lower.startsWith("jdbc:")) {
            throw new IllegalArgumentException(
                    JDBC_URI
                            + " '"
                            + redactUri(uri)
                            + "' is not a JDBC URL: use jdbc:postgresql://host:5432/database");
        }
        return uri;
    }

    private static String checkSchemaVersion(String value) {
        if (value == null) {
            return DEFAULT_JDBC_SCHEMA_VERSION;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (!v.equals("V0") && !v.equals("V1")) {
            throw new IllegalArgumentException(
                    JDBC_SCHEMA_VERSION + " '" + value + "' is not V0 or V1 (default V1)");
        }
        return v;
    }

    private static String checkBoolean(Map<String, String> props, String key) {
        String value = get(props, key, null);
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " '" + value + "' is not true or false");
        }
        return v;
    }

    private static String get(Map<String, String> props, String key, String defaultValue) {
        String value = props.get(key);
        return value == null || value.trim().isEmpty() ? defaultValue : value.trim();
    }

    /** Secrets are taken verbatim (no trimming); an empty value counts as unset. */
    private static String secret(Map<String, String> props, String key) {
        String value = props.get(key);
        return value == null || value.isEmpty() ? null : value;
    }

    private static void putIfSet(Map<String, String> props, String key, String value) {
        if (value != null) {
            props.put(key, value);
        }
    }

    private static boolean isS3(String uri) {
        String scheme = URI.create(uri).getScheme();
        return scheme != null && (scheme.equalsIgnoreCase("s3") || scheme.equalsIgnoreCase("s3a"));
    }

    static String redactUri(String uri) {
        return uri == null ? null : PASSWORD_IN_URI.matcher(uri).replaceAll("$1****");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LakeConfig)) {
            return false;
        }
        LakeConfig c = (LakeConfig) o;
        return root.equals(c.root)
                && warehouse.equals(c.warehouse)
                && namespace.equals(c.namespace)
                && catalogType == c.catalogType
                && catalogName.equals(c.catalogName)
                && Objects.equals(jdbcUri, c.jdbcUri)
                && Objects.equals(jdbcUser, c.jdbcUser)
                && Objects.equals(jdbcPassword, c.jdbcPassword)
                && Objects.equals(jdbcSchemaVersion, c.jdbcSchemaVersion)
                && Objects.equals(clientRegion, c.clientRegion)
                && Objects.equals(s3Endpoint, c.s3Endpoint)
                && Objects.equals(s3PathStyleAccess, c.s3PathStyleAccess)
                && Objects.equals(s3AccessKeyId, c.s3AccessKeyId)
                && Objects.equals(s3SecretAccessKey, c.s3SecretAccessKey)
                && glueProperties.equals(c.glueProperties)
                && icebergProperties.equals(c.icebergProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root, warehouse, namespace, catalogType, catalogName, jdbcUri);
    }

    /** Describes the configuration without secrets: passwords and keys show as {@code ****}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LakeConfig{");
        sb.append("catalog=").append(catalogType.configName()).append(" '").append(catalogName);
        sb.append("', root=").append(root);
        sb.append(", warehouse=").append(warehouse);
        sb.append(", namespace=").append(namespace);
        if (jdbcUri != null) {
            sb.append(", jdbc.uri=").append(redactUri(jdbcUri));
            sb.append(", jdbc.user=").append(jdbcUser);
            sb.append(", jdbc.password=").append(jdbcPassword == null ? "unset" : "****");
            sb.append(", jdbc.schema-version=").append(jdbcSchemaVersion);
        }
        if (clientRegion != null) {
            sb.append(", client.region=").append(clientRegion);
        }
        if (s3Endpoint != null) {
            sb.append(", s3.endpoint=").append(s3Endpoint);
        }
        if (s3PathStyleAccess != null) {
            sb.append(", s3.path-style-access=").append(s3PathStyleAccess);
        }
        if (s3AccessKeyId != null) {
            sb.append(", s3 static credentials=****");
        }
        if (!glueProperties.isEmpty()) {
            sb.append(", glue keys=").append(glueProperties.keySet());
        }
        if (!icebergProperties.isEmpty()) {
            sb.append(", iceberg keys=").append(icebergProperties.keySet());
        }
        return sb.append('}').toString();
    }
}
