package dev.pcw.schemas.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class SilverTablesTest {
    /** Transforms Athena engine v3 can read in an Iceberg partition spec. */
    private static final Pattern ALLOWED_TRANSFORM =
            Pattern.compile("year|month|day|hour|bucket\\[\\d+\\]|truncate\\[\\d+\\]");

    @Test
    void definesTheTablesTheArchitectureNames() {
        List<String> names = new ArrayList<>();
        for (SilverTable t : SilverTables.all()) {
            names.add(t.name());
            assertThat(t.namespace()).isEqualTo("pcw_silver");
            assertThat(t.qualifiedName()).isEqualTo("pcw_silver." + t.name());
            assertThat(t.identifier().toString()).isEqualTo("pcw_silver." + t.name());
        }

        assertThat(names)
                .containsExactly(
                        "partnercentral_opportunities",
                        "partnercentral_opportunity_history",
                        "partnercentral_solutions",
                        "partnercentral_engagement_invitations",
                        "partnercentral_engagements",
                        "dead_letters");
    }

    @Test
    void keysCurrentTablesByCatalogAndIdAndUpsertsThem() {
        for (SilverTable t :
                Arrays.asList(
                        SilverTables.OPPORTUNITIES,
                        SilverTables.SOLUTIONS,
                        SilverTables.ENGAGEMENT_INVITATIONS,
                        SilverTables.ENGAGEMENTS)) {
            assertThat(t.identifierFieldNames()).as(t.name()).containsExactly("catalog", "id");
            assertThat(t.schema().identifierFieldNames())
                    .containsExactlyInAnyOrder("catalog", "id");
            assertThat(t.schema().findField("catalog").isRequired()).isTrue();
            assertThat(t.schema().findField("id").isRequired()).isTrue();
            assertThat(t.upsert()).isTrue();
            assertThat(t.properties()).containsEntry("write.upsert.enabled", "true");
            assertThat(t.spec().isUnpartitioned()).isTrue();
        }
    }

    @Test
    void keepsTheHistoryAppendOnlyKeyedByVersionAndPartitionedByMonth() {
        SilverTable h = SilverTables.OPPORTUNITY_HISTORY;

        assertThat(h.identifierFieldNames()).containsExactly("catalog", "id", "last_modified_date");
        assertThat(h.upsert()).isFalse();
        assertThat(h.properties()).doesNotContainKey("write.upsert.enabled");
        assertThat(h.spec().fields()).hasSize(1);
        assertThat(h.spec().fields().get(0).transform().toString()).isEqualTo("month");
        assertThat(h.schema().findColumnName(h.spec().fields().get(0).sourceId()))
                .isEqualTo("last_modified_date");
    }

    @Test
    void givesTheHistoryExactlyTheColumnsOfTheCurrentTable() {
        assertThat(SilverTables.OPPORTUNITY_HISTORY.schema().asStruct())
                .isEqualTo(SilverTables.OPPORTUNITIES.schema().asStruct());
    }

    @Test
    void partitionsDeadLettersByDayAndKeepsTheirColumns() {
        SilverTable d = SilverTables.DEAD_LETTERS;

        assertThat(d.columnNames())
                .containsExactly(
                        "source",
                        "entity",
                        "catalog",
                        "operation",
                        "record_id",
                        "reason_code",
                        "reason",
                        "raw_payload",
                        "run_id",
                        "request_id",
                        "fetched_at",
                        "at");
        assertThat(d.spec().fields().get(0).transform().toString()).isEqualTo("day");
        assertThat(d.schema().findColumnName(d.spec().fields().get(0).sourceId())).isEqualTo("at");
        assertThat(d.upsert()).isFalse();
        assertThat(d.identifierFieldNames()).isEmpty();
        assertThat(d.schema().findField("record_id").isOptional()).isTrue();
        for (String required : new String[] {"source", "reason", "raw_payload", "at"}) {
            assertThat(d.schema().findField(required).isRequired()).as(required).isTrue();
        }
    }

    @Test
    void hasTheOpportunityColumnsTheRunbookAndAnalystsUse() {
        Schema s = SilverTables.OPPORTUNITIES.schema();

        for (String column :
                new String[] {
                    "id",
                    "catalog",
                    "customer_company_name",
                    "expected_revenue_usd",
                    "stage",
                    "review_status",
                    "target_close_date",
                    "created_date",
                    "last_modified_date",
                    "updated_at",
                    "run_id",
                    "arn",
                    "partner_opportunity_identifier",
                    "opportunity_type",
                    "review_status_reason",
                    "closed_lost_reason",
                    "project_title",
                    "customer_use_case",
                    "customer_industry",
                    "customer_other_industry",
                    "customer_website_url",
                    "customer_country_code",
                    "customer_city",
                    "customer_state_or_region",
                    "customer_postal_code",
                    "customer_aws_account_id",
                    "delivery_models",
                    "primary_needs_from_aws",
                    "sales_activities",
                    "competitor_name",
                    "related_solution_ids",
                    "aws_product_ids",
                    "aws_marketplace_offer_ids",
                    "spend_lines",
                    "national_security",
                    "marketing_source",
                    "software_revenue_amount",
                    "software_revenue_currency",
                    "software_revenue_model",
                    "unknown_values"
                }) {
            assertThat(s.findField(column)).as(column).isNotNull();
        }
        assertThat(s.findType("expected_revenue_usd")).isEqualTo(Types.DecimalType.of(20, 2));
        assertThat(s.findType("target_close_date")).isEqualTo(Types.DateType.get());
        assertThat(s.findType("last_modified_date")).isEqualTo(Types.TimestampType.withZone());
        assertThat(s.findType("delivery_models"))
                .isEqualTo(Types.ListType.ofRequired(54, Types.StringType.get()));
        assertThat(s.findType("spend_lines.element.amount_decimal"))
                .isEqualTo(Types.DecimalType.of(20, 2));
        // No personal contact data in silver.
        for (String personal :
                new String[] {
                    "email", "phone", "first_name", "last_name", "next_steps", "contacts"
                }) {
            for (Types.NestedField f : s.columns()) {
                assertThat(f.name()).doesNotContain(personal);
            }
        }
    }

    @Test
    void usesOnlyTypesAthenaEngineV3Reads() {
        for (SilverTable t : SilverTables.everyTable()) {
            List<String> bad = new ArrayList<>();
            walk(t.schema().asStruct(), t.name(), bad);
            assertThat(bad).as(t.name()).isEmpty();
        }
    }

    @Test
    void usesOnlyPartitionTransformsAthenaReads() {
        for (SilverTable t : SilverTables.everyTable()) {
            PartitionSpec spec = t.spec();
            for (PartitionField f : spec.fields()) {
                assertThat(f.transform().toString()).as(t.name()).matches(ALLOWED_TRANSFORM);
                // Upserted tables may only partition on key columns (equality deletes).
                if (t.upsert()) {
                    assertThat(t.identifierFieldNames())
                            .contains(t.schema().findColumnName(f.sourceId()));
                }
            }
        }
    }

    @Test
    void createsEveryTableAsFormatVersionTwoWithZstd() {
        for (SilverTable t : SilverTables.everyTable()) {
            assertThat(t.properties()).as(t.name()).containsEntry("format-version", "2");
            assertThat(t.properties()).containsEntry("write.parquet.compression-codec", "zstd");
            assertThat(t.description()).isNotBlank();
        }
    }

    @Test
    void numbersFieldsAsIcebergCreateTableWouldSoTheTableKeepsThem() {
        for (SilverTable t : SilverTables.everyTable()) {
            AtomicInteger next = new AtomicInteger();
            Schema fresh = TypeUtil.assignFreshIds(t.schema(), next::incrementAndGet);

            assertThat(fresh.asStruct()).as(t.name()).isEqualTo(t.schema().asStruct());
            assertThat(fresh.identifierFieldIds()).isEqualTo(t.schema().identifierFieldIds());
        }
    }

    @Test
    void neverRenumbersAField() throws IOException {
        StringBuilder actual = new StringBuilder();
        for (SilverTable t : SilverTables.everyTable()) {
            actual.append("# ").append(t.name()).append('\n');
            for (Types.NestedField f :
                    new java.util.TreeMap<>(TypeUtil.indexById(t.schema().asStruct())).values()) {
                actual.append(f.fieldId())
                        .append(' ')
                        .append(t.schema().findColumnName(f.fieldId()))
                        .append(' ')
                        .append(f.isRequired() ? "required " : "optional ")
                        .append(
                                f.type().isPrimitiveType()
                                        ? f.type().toString()
                                        : f.type()
                                                .typeId()
                                                .toString()
                                                .toLowerCase(java.util.Locale.ROOT))
                        .append('\n');
            }
        }
        if (Boolean.getBoolean("pcw.golden.update")) {
            java.nio.file.Files.write(
                    java.nio.file.Paths.get(
                            "src/test/resources/dev/pcw/schemas/silver/field-ids.txt"),
                    actual.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        String golden;
        try (InputStream in = SilverTablesTest.class.getResourceAsStream("field-ids.txt")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Adding fields at the end is fine (append them to the file); changing a line is not.
        assertThat(actual.toString()).isEqualTo(golden);
    }

    @Test
    void findsTablesByPlainOrQualifiedName() {
        assertThat(SilverTables.byName("dead_letters")).isSameAs(SilverTables.DEAD_LETTERS);
        assertThat(SilverTables.byName("pcw_silver.partnercentral_engagements"))
                .isSameAs(SilverTables.ENGAGEMENTS);
        assertThatThrownBy(() -> SilverTables.byName("opportunities"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown silver table 'opportunities': use one of"
                                + " partnercentral_opportunities, partnercentral_opportunity_history,"
                                + " partnercentral_solutions, partnercentral_engagement_invitations,"
                                + " partnercentral_engagements, dead_letters, partner_tiers,"
                                + " partner_tier_history");
    }

    @Test
    void descriptorsSurviveJavaSerialization() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(SilverTables.OPPORTUNITY_HISTORY);
        }
        SilverTable copy;
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(
                        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SilverTable) in.readObject();
        }
        assertThat(copy.schema().asStruct())
                .isEqualTo(SilverTables.OPPORTUNITY_HISTORY.schema().asStruct());
        assertThat(copy.spec().fields()).hasSize(1);
        assertThat(copy.identifierFieldNames())
                .containsExactly("catalog", "id", "last_modified_date");
    }

    /** Collects every field whose type Athena engine v3 cannot read or silver must not use. */
    private static void walk(Type type, String path, List<String> bad) {
        switch (type.typeId()) {
            case STRUCT:
                for (Types.NestedField f : type.asStructType().fields()) {
                    walk(f.type(), path + "." + f.name(), bad);
                }
                break;
            case LIST:
                walk(type.asListType().elementType(), path + ".element", bad);
                break;
            case MAP:
                walk(type.asMapType().keyType(), path + ".key", bad);
                walk(type.asMapType().valueType(), path + ".value", bad);
                break;
            case STRING:
            case INTEGER:
            case LONG:
            case DOUBLE:
            case BOOLEAN:
            case DATE:
            case DECIMAL:
                break;
            case TIMESTAMP:
                if (!((Types.TimestampType) type).shouldAdjustToUTC()) {
                    bad.add(path + ": timestamp without zone (silver uses timestamptz)");
                }
                break;
            default:
                // fixed, uuid, binary, time, float, timestamp_ns, variant, geometry, unknown, …
                bad.add(path + ": " + type);
        }
    }

    /** {@code silver.personal_data: omit} can null them: every one exists and is optional. */
    @org.junit.jupiter.api.Test
    void thePersonalDataColumnsExistAndAreOptionalWherever() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (SilverTable t : SilverTables.all()) {
            for (String c : SilverTables.PERSONAL_DATA_COLUMNS) {
                org.apache.iceberg.types.Types.NestedField f = t.schema().findField(c);
                if (f != null) {
                    seen.add(c);
                    org.assertj.core.api.Assertions.assertThat(f.isOptional())
                            .as(t.name() + "." + c)
                            .isTrue();
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(seen)
                .containsExactlyInAnyOrderElementsOf(SilverTables.PERSONAL_DATA_COLUMNS);
    }
}
