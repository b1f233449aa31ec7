package dev.pcw.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.jobs.ingest.SilverRowConverter;
import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

class RowFingerprintTest {
    private static final SilverRowConverter SOLUTIONS =
            new SilverRowConverter(SilverTables.byName("partnercentral_solutions"));
    private static final RowFingerprint FINGERPRINT = new RowFingerprint(SOLUTIONS.rowType());

    private static RowData solution(String name, Instant updated) {
        return SOLUTIONS.convert(
                SilverRow.builder(SilverTables.byName("partnercentral_solutions"))
                        .set("catalog", "AWS")
                        .set("id", "S-0000001")
                        .set("name", name)
                        .set("updated_at", updated)
                        .set("run_id", "r1")
                        .build());
    }

    @Test
    void equalContentHasOneFingerprintWhateverTheRowObject() {
        Instant t = Instant.parse("2026-11-30T10:00:00.123Z");
        RowData a = solution("Analytics Accelerator", t);
        RowData b = solution("Analytics Accelerator", t);

        assertThat(a).isNotSameAs(b);
        assertThat(FINGERPRINT.of(a)).isEqualTo(FINGERPRINT.of(b));
    }

    @Test
    void anyColumnChangesIt() {
        Instant t = Instant.parse("2026-11-30T10:00:00.123Z");
        long base = FINGERPRINT.of(solution("Analytics Accelerator", t));

        assertThat(FINGERPRINT.of(solution("Analytics Accelerator ", t))).isNotEqualTo(base);
        assertThat(FINGERPRINT.of(solution("Analytics Accelerator", t.plusMillis(1))))
                .isNotEqualTo(base);
        assertThat(FINGERPRINT.of(solution(null, t))).isNotEqualTo(base);
    }

    @Test
    void textMovedBetweenColumnsIsAnotherRow() {
        RowType two =
                RowType.of(
                        new org.apache.flink.table.types.logical.LogicalType[] {
                            new VarCharType(VarCharType.MAX_LENGTH),
                            new VarCharType(VarCharType.MAX_LENGTH)
                        },
                        new String[] {"a", "b"});
        RowFingerprint f = new RowFingerprint(two);

        assertThat(f.of(GenericRowData.of(StringData.fromString("ab"), StringData.fromString("c"))))
                .isNotEqualTo(
                        f.of(
                                GenericRowData.of(
                                        StringData.fromString("a"), StringData.fromString("bc"))));
    }

    @Test
    void aSkippedColumnDoesNotCount() {
        RowType two =
                RowType.of(
                        new org.apache.flink.table.types.logical.LogicalType[] {
                            new IntType(), new IntType()
                        },
                        new String[] {"kept", "skipped"});
        RowFingerprint f = new RowFingerprint(two, 1);

        assertThat(f.of(GenericRowData.of(1, 2))).isEqualTo(f.of(GenericRowData.of(1, 3)));
        assertThat(f.of(GenericRowData.of(1, 2))).isNotEqualTo(f.of(GenericRowData.of(2, 2)));
    }

    @Test
    void decimalsCompareByValue() {
        RowType one =
                RowType.of(
                        new org.apache.flink.table.types.logical.LogicalType[] {
                            new org.apache.flink.table.types.logical.DecimalType(20, 4)
                        },
                        new String[] {"amount"});
        RowFingerprint f = new RowFingerprint(one);
        var d10 =
                org.apache.flink.table.data.DecimalData.fromBigDecimal(
                        new BigDecimal("10.5000"), 20, 4);
        var d10b =
                org.apache.flink.table.data.DecimalData.fromBigDecimal(
                        new BigDecimal("10.5"), 20, 4);

        assertThat(f.of(GenericRowData.of(d10))).isEqualTo(f.of(GenericRowData.of(d10b)));
    }
}
