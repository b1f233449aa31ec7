package dev.pcw.connectors.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsTest {

    @Test
    void jsonHasTheStandardKeysFirstThenTheExtras() {
        Stats stats = Stats.of(1200, 130, 2, 1).withExtra("pages", 12).withExtra("note", "ok");

        assertThat(stats.toJson())
                .isEqualTo(
                        "{\"records_processed\":1200,\"api_calls\":130,\"throttled\":2,"
                                + "\"dead_letters\":1,\"pages\":12,\"note\":\"ok\"}");
    }

    @Test
    void extrasReadBackEqualToWhatWasWritten() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("pages", 12);
        extra.put("short", (short) 3);
        extra.put("ratio", 0.5f);
        extra.put("backfill", false);
        extra.put("cursor", "abc");
        Stats stats = new Stats(1, 2, 3, 4, extra);

        Stats back = Stats.fromRow(1, 2, 3, 4, stats.toJson());

        assertThat(back).isEqualTo(stats);
        assertThat(back.extra())
                .containsEntry("pages", 12L)
                .containsEntry("short", 3L)
                .containsEntry("ratio", 0.5d);
    }

    @Test
    void columnsWinOverStandardKeysInTheJsonAndNestedValuesBecomeText() {
        Stats back =
                Stats.fromRow(
                        5,
                        0,
                        0,
                        0,
                        "{\"records_processed\": 999, \"by_entity\": {\"a\": 1}, \"big\":"
                                + " 123456789012345678901234567890}");

        assertThat(back.records()).isEqualTo(5);
        assertThat(back.extra())
                .containsEntry("by_entity", "{\"a\":1}")
                .containsEntry("big", 1.2345678901234568E29);
    }

    @Test
    void anExtraMayNotShadowAStandardCounter() {
        assertThatThrownBy(() -> Stats.ZERO.withExtra("records_processed", 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Stats extra key 'records_processed' would overwrite the standard counter"
                                + " of that name; pass it as a constructor argument instead");
    }

    @Test
    void extrasMustBeScalars() {
        assertThatThrownBy(() -> Stats.ZERO.withExtra("amount", new BigDecimal("1.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Stats extra 'amount' must be a string, boolean, whole number or finite"
                                + " decimal, got 1.5 (java.math.BigDecimal)");
        assertThatThrownBy(() -> Stats.ZERO.withExtra("nan", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Stats extra 'nan' must be");
        assertThatThrownBy(() -> Stats.ZERO.withExtra("nothing", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("got null");
        assertThatThrownBy(() -> Stats.ZERO.withExtra(" ", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Stats extra keys must not be blank");
    }

    @Test
    void countersMayNotBeNegative() {
        assertThatThrownBy(() -> Stats.of(0, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Stats counter api_calls must not be negative, got -1");
    }

    @Test
    void extrasAreImmutable() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("pages", 1);
        Stats stats = new Stats(0, 0, 0, 0, extra);
        extra.put("pages", 2);

        assertThat(stats.extra()).containsEntry("pages", 1L);
        assertThatThrownBy(() -> stats.extra().put("x", 1L))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage(null);
    }
}
