package dev.pcw.connectors.partnercentral.source.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FingerprintMapTest {

    @Test
    void eachMapSeesWhatWasAddedBeforeItAndNothingAfter() {
        FingerprintMap one = FingerprintMap.EMPTY.with("a", "1");
        FingerprintMap two = one.with("b", "2");
        FingerprintMap three = two.with("c", "3");

        assertThat(one).containsExactly(Map.entry("a", "1"));
        assertThat(two).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(three).hasSize(3).containsEntry("c", "3");
        assertThat(one.get("b")).isNull();
        assertThat(one.containsKey("c")).isFalse();
        assertThat(FingerprintMap.EMPTY).isEmpty();
        // Equal to any map with the same entries, whatever its kind.
        assertThat(three).isEqualTo(new HashMap<>(Map.of("a", "1", "b", "2", "c", "3")));
        assertThat(three.hashCode()).isEqualTo(Map.of("a", "1", "b", "2", "c", "3").hashCode());
    }

    @Test
    void theSameFingerprintAgainIsTheSameMap() {
        FingerprintMap m = FingerprintMap.EMPTY.with("a", "1").with("b", "2");
        assertThat(m.with("a", "1")).isSameAs(m);
    }

    @Test
    void anotherFingerprintOrAnOlderMapStartsALineOfItsOwnLeavingTheOthersAsTheyWere() {
        FingerprintMap one = FingerprintMap.EMPTY.with("a", "1");
        FingerprintMap two = one.with("b", "2");

        // A record listed again with other content in the same pass.
        FingerprintMap changed = two.with("a", "9");
        assertThat(changed).containsOnly(Map.entry("a", "9"), Map.entry("b", "2"));
        assertThat(two).containsOnly(Map.entry("a", "1"), Map.entry("b", "2"));

        // A map that is not the newest of its line (a restored cursor) grows apart.
        FingerprintMap branch = one.with("x", "7");
        assertThat(branch).containsOnly(Map.entry("a", "1"), Map.entry("x", "7"));
        assertThat(two).containsOnly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(two.with("c", "3"))
                .containsOnly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "3"));
        // Even an id the newer map added.
        assertThat(one.with("b", "5")).containsOnly(Map.entry("a", "1"), Map.entry("b", "5"));
    }

    @Test
    void ofReturnsAFingerprintMapItselfAndCopiesOthersOnce() {
        FingerprintMap m = FingerprintMap.EMPTY.with("a", "1");
        assertThat(FingerprintMap.of(m)).isSameAs(m);
        Map<String, String> plain = new HashMap<>(Map.of("b", "2", "a", "1"));
        FingerprintMap copy = FingerprintMap.of(plain);
        plain.put("c", "3");
        assertThat(copy).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(FingerprintMap.of(Map.of())).isSameAs(FingerprintMap.EMPTY);
    }

    /** What growing costs: 100,000 entries one at a time stay linear (no copy per entry). */
    @Test
    void growingOneAtATimeDoesNotCopy() {
        FingerprintMap m = FingerprintMap.EMPTY;
        List<FingerprintMap> kept = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            m = m.with("engi-" + i, "PENDING|" + i);
            if (i % 1000 == 0) {
                kept.add(m);
            }
        }
        assertThat(m).hasSize(100_000);
        assertThat(m.get("engi-99999")).isEqualTo("PENDING|99999");
        // Every kept map still sees exactly its own entries.
        for (int k = 0; k < kept.size(); k++) {
            assertThat(kept.get(k)).hasSize(k * 1000 + 1);
            assertThat(kept.get(k).get("engi-" + (k * 1000 + 1))).isNull();
        }
    }

    /** The task thread reads (snapshots) a cursor's map while the fetcher thread grows it. */
    @Test
    void aMapCanBeReadWhileItsLineGrowsOnAnotherThread() throws Exception {
        FingerprintMap start = FingerprintMap.EMPTY;
        for (int i = 0; i < 5_000; i++) {
            start = start.with("id-" + i, "fp-" + i);
        }
        FingerprintMap snapshot = start;
        AtomicReference<Throwable> failed = new AtomicReference<>();
        FingerprintMap from = start;
        Thread writer =
                new Thread(
                        () -> {
                            try {
                                FingerprintMap m = from;
                                for (int i = 5_000; i < 200_000; i++) {
                                    m = m.with("id-" + i, "fp-" + i);
                                }
                            } catch (Throwable t) {
                                failed.set(t);
                            }
                        });
        writer.start();
        while (writer.isAlive()) {
            Map<String, String> copy = new HashMap<>(snapshot);
            assertThat(copy).hasSize(5_000);
            assertThat(snapshot.get("id-4999")).isEqualTo("fp-4999");
            assertThat(snapshot.get("id-150000")).isNull();
        }
        writer.join();
        assertThat(failed.get()).isNull();
    }
}
