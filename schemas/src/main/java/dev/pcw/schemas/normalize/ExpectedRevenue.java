package dev.pcw.schemas.normalize;

import dev.pcw.schemas.silver.SilverTables;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The rule that derives {@code expected_monthly_revenue_usd} and {@code expected_revenue_usd} from
 * Partner Central's {@code ExpectedCustomerSpend} lines.
 *
 * <ol>
 *   <li>A line counts when its {@code Frequency} is {@code Monthly} and its {@code CurrencyCode} is
 *       {@code USD} (exact spellings of the model's enums). Lines in other currencies are left out:
 *       pcw has no exchange-rate source and will not guess one; they stay, as sent, in {@code
 *       spend_lines}. Lines of another frequency (none exists in the model today) are left out too;
 *       an unknown frequency also shows in {@code unknown_values}.
 *   <li>Each {@code Amount} is a string in the model (for example {@code "1000.50"}) and is read as
 *       a decimal with {@link #parseAmount}: plain or scientific notation, rounded half-even to
 *       cents; anything else ({@code "1,000"}, {@code "USD 10"}) makes the payload a dead letter. A
 *       JSON number instead of a string is tolerated (the AWS SDK passes it through as text): its
 *       value counts, and the normalization result notes it.
 *   <li>{@code expected_monthly_revenue_usd} = the sum of the counted amounts.
 *   <li>{@code expected_revenue_usd} = 12 × {@code expected_monthly_revenue_usd}: an annualized
 *       figure (annual run rate), comparable with yearly targets.
 *   <li>Both are null when no line counts: no {@code Project}, no or an empty {@code
 *       ExpectedCustomerSpend}, or only non-USD or non-monthly lines. A counted line of {@code
 *       "0.00"} gives 0.00, not null.
 * </ol>
 *
 * Example: lines {@code 1000.50 USD Monthly}, {@code 200 USD Monthly} and {@code 900 EUR Monthly}
 * give monthly 1200.50 and expected revenue 14406.00.
 */
public final class ExpectedRevenue {
    /** Months in a year: the annualization factor of {@code expected_revenue_usd}. */
    public static final int MONTHS_PER_YEAR = 12;

    public static final String COUNTED_CURRENCY = "USD";
    public static final String COUNTED_FREQUENCY = "Monthly";

    private static final BigDecimal TWELVE = BigDecimal.valueOf(MONTHS_PER_YEAR);
    private static final int SCALE = SilverTables.MONEY.scale();
    private static final int PRECISION = SilverTables.MONEY.precision();

    private ExpectedRevenue() {}

    /** Whether {@code line} counts towards the expected revenue. */
    public static boolean counts(SpendLine line) {
        return COUNTED_CURRENCY.equals(line.currencyCode())
                && COUNTED_FREQUENCY.equals(line.frequency());
    }

    /** The sum of the counted lines, or null when none counts. */
    public static BigDecimal monthlyUsd(List<SpendLine> lines) {
        BigDecimal sum = null;
        if (lines != null) {
            for (SpendLine line : lines) {
                if (counts(line)) {
                    sum = sum == null ? line.amountDecimal() : sum.add(line.amountDecimal());
                }
            }
        }
        return sum == null ? null : sum.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    /** {@code expected_revenue_usd}: 12 × {@link #monthlyUsd}, or null when no line counts. */
    public static BigDecimal annualizedUsd(List<SpendLine> lines) {
        BigDecimal monthly = monthlyUsd(lines);
        return monthly == null ? null : annualize(monthly);
    }

    /** 12 × a monthly amount, at the money scale. */
    public static BigDecimal annualize(BigDecimal monthly) {
        return monthly.multiply(TWELVE).setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    /**
     * Reads an {@code Amount} text as {@code decimal(20,2)}: a plain or scientific decimal number
     * ({@code "1000.50"}, {@code "250000"}, {@code "-5"}, {@code "1E+3"}), rounded half-even to
     * cents. Null when the text is not such a number (no spaces, thousands separators or currency
     * symbols), has more than 20 significant fraction digits, or does not fit 18 integer digits.
     */
    public static BigDecimal parseAmount(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
        return fit(value);
    }

    /** {@code value} at the money scale, or null when it does not fit {@code decimal(20,2)}. */
    static BigDecimal fit(BigDecimal value) {
        // Reject absurd exponents before rescaling: "1E-999999999" would make setScale compute
        // a power of ten with a billion digits. More than 20 fraction digits is not money.
        BigDecimal v = value.scale() > PRECISION ? value.stripTrailingZeros() : value;
        if (v.scale() > PRECISION || (long) v.precision() - v.scale() > PRECISION) {
            return null;
        }
        BigDecimal scaled = v.setScale(SCALE, RoundingMode.HALF_EVEN);
        return scaled.precision() > PRECISION ? null : scaled;
    }

    /** Whether {@code value} (at the money scale) fits {@code decimal(20,2)}. */
    static boolean fits(BigDecimal value) {
        return value.precision() <= PRECISION;
    }
}
