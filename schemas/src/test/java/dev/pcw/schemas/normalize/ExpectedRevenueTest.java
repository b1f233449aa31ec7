package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.TestPayloads.compact;
import static dev.pcw.schemas.normalize.TestPayloads.normalize;
import static dev.pcw.schemas.normalize.TestPayloads.payload;
import static dev.pcw.schemas.normalize.TestPayloads.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.schemas.silver.SilverRow;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectedRevenueTest {

    @Test
    void annualizesTheSumOfMonthlyUsdLines() {
        List<SpendLine> lines =
                Arrays.asList(SpendLine.monthlyUsd("1000.50"), SpendLine.monthlyUsd("200"));

        assertThat(ExpectedRevenue.monthlyUsd(lines)).isEqualTo(new BigDecimal("1200.50"));
        assertThat(ExpectedRevenue.annualizedUsd(lines)).isEqualTo(new BigDecimal("14406.00"));
    }

    @Test
    void readsAnAmountWithCentsExactly() {
        assertThat(ExpectedRevenue.annualizedUsd(List.of(SpendLine.monthlyUsd("1000.50"))))
                .isEqualTo(new BigDecimal("12006.00"));
    }

    @Test
    void excludesLinesInOtherCurrencies() {
        List<SpendLine> lines =
                Arrays.asList(
                        SpendLine.monthlyUsd("1000.00"),
                        SpendLine.of("900.00", "EUR", "Monthly"),
                        SpendLine.of("50000", "JPY", "Monthly"));

        assertThat(ExpectedRevenue.monthlyUsd(lines)).isEqualTo(new BigDecimal("1000.00"));
        assertThat(ExpectedRevenue.annualizedUsd(lines)).isEqualTo(new BigDecimal("12000.00"));
    }

    @Test
    void isNullWhenNoLineCounts() {
        assertThat(ExpectedRevenue.annualizedUsd(null)).isNull();
        assertThat(ExpectedRevenue.annualizedUsd(Collections.emptyList())).isNull();
        assertThat(ExpectedRevenue.annualizedUsd(List.of(SpendLine.of("900.00", "EUR", "Monthly"))))
                .isNull();
        assertThat(ExpectedRevenue.annualizedUsd(List.of(SpendLine.of("900.00", "USD", "Yearly"))))
                .isNull();
    }

    @Test
    void isZeroNotNullForAZeroUsdLine() {
        assertThat(ExpectedRevenue.annualizedUsd(List.of(SpendLine.monthlyUsd("0.00"))))
                .isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void readsAmountsAsDecimalsRoundedHalfEvenToCents() {
        assertThat(ExpectedRevenue.parseAmount("1000.50")).isEqualTo(new BigDecimal("1000.50"));
        assertThat(ExpectedRevenue.parseAmount("250000")).isEqualTo(new BigDecimal("250000.00"));
        assertThat(ExpectedRevenue.parseAmount("1E+3")).isEqualTo(new BigDecimal("1000.00"));
        assertThat(ExpectedRevenue.parseAmount("-5")).isEqualTo(new BigDecimal("-5.00"));
        assertThat(ExpectedRevenue.parseAmount("0.125")).isEqualTo(new BigDecimal("0.12"));
        assertThat(ExpectedRevenue.parseAmount("0.135")).isEqualTo(new BigDecimal("0.14"));
        assertThat(ExpectedRevenue.parseAmount("5.000000000000000000000000"))
                .isEqualTo(new BigDecimal("5.00"));
        assertThat(ExpectedRevenue.parseAmount("999999999999999999.99"))
                .isEqualTo(new BigDecimal("999999999999999999.99"));
    }

    @Test
    void rejectsAmountsThatAreNotPlainDecimalNumbers() {
        for (String bad :
                new String[] {
                    "",
                    " 100",
                    "1,000.00",
                    "USD 10",
                    "$10",
                    "NaN",
                    "Infinity",
                    "1E+30",
                    "1000000000000000000.00",
                    "1E+2147483647",
                    "1E-999999999",
                    "0.000000000000000000001"
                }) {
            assertThat(ExpectedRevenue.parseAmount(bad)).as("'%s'", bad).isNull();
        }
        assertThat(ExpectedRevenue.parseAmount(null)).isNull();
    }

    @Test
    void refusesToBuildALineFromAnAmountThatIsNotANumber() {
        assertThatThrownBy(() -> SpendLine.monthlyUsd("1,000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Amount '1,000' is not a decimal number that fits decimal(20,2)");
    }

    @Test
    void appliesTheRuleToANormalizedOpportunity() {
        ObjectNode o = tree(payload("get-opportunity.json"));
        ArrayNode spend = o.with("Project").putArray("ExpectedCustomerSpend");
        spend.add(line("1000.50", "USD"));
        spend.add(line("200", "USD"));
        spend.add(line("900.00", "EUR"));

        SilverRow row = normalize(OpportunityNormalizer.OPERATION, compact(o)).rows().get(0);

        assertThat(row.get("expected_monthly_revenue_usd")).isEqualTo(new BigDecimal("1200.50"));
        assertThat(row.get("expected_revenue_usd")).isEqualTo(new BigDecimal("14406.00"));
        // Raw lines stay, every currency.
        assertThat((List<?>) row.get("spend_lines")).hasSize(3);
    }

    @Test
    void leavesRevenueNullForAnOpportunityWithoutSpendLines() {
        ObjectNode o = tree(payload("get-opportunity.json"));
        o.with("Project").putArray("ExpectedCustomerSpend");
        ObjectNode noProject = tree(payload("get-opportunity.json"));
        noProject.remove("Project");

        SilverRow empty = normalize(OpportunityNormalizer.OPERATION, compact(o)).rows().get(0);
        SilverRow none =
                normalize(OpportunityNormalizer.OPERATION, compact(noProject)).rows().get(0);

        assertThat(empty.get("expected_revenue_usd")).isNull();
        assertThat(empty.get("expected_monthly_revenue_usd")).isNull();
        assertThat(empty.get("spend_lines")).isEqualTo(Collections.emptyList());
        assertThat(none.get("expected_revenue_usd")).isNull();
        assertThat(none.get("spend_lines")).isNull();
    }

    @Test
    void leavesRevenueNullWhenEveryLineIsInAnotherCurrency() {
        ObjectNode o = tree(payload("get-opportunity.json"));
        o.with("Project").putArray("ExpectedCustomerSpend").add(line("900.00", "EUR"));

        SilverRow row = normalize(OpportunityNormalizer.OPERATION, compact(o)).rows().get(0);

        assertThat(row.get("expected_revenue_usd")).isNull();
        assertThat((List<?>) row.get("spend_lines")).hasSize(1);
    }

    @Test
    void excludesALineWithAnUnknownFrequencyAndListsTheValue() {
        ObjectNode o = tree(payload("get-opportunity.json"));
        ArrayNode spend = o.with("Project").putArray("ExpectedCustomerSpend");
        spend.add(line("100.00", "USD"));
        spend.add(line("5000.00", "USD").put("Frequency", "Yearly"));

        NormalizationResult r = normalize(OpportunityNormalizer.OPERATION, compact(o));

        assertThat(r.rows().get(0).get("expected_revenue_usd"))
                .isEqualTo(new BigDecimal("1200.00"));
        assertThat(r.unknownEnumValues())
                .containsExactly("Project.ExpectedCustomerSpend.Frequency=Yearly");
    }

    private static ObjectNode line(String amount, String currency) {
        ObjectNode l = TestPayloads.MAPPER.createObjectNode();
        l.put("Amount", amount);
        l.put("CurrencyCode", currency);
        l.put("Frequency", "Monthly");
        l.put("TargetCompany", "AWS");
        return l;
    }
}
