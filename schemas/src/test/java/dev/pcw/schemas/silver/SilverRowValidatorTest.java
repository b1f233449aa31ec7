package dev.pcw.schemas.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilverRowValidatorTest {

    private static SilverRow.Builder minimalSolution() {
        return SilverRow.builder(SilverTables.SOLUTIONS)
                .set("catalog", "AWS")
                .set("id", "S-0000001")
                .set("created_date", Instant.parse("2026-01-01T00:00:00Z"))
                .set("updated_at", Instant.parse("2026-01-02T00:00:00.123Z"))
                .set("run_id", "run-1");
    }

    @Test
    void acceptsARowThatMatchesItsSchema() {
        assertThat(SilverRowValidator.violations(minimalSolution().build())).isEmpty();
    }

    @Test
    void reportsANullRequiredColumn() {
        SilverRow row = minimalSolution().set("id", null).build();

        assertThat(SilverRowValidator.violations(row))
                .containsExactly("partnercentral_solutions.id is required but null");
    }

    @Test
    void reportsAValueOfTheWrongJavaType() {
        SilverRow row = minimalSolution().set("created_date", "2026-01-01T00:00:00Z").build();

        assertThat(SilverRowValidator.violations(row))
                .containsExactly(
                        "partnercentral_solutions.created_date is a java.lang.String, expected"
                                + " java.time.Instant for timestamptz");
    }

    @Test
    void reportsTimestampsFinerThanMilliseconds() {
        SilverRow row =
                minimalSolution()
                        .set("updated_at", Instant.parse("2026-01-02T00:00:00.123456Z"))
                        .build();

        assertThat(SilverRowValidator.violations(row))
                .containsExactly(
                        "partnercentral_solutions.updated_at 2026-01-02T00:00:00.123456Z is finer"
                                + " than millisecond precision");
    }

    @Test
    void reportsDecimalsOfAnotherScaleAndNullListElements() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("amount", "10");
        line.put("amount_decimal", new BigDecimal("10"));
        line.put("currency_code", "USD");
        line.put("frequency", "Monthly");
        line.put("target_company", "AWS");
        line.put("estimation_url", null);
        line.put("extra", 1);
        SilverRow row =
                SilverRow.builder(SilverTables.OPPORTUNITIES)
                        .set("catalog", "AWS")
                        .set("id", "O1")
                        .set("created_date", Instant.EPOCH)
                        .set("last_modified_date", Instant.EPOCH)
                        .set("updated_at", Instant.EPOCH)
                        .set("run_id", "r")
                        .set("target_close_date", LocalDate.of(2026, 1, 1))
                        .set("delivery_models", Arrays.asList("Resell", null))
                        .set("spend_lines", Arrays.asList(line))
                        .build();

        assertThat(SilverRowValidator.violations(row))
                .containsExactly(
                        "partnercentral_opportunities.delivery_models[1] is required but null",
                        "partnercentral_opportunities.spend_lines[0].amount_decimal has scale 0,"
                                + " expected 2",
                        "partnercentral_opportunities.spend_lines[0].extra is not in the schema");
    }

    @Test
    void reportsMissingAndExtraColumnsOfAHandMadeRow() {
        Map<String, Object> values = new LinkedHashMap<>(minimalSolution().build().values());
        values.remove("arn");
        values.put("owner", "me");

        assertThat(SilverRowValidator.violations(SilverRow.of("partnercentral_solutions", values)))
                .containsExactly(
                        "partnercentral_solutions.arn is missing",
                        "partnercentral_solutions.owner is not in the schema");
    }

    @Test
    void reportsARowForAnUnknownTable() {
        assertThat(SilverRowValidator.violations(SilverRow.of("nope", Map.of())))
                .containsExactly(
                        "Unknown silver table 'nope': use one of partnercentral_opportunities,"
                                + " partnercentral_opportunity_history, partnercentral_solutions,"
                                + " partnercentral_engagement_invitations, partnercentral_engagements,"
                                + " dead_letters, partner_tiers, partner_tier_history");
    }

    @Test
    void refusesToSetAColumnTheTableDoesNotHave() {
        assertThatThrownBy(() -> SilverRow.builder(SilverTables.SOLUTIONS).set("stage", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Table partnercentral_solutions has no column 'stage'");
    }

    @Test
    void buildsRowsInSchemaOrderWithEveryColumn() {
        SilverRow row = minimalSolution().build();

        assertThat(row.values().keySet())
                .containsExactlyElementsOf(SilverTables.SOLUTIONS.columnNames());
        assertThat(row.get("arn")).isNull();
        assertThatThrownBy(() -> row.values().put("arn", "x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void survivesJavaSerializationAsAnEqualImmutableRow() throws Exception {
        SilverRow row =
                minimalSolution()
                        .set("unknown_values", java.util.List.of("Status=Retired"))
                        .build();

        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(row);
        }
        SilverRow copy;
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(
                        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SilverRow) in.readObject();
        }

        assertThat(copy).isEqualTo(row);
        assertThat(copy.values().keySet()).containsExactlyElementsOf(row.values().keySet());
        assertThat(SilverRowValidator.violations(copy)).isEmpty();
        assertThatThrownBy(() -> copy.values().put("arn", "x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
