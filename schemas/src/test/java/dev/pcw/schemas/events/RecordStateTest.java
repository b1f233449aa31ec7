package dev.pcw.schemas.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.schemas.silver.SilverRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordStateTest {

    @Test
    void roundTripsThroughItsVersionedBytes() {
        RecordState state = RecordState.of(ChangeEntity.OPPORTUNITY, EventFixtures.opportunityV1());

        byte[] bytes = state.toBytes();
        RecordState read = RecordState.fromBytes(bytes);

        assertThat(bytes[0]).isEqualTo((byte) RecordState.CURRENT_LAYOUT);
        assertThat(read).isEqualTo(state);
        assertThat(read.watched()).containsEntry("stage", "Prospect");
        assertThat(read.columnHashes()).containsExactly(state.columnHashes());
    }

    @Test
    void roundTripsNullWatchedValuesAndContentHashVersions() {
        SilverRow noStatus = EventFixtures.solutionBuilder().set("status", null).build();
        RecordState state = RecordState.of(ChangeEntity.SOLUTION, noStatus);

        RecordState read = RecordState.fromBytes(state.toBytes());

        assertThat(read).isEqualTo(state);
        assertThat(read.watched()).containsEntry("status", null);
        assertThat(read.timestampVersion()).isFalse();
    }

    @Test
    void staysSmallerThanTheRecordItDescribes() {
        RecordState state = RecordState.of(ChangeEntity.OPPORTUNITY, EventFixtures.opportunityV2());

        // 4 bytes per tracked column plus the watched values: a few hundred bytes, not the record.
        assertThat(state.toBytes().length).isLessThan(400);
    }

    @Test
    void roundTripsThroughJavaSerialization() throws Exception {
        RecordState state = RecordState.of(ChangeEntity.OPPORTUNITY, EventFixtures.opportunityV1());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }

        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(state);
        }
    }

    @Test
    void readsCheckedInLayoutOneBytesAndHashesRowsAsBefore() throws Exception {
        byte[] checkedIn = layoutOneBytes();

        RecordState read = RecordState.fromBytes(checkedIn);

        // Equality also pins the hashing: if it changed, every stored record would look updated.
        assertThat(read)
                .isEqualTo(RecordState.of(ChangeEntity.OPPORTUNITY, EventFixtures.opportunityV1()));
        assertThat(new ChangeDetector().detect(read, EventFixtures.opportunityV1()).changes())
                .isEmpty();
    }

    /** A state written by layout 1, checked in. */
    private byte[] layoutOneBytes() throws java.io.IOException {
        try (java.io.InputStream in =
                getClass()
                        .getClassLoader()
                        .getResourceAsStream("events/record-state-layout1-opportunity.hex")) {
            return hex(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    private static byte[] hex(String text) {
        String digits = text.replaceAll("\\s", "");
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @Test
    void layoutTwoKeepsTheSequenceAndLayoutOneReadsAsZero() throws Exception {
        RecordState seeded =
                RecordState.seeded(
                        ChangeEntity.ENGAGEMENT_INVITATION, EventFixtures.invitationV1());
        assertThat(seeded.sequence()).isPositive();
        assertThat(RecordState.fromBytes(seeded.toBytes())).isEqualTo(seeded);
        assertThat(RecordState.fromBytes(seeded.toBytes()).sequence()).isEqualTo(seeded.sequence());

        byte[] checkedIn = layoutOneBytes();
        assertThat(checkedIn[0]).isEqualTo((byte) 1);
        assertThat(RecordState.fromBytes(checkedIn).sequence()).isZero();
    }

    @Test
    void rejectsBytesOfAnUnknownLayoutNamingTheLayout() {
        byte[] bytes = RecordState.of(ChangeEntity.SOLUTION, EventFixtures.solutionV1()).toBytes();
        bytes[0] = 9;

        assertThatThrownBy(() -> RecordState.fromBytes(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown RecordState layout 9");
    }

    @Test
    void rejectsARowOfAnotherEntitysTable() {
        assertThatThrownBy(
                        () -> RecordState.of(ChangeEntity.SOLUTION, EventFixtures.opportunityV1()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "belongs to partnercentral_opportunities, not to partnercentral_solutions");
    }

    @Test
    void rejectsTruncatedBytes() {
        byte[] bytes = RecordState.of(ChangeEntity.SOLUTION, EventFixtures.solutionV1()).toBytes();
        byte[] truncated = java.util.Arrays.copyOf(bytes, 10);

        assertThatThrownBy(() -> RecordState.fromBytes(truncated))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Cannot read RecordState from 10 bytes");
    }
}
