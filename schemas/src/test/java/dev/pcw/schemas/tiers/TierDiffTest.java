package dev.pcw.schemas.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierDiffTest {
    static final Instant CREATED = Instant.parse("2025-10-30T20:00:00Z");
    static final Instant NOW = Instant.parse("2026-12-01T08:00:00.123456Z");
    private final TierNormalizer normalizer = new TierNormalizer(TierVocabulary.defaults());

    static RawTierRecord raw(int index, String... kv) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            values.put(kv[i], kv[i + 1]);
        }
        return new RawTierRecord(
                new TierPosition("partners_a.csv", index, index + 2), values, List.of());
    }

    static RawTierRecord redRiver(int index, String tier) {
        return raw(
                index,
                "name",
                "Red River Technology",
                "tier",
                tier,
                "program",
                "Cisco PTP",
                "oem",
                "cisco",
                "poc",
                "John Doe");
    }

    static PartnerTier stored(String name, String tier) {
        return new PartnerTier(
                name, tier, "Cisco PTP", "Cisco", "John Doe", null, CREATED, CREATED);
    }

    private static Map<PartnerKey, PartnerTier> store(PartnerTier... tiers) {
        Map<PartnerKey, PartnerTier> m = new HashMap<>();
        for (PartnerTier t : tiers) {
            m.put(t.key(), t);
        }
        return m;
    }

    @Test
    void addsAPartnerTheStoreLacksStampingNowAtMilliseconds() {
        TierDiff diff = TierDiff.against(store(), normalizer, NOW);
        diff.accept(redRiver(0, "gold"));

        assertThat(diff.problems()).isEmpty();
        assertThat(diff.added()).hasSize(1);
        PartnerTier t = diff.added().get(0).tier();
        assertThat(t.tier()).isEqualTo("Gold");
        assertThat(t.oem()).isEqualTo("Cisco");
        assertThat(t.createdAt()).isEqualTo(Instant.parse("2026-12-01T08:00:00.123Z"));
        assertThat(t.updatedAt()).isEqualTo(t.createdAt());
        assertThat(diff.added().get(0).previous()).isNull();
        assertThat(diff.hasChanges()).isTrue();
    }

    @Test
    void keepsTheFilesTimestampsForANewPartner() {
        TierDiff diff = TierDiff.against(store(), normalizer, NOW);
        diff.accept(
                raw(
                        0,
                        "name",
                        "A",
                        "tier",
                        "Gold",
                        "program",
                        "P",
                        "oem",
                        "Dell",
                        "created_at",
                        "2025-01-02T03:04:05Z",
                        "updated_at",
                        "2025-06-01T00:00:00+02:00"));

        PartnerTier t = diff.added().get(0).tier();
        assertThat(t.createdAt()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
        assertThat(t.updatedAt()).isEqualTo(Instant.parse("2025-05-31T22:00:00Z"));
    }

    @Test
    void updatesAChangedPartnerKeepingCreatedAtAndNamingTheChangedFields() {
        TierDiff diff =
                TierDiff.against(store(stored("Red River Technology", "Gold")), normalizer, NOW);
        diff.accept(redRiver(0, "PLATINUM"));

        assertThat(diff.updated()).hasSize(1);
        TierDiff.Change c = diff.updated().get(0);
        assertThat(c.tier().tier()).isEqualTo("Platinum");
        assertThat(c.tier().createdAt()).isEqualTo(CREATED);
        assertThat(c.tier().updatedAt()).isEqualTo(Instant.parse("2026-12-01T08:00:00.123Z"));
        assertThat(c.previous().tier()).isEqualTo("Gold");
        assertThat(c.changedFields()).containsExactly("tier");
        assertThat(diff.added()).isEmpty();
        assertThat(diff.unchanged()).isEmpty();
    }

    @Test
    void leavesAnEqualPartnerUnchangedWhateverItsCaseAndSpacesAndTimestamps() {
        PartnerTier s = stored("Red River Technology", "Gold");
        TierDiff diff = TierDiff.against(store(s), normalizer, NOW);
        diff.accept(
                raw(
                        0,
                        "name",
                        " Red River Technology ",
                        "tier",
                        "gold",
                        "program",
                        "Cisco PTP ",
                        "oem",
                        "CISCO",
                        "poc",
                        "John Doe",
                        "notes",
                        "",
                        "updated_at",
                        "2030-01-01T00:00:00Z"));

        assertThat(diff.unchanged()).containsExactly(s);
        assertThat(diff.unchanged().get(0)).isSameAs(s);
        assertThat(diff.hasChanges()).isFalse();
    }

    @Test
    void treatsAChangeOfANamesCaseAsAnUpdateOfTheSamePartner() {
        TierDiff diff =
                TierDiff.against(store(stored("Red River Technology", "Gold")), normalizer, NOW);
        diff.accept(
                raw(
                        0,
                        "name",
                        "RED RIVER Technology",
                        "tier",
                        "Gold",
                        "program",
                        "Cisco PTP",
                        "oem",
                        "Cisco",
                        "poc",
                        "John Doe"));

        assertThat(diff.updated()).hasSize(1);
        assertThat(diff.updated().get(0).changedFields()).containsExactly("name");
    }

    @Test
    void comparesPocAndNotesIncludingTheirRemoval() {
        TierDiff diff =
                TierDiff.against(store(stored("Red River Technology", "Gold")), normalizer, NOW);
        diff.accept(
                raw(
                        0,
                        "name",
                        "Red River Technology",
                        "tier",
                        "Gold",
                        "program",
                        "Cisco PTP",
                        "oem",
                        "Cisco",
                        "notes",
                        "new"));

        assertThat(diff.updated().get(0).changedFields()).containsExactly("poc", "notes");
        assertThat(diff.updated().get(0).tier().poc()).isNull();
    }

    @Test
    void refusesEveryRecordMissingARequiredFieldWithTheSeedsMessage() {
        TierDiff diff = TierDiff.against(store(), normalizer, NOW);
        diff.accept(raw(0, "tier", "Gold", "program", "P", "oem", "Cisco"));
        diff.accept(raw(1, "name", "B", "tier", "  ", "program", "P"));
        diff.accept(redRiver(2, "Gold"));

        assertThat(diff.problems())
                .extracting(TierProblem::message)
                .containsExactly(
                        "Record 0: missing name",
                        "Record 1: missing tier",
                        "Record 1: missing oem");
        assertThat(diff.problems().get(0).toString())
                .isEqualTo("Record 0: missing name (partners_a.csv line 2)");
        assertThat(diff.validationMessage(2))
                .isEqualTo(
                        "Validation failed: Record 0: missing name (partners_a.csv line 2); Record 1:"
                                + " missing tier (partners_a.csv line 3); and 1 more");
        assertThat(diff.added()).hasSize(1);
    }

    @Test
    void refusesATimestampThatIsNotIsoAndANameSpanningLines() {
        TierDiff diff = TierDiff.against(store(), normalizer, NOW);
        diff.accept(
                raw(
                        0,
                        "name",
                        "A\nB",
                        "tier",
                        "Gold",
                        "program",
                        "P",
                        "oem",
                        "Cisco",
                        "updated_at",
                        "yesterday"));

        assertThat(diff.problems())
                .extracting(TierProblem::message)
                .containsExactly(
                        "Record 0: name has a line break",
                        "Record 0: invalid updated_at: 'yesterday' is not an ISO-8601 date-time"
                                + " such as 2025-10-30T20:00:00Z");
    }

    @Test
    void reportsWhatTheReaderFoundWrong() {
        TierDiff diff = TierDiff.against(store(), normalizer, NOW);
        diff.accept(
                new RawTierRecord(
                        new TierPosition("p.csv", 4, 9),
                        Map.of("name", "A", "tier", "Gold", "program", "P", "oem", "Cisco"),
                        List.of("has 7 values for 6 columns")));

        assertThat(diff.problems())
                .extracting(Object::toString)
                .containsExactly("Record 4: has 7 values for 6 columns (p.csv line 9)");
        assertThat(diff.added()).isEmpty();
    }

    @Test
    void refusesTwoRecordsOfOnePartnerNamingBothPositions() {
        TierDiff diff = TierDiff.against(store(), normalizer, NOW);
        diff.accept(redRiver(0, "Gold"));
        diff.accept(
                raw(
                        1,
                        "name",
                        "red river technology",
                        "tier",
                        "Silver",
                        "program",
                        "X",
                        "oem",
                        "CISCO"));
        diff.accept(
                new RawTierRecord(
                        new TierPosition("partners_b.json", 0, 0),
                        Map.of(
                                "name",
                                "Red River Technology",
                                "tier",
                                "Gold",
                                "program",
                                "Cisco PTP",
                                "oem",
                                "Cisco"),
                        List.of()));
        diff.accept(
                raw(
                        2,
                        "name",
                        "Red River Technology",
                        "tier",
                        "Gold",
                        "program",
                        "Dell PP",
                        "oem",
                        "Dell"));

        assertThat(diff.problems())
                .extracting(Object::toString)
                .containsExactly(
                        "Record 1: duplicate of Record 0: both are Cisco / red river technology (one"
                                + " partner per OEM and name, compared ignoring case)"
                                + " (partners_a.csv line 3)",
                        "Record 0: duplicate of Record 0 of partners_a.csv: both are Cisco / Red River"
                                + " Technology (one partner per OEM and name, compared ignoring case)"
                                + " (partners_b.json)");
        assertThat(diff.added()).extracting(c -> c.tier().oem()).containsExactly("Cisco", "Dell");
    }

    @Test
    void neverDeletesAPartnerTheInputDoesNotMention() {
        Map<PartnerKey, PartnerTier> s = store(stored("Other", "Gold"));
        TierDiff diff = TierDiff.against(s, normalizer, NOW);
        diff.accept(redRiver(0, "Gold"));

        assertThat(diff.added()).hasSize(1);
        assertThat(diff.updated()).isEmpty();
        assertThat(diff.unchanged()).isEmpty();
        assertThat(s).hasSize(1);
    }

    @Test
    void diffsAgainstContentHashesAloneKeepingTheStoredTimes() {
        PartnerTier s = stored("Red River Technology", "Gold");
        PartnerTier other = stored("Other", "Gold");
        Map<PartnerKey, StoredTier> slim = new HashMap<>();
        for (PartnerTier t : List.of(s, other)) {
            slim.put(t.key(), StoredTier.slim(t.contentHash(), t.createdAt(), t.updatedAt()));
        }
        java.util.concurrent.CompletableFuture<Map<PartnerKey, StoredTier>> later =
                new java.util.concurrent.CompletableFuture<>();
        TierDiff diff = TierDiff.against(later, normalizer, NOW);
        diff.accept(redRiver(0, "gold"));
        diff.accept(
                raw(
                        1,
                        "name",
                        "Other",
                        "tier",
                        "Platinum",
                        "program",
                        "Cisco PTP",
                        "oem",
                        "Cisco",
                        "poc",
                        "John Doe"));
        diff.accept(raw(2, "name", "other", "tier", "Gold", "program", "X", "oem", "Cisco"));
        later.complete(slim);

        assertThat(diff.unchanged()).containsExactly(s);
        assertThat(diff.updated()).hasSize(1);
        assertThat(diff.updated().get(0).previous()).as("not read in a slim diff").isNull();
        assertThat(diff.updated().get(0).tier().createdAt()).isEqualTo(CREATED);
        assertThat(diff.problems())
                .extracting(TierProblem::message)
                .containsExactly(
                        "Record 2: duplicate of Record 1: both are Cisco / other (one partner per OEM"
                                + " and name, compared ignoring case)");
    }

    @Test
    void listsProblemsInInputOrderWhateverWhenTheyWereFound() {
        java.util.concurrent.CompletableFuture<Map<PartnerKey, StoredTier>> later =
                new java.util.concurrent.CompletableFuture<>();
        TierDiff diff = TierDiff.against(later, normalizer, NOW);
        diff.accept(redRiver(0, "Gold"));
        diff.accept(redRiver(1, "Gold"));
        diff.accept(raw(2, "tier", "Gold", "program", "P", "oem", "Dell"));
        later.complete(new HashMap<>());

        assertThat(diff.problems()).extracting(p -> p.position().index()).containsExactly(1, 2);
    }

    @Test
    void hashesContentStablyAcrossVersions() {
        PartnerTier t =
                new PartnerTier(
                        "Red River Technology",
                        "Gold",
                        "Cisco PTP",
                        "Cisco",
                        "John Doe",
                        null,
                        CREATED,
                        CREATED);

        // Stored in partner_tiers.content_hash: this value must never change.
        assertThat(t.contentHash()).isEqualTo(t.contentHash()).isEqualTo(-4778931438322055372L);
        assertThat(t.withTimes(NOW, NOW).contentHash()).isEqualTo(t.contentHash());
        assertThat(
                        new PartnerTier(
                                        "Red River Technology",
                                        "Gold",
                                        "Cisco PTP",
                                        "Cisco",
                                        null,
                                        "John Doe",
                                        CREATED,
                                        CREATED)
                                .contentHash())
                .as("the same text in another field")
                .isNotEqualTo(t.contentHash());
    }
}
