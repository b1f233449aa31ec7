package dev.pcw.connectors.lake;

import static dev.pcw.connectors.lake.IcebergRows.row;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link TableManager} against a Hadoop catalog in a temporary folder. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TableManagerTest {
    private static final Set<String> KEY = Collections.singleton("id");
    private static final Map<String, String> PROPS =
            Collections.singletonMap("write.parquet.compression-codec", "zstd");

    /** An opportunities-like current table: key {@code id}, unpartitioned. */
    private static final Schema CURRENT =
            new Schema(
                    required(1, "id", Types.StringType.get()),
                    optional(2, "stage", Types.StringType.get()),
                    optional(3, "amount", Types.IntegerType.get()),
                    optional(4, "last_modified_date", Types.TimestampType.withZone()));

    /** A history-like table partitioned by day. */
    private static final Schema HISTORY =
            new Schema(
                    required(1, "id", Types.StringType.get()),
                    required(2, "last_modified_date", Types.TimestampType.withZone()),
                    optional(3, "stage", Types.StringType.get()));

    private static final PartitionSpec BY_DAY =
            PartitionSpec.builderFor(HISTORY).day("last_modified_date").build();

    @TempDir Path dir;

    private Catalog catalog;
    private TableIdentifier id;

    @BeforeEach
    void openCatalog() {
        LakeConfig config =
                LakeConfig.fromProperties(
                        Collections.singletonMap(LakeConfig.ROOT, dir.toString()));
        catalog = Catalogs.create(config);
        id = config.tableIdentifier("opportunities");
    }

    @AfterEach
    void closeCatalog() throws IOException {
        ((Closeable) catalog).close();
    }

    @Test
    void createsAFormatTwoUpsertTableWhoseRowsReadBackOnePerId() {
        Table table =
                TableManager.ensureTable(
                        catalog, id, CURRENT, PartitionSpec.unpartitioned(), PROPS, KEY);

        assertThat(formatVersion(table)).isEqualTo(2);
        assertThat(table.schema().identifierFieldNames()).containsExactly("id");
        assertThat(table.properties())
                .containsEntry("write.upsert.enabled", "true")
                .containsEntry("write.parquet.compression-codec", "zstd");
        assertThat(table.location())
                .isEqualTo(
                        "file://" + dir.toAbsolutePath() + "/warehouse/pcw_silver/opportunities");

        OffsetDateTime t1 = OffsetDateTime.of(2025, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
        IcebergRows.append(
                table,
                Arrays.asList(
                        row(table, "O-1", "Prospect", 10, t1),
                        row(table, "O-2", "Qualified", 20, t1)));
        IcebergRows.upsert(
                table,
                Collections.singletonList(row(table, "O-1", "Committed", 15, t1.plusDays(1))));

        List<Record> rows = IcebergRows.readAll(catalog.loadTable(id));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getField("id")).isEqualTo("O-1");
        assertThat(rows.get(0).getField("stage")).isEqualTo("Committed");
        assertThat(rows.get(0).getField("amount")).isEqualTo(15);
        assertThat(rows.get(1).getField("stage")).isEqualTo("Qualified");
    }

    @Test
    void ensuringTheSameTableAgainChangesNothing() {
        Table first =
                TableManager.ensureTable(
                        catalog, id, CURRENT, PartitionSpec.unpartitioned(), PROPS, KEY);
        String metadata = metadataLocation(first);

        Table second =
                TableManager.ensureTable(
                        catalog, id, CURRENT, PartitionSpec.unpartitioned(), PROPS, KEY);
        TableManager.ensureTable(catalog, id, CURRENT, PartitionSpec.unpartitioned(), PROPS, KEY);

        assertThat(metadataLocation(catalog.loadTable(id))).isEqualTo(metadata);
        assertThat(second.schema().sameSchema(first.schema())).isTrue();
    }

    @Test
    void addsAMissingColumnAsOptionalAndKeepsTheRows() {
        Table table =
                TableManager.ensureTable(
                        catalog, id, CURRENT, PartitionSpec.unpartitioned(), PROPS, KEY);
        IcebergRows.append(
                table, Collections.singletonList(row(table, "O-1", "Prospect", 10, null)));

        Schema withReview =
                new Schema(
                        required(1, "id", Types.StringType.get()),
                        optional(2, "stage", Types.StringType.get()),
                        optional(3, "amount", Types.IntegerType.get()),
                        optional(4, "last_modified_date", Types.TimestampType.withZone()),
                        required(5, "review_status", Types.StringType.get()));
        Table evolved =
                TableManager.ensureTable(
                        catalog, id, withReview, PartitionSpec.unpartitioned(), PROPS, KEY);

        Types.NestedField added = evolved.schema().findField("review_status");
        assertThat(added).isNotNull();
        assertThat(added.isOptional()).isTrue();
        assertThat(evolved.schema().identifierFieldNames()).containsExactly("id");
        List<Record> rows = IcebergRows.readAll(evolved);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getField("stage")).isEqualTo("Prospect");
        assertThat(rows.get(0).getField("review_status")).isNull();
    }

    @Test
    void widensAnIntColumnToLongWhenTheDefinitionDoes() {
        TableManager.ensureTable(catalog, id, CURRENT, PartitionSpec.unpartitioned(), PROPS, KEY);

        Schema wider =
                new Schema(
                        required(1, "id", Types.StringType.get()),
                        optional(2, "stage", Types.StringType.get()),
                        optional(3, "amount", Types.LongType.get()),
                        optional(4, "last_modified_date", Types.TimestampType.withZone()));
        Table table =
                TableManager.ensureTable(
                        catalog, id, wider, PartitionSpec.unpartitioned(), PROPS, KEY);

        assertThat(table.schema().findType("amount")).isEqualTo(Types.LongType.get());
    }

    @Test
    void makesARequiredColumnOptionalWhenTheDefinitionDoes() {
        TableIdentifier history = TableIdentifier.of("pcw_silver", "opportunity_history");
        TableManager.ensureTable(catalog, history, HISTORY, BY_DAY, PROPS, Collections.emptySet());
        Schema relaxed =
                new Schema(
                        optional(1, "id", Types.StringType.get()),
                        required(2, "last_modified_date", Types.TimestampType.withZone()),
                        optional(3, "stage", Types.StringType.get()));

        Table table =
                TableManager.ensureTable(
                        catalog,
                        history,
                        relaxed,
                        PartitionSpec.builderFor(relaxed).day("last_modified_date").build(),
                        PROPS,
                        Collections.emptySet());

        assertThat(table.schema().findField("id").isOptional()).isTrue();
        assertThat(table.schema().findField("last_modified_date").isRequired()).isTrue();
    }

    @Test
    void refusesAnIncompatibleColumnTypeNamingTheTableAndTheColumn() {
        TableManager.ensureTable(catalog, id, CURRENT, PartitionSpec.unpartitioned(), PROPS, KEY);
        String metadata = metadataLocation(catalog.loadTable(id));

        Schema changed =
                new Schema(
                        required(1, "id", Types.StringType.get()),
                        optional(2, "stage", Types.StringType.get()),
                        optional(3, "amount", Types.StringType.get()),
                        optional(4, "last_modified_date", Types.TimestampType.withZone()));

        assertThatThrownBy(
                        () ->
                                TableManager.ensureTable(
                                        catalog,
                                        id,
                                        changed,
                                        PartitionSpec.unpartitioned(),
                                        PROPS,
                                        KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Table pcw_silver.opportunities is incompatible")
                .hasMessageContaining("column 'amount' is int in the table but string");
        assertThat(metadataLocation(catalog.loadTable(id))).isEqualTo(metadata);
    }

    @Test
    void refusesANarrowerTypeThanTheTableHas() {
        Schema wide =
                new Schema(
                        required(1, "id", Types.StringType.get()),
                        optional(2, "amount", Types.LongType.get()));
        Schema narrow =
                new Schema(
                        required(1, "id", Types.StringType.get()),
                        optional(2, "amount", Types.IntegerType.get()));
        TableManager.ensureTable(catalog, id, wide, PartitionSpec.unpartitioned(), PROPS, KEY);

        assertThatThrownBy(
                        () ->
                                TableManager.ensureTable(
                                        catalog,
                                        id,
                                        narrow,
                                        PartitionSpec.unpartitioned(),
                                        PROPS,
                                        KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'amount' is long in the table but int");
    }

    @Test
    void refusesADifferentPartitionSpec() {
        TableIdentifier history = TableIdentifier.of("pcw_silver", "opportunity_history");
        TableManager.ensureTable(catalog, history, HISTORY, BY_DAY, PROPS, Collections.emptySet());
        PartitionSpec byMonth =
                PartitionSpec.builderFor(HISTORY).month("last_modified_date").build();

        assertThatThrownBy(
                        () ->
                                TableManager.ensureTable(
                                        catalog,
                                        history,
                                        HISTORY,
                                        byMonth,
                                        PROPS,
                                        Collections.emptySet()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Table pcw_silver.opportunity_history is partitioned by")
                .hasMessageContaining("day(last_modified_date)")
                .hasMessageContaining("asks for [month(last_modified_date)");
    }

    @Test
    void keepsAKeyedHistoryTableAppendOnlyWhenUpsertIsOff() {
        TableIdentifier history = TableIdentifier.of("pcw_silver", "opportunity_history");
        Map<String, String> props = new HashMap<>(PROPS);
        props.put("write.upsert.enabled", "false");
        Set<String> key = new LinkedHashSet<>(Arrays.asList("id", "last_modified_date"));

        Table table = TableManager.ensureTable(catalog, history, HISTORY, BY_DAY, props, key);

        assertThat(table.schema().identifierFieldNames())
                .containsExactlyInAnyOrder("id", "last_modified_date");
        assertThat(table.properties()).containsEntry("write.upsert.enabled", "false");
        assertThat(table.spec().fields()).hasSize(1);
    }

    @Test
    void setsIdentifierFieldsOnATableThatHasNone() {
        TableManager.ensureTable(
                catalog,
                id,
                CURRENT,
                PartitionSpec.unpartitioned(),
                Collections.singletonMap("write.upsert.enabled", "false"),
                Collections.emptySet());

        Table table =
                TableManager.ensureTable(
                        catalog, id, CURRENT, PartitionSpec.unpartitioned(), PROPS, KEY);

        assertThat(table.schema().identifierFieldNames()).containsExactly("id");
        assertThat(table.properties()).containsEntry("write.upsert.enabled", "true");
    }

    @Test
    void refusesToChangeTheKeyOfAnExistingTable() {
        TableManager.ensureTable(catalog, id, HISTORY, PartitionSpec.unpartitioned(), PROPS, KEY);
        Set<String> wider = new LinkedHashSet<>(Arrays.asList("id", "last_modified_date"));

        assertThatThrownBy(
                        () ->
                                TableManager.ensureTable(
                                        catalog,
                                        id,
                                        HISTORY,
                                        PartitionSpec.unpartitioned(),
                                        PROPS,
                                        wider))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "Table pcw_silver.opportunities has identifier fields [id] but its"
                                + " definition asks for [id, last_modified_date]");
    }

    @Test
    void refusesAnUpsertTableWithoutIdentifierFields() {
        assertThatThrownBy(
                        () ->
                                TableManager.ensureTable(
                                        catalog,
                                        id,
                                        CURRENT,
                                        PartitionSpec.unpartitioned(),
                                        Collections.singletonMap("write.upsert.enabled", "true"),
                                        Collections.emptySet()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "sets write.upsert.enabled=true but has no identifier fields");
        assertThat(catalog.tableExists(id)).isFalse();
    }

    @Test
    void refusesAnUpsertTablePartitionedByAColumnOutsideTheKey() {
        PartitionSpec byDay = PartitionSpec.builderFor(CURRENT).day("last_modified_date").build();

        assertThatThrownBy(() -> TableManager.ensureTable(catalog, id, CURRENT, byDay, PROPS, KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "Upsert table pcw_silver.opportunities is partitioned by"
                                + " day(last_modified_date), which is not an identifier field");
    }

    @Test
    void refusesAnIdentifierFieldThatIsNotAColumn() {
        assertThatThrownBy(
                        () ->
                                TableManager.ensureTable(
                                        catalog,
                                        id,
                                        CURRENT,
                                        PartitionSpec.unpartitioned(),
                                        PROPS,
                                        Collections.singleton("opportunity_id")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "identifier field 'opportunity_id' is not a column of the schema [id,"
                                + " stage, amount, last_modified_date]");
    }

    @Test
    void refusesAnOptionalIdentifierField() {
        assertThatThrownBy(
                        () ->
                                TableManager.ensureTable(
                                        catalog,
                                        id,
                                        CURRENT,
                                        PartitionSpec.unpartitioned(),
                                        PROPS,
                                        Collections.singleton("stage")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Table pcw_silver.opportunities: bad identifier fields")
                .hasMessageContaining("not a required field");
    }

    @Test
    void refusesAFormatVersionOtherThanTwo() {
        assertThatThrownBy(
                        () ->
                                TableManager.ensureTable(
                                        catalog,
                                        id,
                                        CURRENT,
                                        PartitionSpec.unpartitioned(),
                                        Collections.singletonMap("format-version", "3"),
                                        KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Table pcw_silver.opportunities asks for format-version 3");
    }

    @Test
    void refusesAnExistingFormatVersionOneTable() {
        catalog.buildTable(id, CURRENT)
                .withProperties(Collections.singletonMap("format-version", "1"))
                .create();

        assertThatThrownBy(
                        () ->
                                TableManager.ensureTable(
                                        catalog,
                                        id,
                                        CURRENT,
                                        PartitionSpec.unpartitioned(),
                                        PROPS,
                                        KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "Table pcw_silver.opportunities has Iceberg format version 1, but silver"
                                + " tables use version 2");
    }

    @Test
    void setsPropertiesThatChangedSinceTheTableWasCreated() {
        TableManager.ensureTable(catalog, id, CURRENT, PartitionSpec.unpartitioned(), PROPS, KEY);

        Table table =
                TableManager.ensureTable(
                        catalog,
                        id,
                        CURRENT,
                        PartitionSpec.unpartitioned(),
                        Collections.singletonMap("write.parquet.compression-codec", "snappy"),
                        KEY);

        assertThat(table.properties())
                .containsEntry("write.parquet.compression-codec", "snappy")
                .containsEntry("write.upsert.enabled", "true");
    }

    @Test
    void callersCreatingTheSameTableAtOnceAllGetIt() throws Exception {
        int callers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            for (int round = 0; round < 3; round++) {
                TableIdentifier table = TableIdentifier.of("pcw_silver", "race_" + round);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Table>> results = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    Callable<Table> call =
                            () -> {
                                start.await();
                                return TableManager.ensureTable(
                                        catalog,
                                        table,
                                        CURRENT,
                                        PartitionSpec.unpartitioned(),
                                        PROPS,
                                        KEY);
                            };
                    results.add(pool.submit(call));
                }
                start.countDown();
                for (Future<Table> result : results) {
                    assertThat(result.get(30, TimeUnit.SECONDS).schema().identifierFieldNames())
                            .containsExactly("id");
                }
                assertThat(catalog.listTables(table.namespace())).contains(table);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int formatVersion(Table table) {
        return ((HasTableOperations) table).operations().current().formatVersion();
    }

    private static String metadataLocation(Table table) {
        return ((HasTableOperations) table).operations().current().metadataFileLocation();
    }
}
