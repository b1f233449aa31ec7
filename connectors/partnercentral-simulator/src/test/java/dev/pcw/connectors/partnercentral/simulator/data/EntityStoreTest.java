package dev.pcw.connectors.partnercentral.simulator.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EntityStoreTest {
    private final Dataset d =
            Dataset.generate(
                    3,
                    "AWS",
                    "111122223333",
                    Instant.parse("2026-06-01T00:00:00Z").toEpochMilli(),
                    new int[] {300, 5, 5, 5});

    @Test
    void cursorComparisonAgreesWithTheSortOrder() {
        for (String key : Arrays.asList("LastModifiedDate", "Identifier", "CustomerCompanyName")) {
            StoredRecord[] sorted = d.opportunities().sortedBy(key);
            for (int i = 1; i < sorted.length; i++) {
                StoredRecord prev = sorted[i - 1];
                String prevKey = "Identifier".equals(key) ? prev.id() : prev.attr(key);
                assertThat(EntityStore.compareToCursor(sorted[i], key, prevKey, prev.id()))
                        .as("%s at %d", key, i)
                        .isPositive();
                assertThat(EntityStore.compareToCursor(prev, key, prevKey, prev.id())).isZero();
            }
        }
    }

    @Test
    void aChangePublishesANewSnapshotAndKeepsOldViewsIntact() {
        StoredRecord[] before = d.opportunities().sortedBy("LastModifiedDate");
        ChangeEngine engine = new ChangeEngine(d, System::currentTimeMillis, "us-east-1");
        engine.changeOpportunity(before[0].id(), "spend");
        StoredRecord[] after = d.opportunities().sortedBy("LastModifiedDate");
        assertThat(after).isNotSameAs(before);
        assertThat(after[after.length - 1].id()).isEqualTo(before[0].id());
        assertThat(before[0].version()).isEqualTo(1);
    }
}
