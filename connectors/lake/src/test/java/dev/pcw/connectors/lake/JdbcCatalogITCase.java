package dev.pcw.connectors.lake;

import static dev.pcw.connectors.lake.IcebergRows.row;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared JDBC catalog on a real PostgreSQL (127.0.0.1:5432, trust auth, user {@code postgres}),
 * in a database of its own that is dropped afterwards. Fails, never skips, when PostgreSQL is not
 * running.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdbcCatalogITCase {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String USER = "postgres";
    private static final Set<String> KEY = Collections.singleton("id");
    private static final Schema SCHEMA =
            new Schema(
                    required(1, "id", Types.StringType.get()),
                    optional(2, "stage", Types.StringType.get()),
                    optional(3, "expected_revenue_usd", Types.DecimalType.of(18, 2)),
                    optional(4, "last_modified_date", Types.TimestampType.withZone()));

    private static String database;
    private static Path warehouse;
    private static LakeConfig config;
    private static final List<Catalog> OPENED = new ArrayList<>();

    @BeforeAll
    static void createDatabase() throws Exception {
        database = "pcw_lake_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect("postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        warehouse = Files.createTempDirectory("pcw-lake-it");
        Map<String, String> props = LakeConfigTest.jdbc(SERVER + database);
        props.put(LakeConfig.JDBC_USER, USER);
        props.put(LakeConfig.ROOT, warehouse.toString());
        config = LakeConfig.fromProperties(props);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        for (Catalog catalog : OPENED) {
            ((Closeable) catalog).close();
        }
        if (database != null) {
            try (Connection c = connect("postgres");
                    Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
        if (warehouse != null) {
            deleteRecursively(warehouse);
        }
    }

    @Test
    void createsATableAppendsRowsAndReadsThemBack() {
        Catalog catalog = open();
        assertThat(catalog).isInstanceOf(JdbcCatalog.class);
        TableIdentifier id = config.tableIdentifier("opportunities");

        Table table =
                TableManager.ensureTable(
                        catalog, id, SCHEMA, PartitionSpec.unpartitioned(), props(), KEY);
        OffsetDateTime at = OffsetDateTime.of(2025, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        IcebergRows.append(
                table,
                Arrays.asList(
                        row(table, "O-1", "Prospect", new java.math.BigDecimal("10.50"), at),
                        row(table, "O-2", "Qualified", new java.math.BigDecimal("20.00"), at)));
        IcebergRows.upsert(
                table,
                Collections.singletonList(
                        row(table, "O-2", "Committed", new java.math.BigDecimal("25.00"), at)));

        List<Record> rows = IcebergRows.readAll(catalog.loadTable(id));
        assertThat(rows).extracting(r -> r.getField("id")).containsExactly("O-1", "O-2");
        assertThat(rows)
                .extracting(r -> r.getField("stage"))
                .containsExactly("Prospect", "Committed");
        assertThat(table.location()).startsWith("file://" + warehouse.toAbsolutePath());
    }

    @Test
    void aSecondCatalogOnTheSameDatabaseSeesTheTableAndItsRows() throws Exception {
        TableIdentifier id = config.tableIdentifier("solutions");
        Table table =
                TableManager.ensureTable(
                        open(), id, SCHEMA, PartitionSpec.unpartitioned(), props(), KEY);
        IcebergRows.append(
                table, Collections.singletonList(row(table, "S-1", "Active", null, null)));

        // What a Flink TaskManager does: a deserialized loader opens its own catalog.
        Catalog other = LakeConfigTest.roundTrip(Catalogs.loader(config)).loadCatalog();
        OPENED.add(other);

        assertThat(other.listTables(id.namespace())).contains(id);
        assertThat(IcebergRows.readAll(other.loadTable(id)))
                .extracting(r -> r.getField("id"))
                .containsExactly("S-1");
        assertThat(catalogRows()).contains("pcw|pcw_silver|solutions");
    }

    @Test
    void ensuringTheTableAgainChangesNothingAndAddingAColumnEvolvesIt() {
        Catalog catalog = open();
        TableIdentifier id = config.tableIdentifier("engagements");
        Table created =
                TableManager.ensureTable(
                        catalog, id, SCHEMA, PartitionSpec.unpartitioned(), props(), KEY);
        String metadata = metadataLocation(created);

        TableManager.ensureTable(catalog, id, SCHEMA, PartitionSpec.unpartitioned(), props(), KEY);
        assertThat(metadataLocation(catalog.loadTable(id))).isEqualTo(metadata);

        Schema wider =
                new Schema(
                        required(1, "id", Types.StringType.get()),
                        optional(2, "stage", Types.StringType.get()),
                        optional(3, "expected_revenue_usd", Types.DecimalType.of(18, 2)),
                        optional(4, "last_modified_date", Types.TimestampType.withZone()),
                        optional(5, "run_id", Types.StringType.get()));
        Table evolved =
                TableManager.ensureTable(
                        catalog, id, wider, PartitionSpec.unpartitioned(), props(), KEY);
        assertThat(evolved.schema().findField("run_id")).isNotNull();
        assertThat(open().loadTable(id).schema().findField("run_id")).isNotNull();
    }

    @Test
    void twoCatalogsCreatingTheSameTableAtOnceBothGetIt() throws Exception {
        List<Catalog> catalogs = Arrays.asList(open(), open(), open());
        ExecutorService pool = Executors.newFixedThreadPool(catalogs.size());
        try {
            for (int round = 0; round < 3; round++) {
                TableIdentifier id = config.tableIdentifier("race_" + round);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Table>> results = new ArrayList<>();
                for (Catalog catalog : catalogs) {
                    Callable<Table> call =
                            () -> {
                                start.await();
                                return TableManager.ensureTable(
                                        catalog,
                                        id,
                                        SCHEMA,
                                        PartitionSpec.unpartitioned(),
                                        props(),
                                        KEY);
                            };
                    results.add(pool.submit(call));
                }
                start.countDown();
                for (Future<Table> result : results) {
                    assertThat(result.get(60, TimeUnit.SECONDS).schema().identifierFieldNames())
                            .containsExactly("id");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, String> props() {
        return Collections.singletonMap("write.parquet.compression-codec", "zstd");
    }

    private static Catalog open() {
        Catalog catalog = Catalogs.create(config);
        OPENED.add(catalog);
        return catalog;
    }

    private static List<String> catalogRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(database);
                Statement s = c.createStatement();
                ResultSet r =
                        s.executeQuery(
                                "SELECT catalog_name, table_namespace, table_name FROM"
                                        + " iceberg_tables")) {
            while (r.next()) {
                rows.add(r.getString(1) + "|" + r.getString(2) + "|" + r.getString(3));
            }
        }
        return rows;
    }

    private static Connection connect(String db) throws SQLException {
        try {
            return DriverManager.getConnection(SERVER + db, USER, "");
        } catch (SQLException e) {
            if (!"postgres".equals(db)) {
                throw e;
            }
            throw new AssertionError(
                    "PostgreSQL is not reachable at 127.0.0.1:5432 as user postgres ("
                            + e.getMessage()
                            + "). This ITCase needs it and does not skip: `.ci/run` starts it;"
                            + " by hand (Debian) run `pg_ctlcluster 15 main start`, or `apt-get"
                            + " install postgresql` first, and check with `pg_isready -h"
                            + " 127.0.0.1`. It must listen on 127.0.0.1 with trust auth for"
                            + " local connections (see STACK.md, PostgreSQL).",
                    e);
        }
    }

    private static String metadataLocation(Table table) {
        return ((HasTableOperations) table).operations().current().metadataFileLocation();
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
        }
    }
}
