package dev.pcw.schemas.normalize;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Partner Central {@code ExpectedCustomerSpend} line as silver keeps it in {@code spend_lines}:
 * the amount exactly as sent, its decimal value, currency, frequency and target company.
 */
public final class SpendLine {
    private final String amount;
    private final BigDecimal amountDecimal;
    private final String currencyCode;
    private final String frequency;
    private final String targetCompany;
    private final String estimationUrl;

    /**
     * @param amount the {@code Amount} text as sent
     * @param amountDecimal its value as {@code decimal(20,2)} (see {@link
     *     ExpectedRevenue#parseAmount})
     * @param estimationUrl may be null
     */
    public SpendLine(
            String amount,
            BigDecimal amountDecimal,
            String currencyCode,
            String frequency,
            String targetCompany,
            String estimationUrl) {
        this.amount = Objects.requireNonNull(amount, "amount");
        this.amountDecimal = Objects.requireNonNull(amountDecimal, "amountDecimal");
        this.currencyCode = Objects.requireNonNull(currencyCode, "currencyCode");
        this.frequency = Objects.requireNonNull(frequency, "frequency");
        this.targetCompany = Objects.requireNonNull(targetCompany, "targetCompany");
        this.estimationUrl = estimationUrl;
    }

    /** A line with a monthly USD amount, for tests and examples. */
    public static SpendLine monthlyUsd(String amount) {
        return of(amount, "USD", "Monthly");
    }

    /**
     * A line of the given amount text, currency and frequency, target company AWS.
     *
     * @throws IllegalArgumentException when {@code amount} is not a decimal number
     */
    public static SpendLine of(String amount, String currencyCode, String frequency) {
        BigDecimal value = ExpectedRevenue.parseAmount(amount);
        if (value == null) {
            throw new IllegalArgumentException(
                    "Amount '" + amount + "' is not a decimal number that fits decimal(20,2)");
        }
        return new SpendLine(amount, value, currencyCode, frequency, "AWS", null);
    }

    public String amount() {
        return amount;
    }

    public BigDecimal amountDecimal() {
        return amountDecimal;
    }

    public String currencyCode() {
        return currencyCode;
    }

    public String frequency() {
        return frequency;
    }

    public String targetCompany() {
        return targetCompany;
    }

    /** May be null. */
    public String estimationUrl() {
        return estimationUrl;
    }

    /** The {@code spend_lines} struct value of this line. */
    public Map<String, Object> toStruct() {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("amount", amount);
        m.put("amount_decimal", amountDecimal);
        m.put("currency_code", currencyCode);
        m.put("frequency", frequency);
        m.put("target_company", targetCompany);
        m.put("estimation_url", estimationUrl);
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpendLine)) {
            return false;
        }
        SpendLine l = (SpendLine) o;
        return amount.equals(l.amount)
                && amountDecimal.equals(l.amountDecimal)
                && currencyCode.equals(l.currencyCode)
                && frequency.equals(l.frequency)
                && targetCompany.equals(l.targetCompany)
                && Objects.equals(estimationUrl, l.estimationUrl);
    }

    @Override
    public int hashCode() {
        return Objects.hash(amount, currencyCode, frequency, targetCompany);
    }

    @Override
    public String toString() {
        return amount + " " + currencyCode + " " + frequency + " (" + targetCompany + ")";
    }
}
