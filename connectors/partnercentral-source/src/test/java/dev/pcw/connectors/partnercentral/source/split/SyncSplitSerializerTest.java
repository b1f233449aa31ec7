package dev.pcw.connectors.partnercentral.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncSplitSerializerTest {
    /** A split mid-pass with every field set, as the golden file below holds it. */
    static SyncSplit midPass() {
        return new SyncSplit(
                "AWS",
                PartnerCentralEntity.OPPORTUNITIES,
                new SyncCursor(
                        "20261122T030000Z-aws-opportunities-1a2b3c4d",
                        1_795_000_000_000L,
                        "2026-11-01T10:00:00.123Z",
                        0,
                        "eyJ2IjoxfQ" + "x".repeat(70_000),
                        false,
                        List.of(
                                new PendingItem("O1234567", "2026-11-02T00:00:00Z", 0),
                                new PendingItem("O7654321", null, 1)),
                        "2026-11-01T10:00:00.123Z",
                        List.of("O1111111", "O2222222"),
                        3,
                        0,
                        new RunCounters(120, 2, 125, 3, 1),
                        java.util.Map.of(),
                        java.util.Map.of()));
    }

    /** The same split with the fingerprint maps of layout 2 filled. */
    static SyncSplit withFingerprints() {
        SyncSplit s = midPass();
        return s.withCursor(
                s.cursor().toBuilder()
                        .known(java.util.Map.of("eng-abcdefghijklmn", "2026-11-01T00:00:00Z"))
                        .nextKnown(
                                java.util.Map.of(
                                        "engi-abcdefghijklm", "-12345", "eng-zzzzzzzzzzzzzz", "x"))
                        .build());
    }

    /** The same split with a last record and two ended runs, as layout 3 adds them. */
    static SyncSplit withEndedRuns() {
        SyncSplit s = withFingerprints();
        return s.withCursor(
                s.cursor().toBuilder()
                        .lastRecord("O1234567", "2026-11-02T00:00:00Z")
                        .endedRuns(
                                List.of(
                                        new RunEnd(
                                                "20261122T000000Z-aws-opportunities-00000001",
                                                "full",
                                                1_794_000_000_000L,
                                                1_794_000_100_000L,
                                                new RunCounters(10, 1, 11, 0, 0),
                                                "2026-11-01T00:00:00Z",
                                                List.of("O1", "O2"),
                                                "O2",
                                                "2026-11-01T00:00:00Z",
                                                java.util.Map.of("O9", "2026-11-01T00:00:05Z")),
                                        new RunEnd(
                                                "20261122T010000Z-aws-opportunities-00000002",
                                                "incremental",
                                                1_794_000_200_000L,
                                                1_794_000_300_000L,
                                                RunCounters.ZERO,
                                                null,
                                                List.of(),
                                                null,
                                                null,
                                                java.util.Map.of())))
                        .fetchedAhead(java.util.Map.of("O7", "2026-11-02T00:00:01Z"))
                        .build());
    }

    @Test
    void roundTripsEveryField() throws Exception {
        SyncSplit split = withEndedRuns();
        byte[] bytes = SyncSplitSerializer.INSTANCE.serialize(split);
        assertThat(SyncSplitSerializer.INSTANCE.getVersion()).isEqualTo(3);
        SyncSplit back = SyncSplitSerializer.INSTANCE.deserialize(3, bytes);
        assertThat(back).isEqualTo(split);
        assertThat(back.cursor().endedRuns()).hasSize(2);
        assertThat(back.cursor().lastRecordId()).isEqualTo("O1234567");
        assertThat(back.splitId()).isEqualTo("AWS/opportunities");
        // Page tokens longer than writeUTF's limit survive.
        assertThat(back.cursor().pageToken()).hasSize(split.cursor().pageToken().length());
    }

    @Test
    void readsTheCheckedInVersion2Layout() throws Exception {
        // Written by version 2 and checked in: it reads with no last record and no ended runs.
        byte[] golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/sync-split-v2.bin")) {
            assertThat(in).as("golden file").isNotNull();
            golden = in.readAllBytes();
        }
        SyncSplit read = SyncSplitSerializer.INSTANCE.deserialize(2, golden);
        assertThat(read).isEqualTo(withFingerprints());
        assertThat(read.cursor().endedRuns()).isEmpty();
    }

    @Test
    void roundTripsTheInitialCursor() throws Exception {
        SyncSplit split =
                new SyncSplit("Sandbox", PartnerCentralEntity.SOLUTIONS, SyncCursor.INITIAL);
        assertThat(
                        SyncSplitSerializer.INSTANCE.deserialize(
                                1, SyncSplitSerializer.INSTANCE.serialize(split)))
                .isEqualTo(split);
    }

    @Test
    void readsTheCheckedInVersion1Layout() throws Exception {
        // Written by version 1 and checked in: a later layout must still read it (the
        // fingerprint maps of version 2 read as empty).
        byte[] golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/sync-split-v1.bin")) {
            assertThat(in).as("golden file").isNotNull();
            golden = in.readAllBytes();
        }
        SyncSplit expected = midPass();
        SyncSplit read = SyncSplitSerializer.INSTANCE.deserialize(1, golden);
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void refusesAnUnknownVersionWithAHint() {
        assertThatThrownBy(() -> SyncSplitSerializer.INSTANCE.deserialize(7, new byte[0]))
                .hasMessageContaining("Unknown SyncSplit serializer version 7")
                .hasMessageContaining("Restore the savepoint with the pcw version that wrote it");
    }
}
