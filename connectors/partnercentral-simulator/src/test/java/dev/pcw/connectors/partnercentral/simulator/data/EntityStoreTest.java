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

    @Test
    void aBatchIsSeenByItsThreadAtOnceAndByOthersOnlyWhenItCloses() throws Exception {
        EntityStore store = d.opportunities();
        java.util.List<String> idsBefore = store.ids();
        int sizeBefore = store.size();
        ChangeEngine engine = new ChangeEngine(d, System::currentTimeMillis, "us-east-1");
        String changed = idsBefore.get(7);
        java.util.concurrent.atomic.AtomicReference<String> seenElsewhere =
                new java.util.concurrent.atomic.AtomicReference<>();
        Change created =
                d.inBatch(
                        () -> {
                            engine.changeOpportunity(changed, "stage");
                            Change c = engine.createOpportunity();
                            // This thread sees both changes.
                            assertThat(store.get(changed).version()).isEqualTo(2);
                            assertThat(store.get(c.id())).isNotNull();
                            assertThat(store.size()).isEqualTo(sizeBefore + 1);
                            assertThat(store.ids()).contains(c.id()).isSorted();
                            assertThat(store.all()).hasSize(sizeBefore + 1);
                            // Another reader sees neither until the batch closes.
                            Thread other =
                                    new Thread(
                                            () ->
                                                    seenElsewhere.set(
                                                            store.get(changed).version()
                                                                    + "/"
                                                                    + (store.get(c.id()) != null)
                                                                    + "/"
                                                                    + store.size()));
                            other.start();
                            try {
                                other.join();
                            } catch (InterruptedException e) {
                                throw new IllegalStateException(e);
                            }
                            return c;
                        });
        assertThat(seenElsewhere.get()).isEqualTo("1/false/" + sizeBefore);
        assertThat(store.get(changed).version()).isEqualTo(2);
        assertThat(store.get(created.id())).isNotNull();
        assertThat(store.ids()).hasSize(sizeBefore + 1).contains(created.id()).isSorted();
        assertThat(idsBefore).as("the list handed out before").hasSize(sizeBefore);
        assertThat(store.sortedBy("LastModifiedDate")).hasSize(sizeBefore + 1);
    }

    @Test
    void aBatchsIdsAreTheSortedUnionIndexByIndex() {
        EntityStore store = d.opportunities();
        java.util.List<String> expected = new java.util.ArrayList<>(store.ids());
        ChangeEngine engine = new ChangeEngine(d, System::currentTimeMillis, "us-east-1");
        java.util.List<String> ids =
                d.inBatch(
                        () -> {
                            for (int i = 0; i < 6; i++) {
                                expected.add(engine.createOpportunity().id());
                            }
                            engine.changeOpportunity(expected.get(3), "stage");
                            return store.ids();
                        });
        java.util.Collections.sort(expected);
        assertThat(ids).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(ids.get(i)).as("index " + i).isEqualTo(expected.get(i));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ids.get(expected.size()))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(store.ids()).containsExactlyElementsOf(expected);
    }

    @Test
    void aBatchCannotBeOpenedTwiceNorClosedByAnotherThread() throws Exception {
        EntityStore store = new EntityStore();
        store.openBatch();
        org.assertj.core.api.Assertions.assertThatThrownBy(store::openBatch)
                .isInstanceOf(IllegalStateException.class);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread other =
                new Thread(
                        () -> {
                            try {
                                store.closeBatch();
                            } catch (IllegalStateException e) {
                                failure.set(e);
                            }
                        });
        other.start();
        other.join();
        assertThat(failure.get()).hasMessageContaining("no batch of this thread");
        store.closeBatch();
    }
}
