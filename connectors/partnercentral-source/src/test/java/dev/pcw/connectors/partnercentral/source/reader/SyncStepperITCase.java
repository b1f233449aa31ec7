package dev.pcw.connectors.partnercentral.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.connectors.partnercentral.source.SourceSettings;
import dev.pcw.connectors.partnercentral.source.split.SyncCursor;
import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sync logic step by step against the simulator: passes, increments, restores. */
class SyncStepperITCase {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Detail calls run concurrently in the reader; some tests use the same pool size. */
    private static final java.util.concurrent.ExecutorService POOL =
            java.util.concurrent.Executors.newFixedThreadPool(8);

    @org.junit.jupiter.api.AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder()
                            .opportunities(450)
                            .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                            .quotas(QuotaSettings.UNLIMITED));

    private static SourceSettings settings(boolean summaries) {
        return builder(summaries).build();
    }

    private static SourceSettings.Builder builder(boolean summaries) {
        return SourceSettings.builder()
                .client(
                        PartnerCentralClientConfig.builder()
                                .endpoint(SIM.endpoint())
                                .staticCredentials("stepper-it", "secret")
                                .readRate(0)
                                .readDaily(0)
                                .backoffMillis(5, 50)
                                .build())
                .bounded(true)
                .pageSize(100)
                .fetchAwsSummary(summaries);
    }

    /** Runs one pass to its end, collecting what it emits. */
    private static SyncSplit pass(SyncStepper stepper, SyncSplit split, List<BronzeRecord> out) {
        SyncSplit s = split;
        do {
            for (Fetched f : stepper.step(s, System.currentTimeMillis())) {
                if (f.record != null) {
                    out.add(f.record);
                }
                s = s.withCursor(f.cursorAfter);
            }
        } while (s.cursor().inPass());
        return s;
    }

    private static String id(BronzeRecord r) {
        try {
            return MAPPER.readTree(r.payload()).path("Id").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFullPassEmitsEveryOpportunityOnceAndCostsTheIdealCalls() {
        try (PartnerCentralClient client = PartnerCentralClient.create(settings(false).client())) {
            SyncStepper stepper = new SyncStepper(client, settings(false), POOL);
            List<BronzeRecord> out = new ArrayList<>();
            SyncSplit done =
                    pass(
                            stepper,
                            new SyncSplit(
                                    "AWS", PartnerCentralEntity.OPPORTUNITIES, SyncCursor.INITIAL),
                            out);

            int total = SIM.simulator().dataset("AWS").opportunities().size();
            assertThat(out).hasSize(total).allMatch(r -> r.operation().equals("GetOpportunity"));
            assertThat(out.stream().map(SyncStepperITCase::id).collect(Collectors.toSet()))
                    .hasSize(total);
            assertThat(out)
                    .allMatch(r -> r.runId().equals(out.get(0).runId()) && r.payloadIsJson());
            long pages = (total + 99) / 100;
            assertThat(client.stats().totalCalls()).isEqualTo(pages + total);
            assertThat(done.cursor().counters().records()).isEqualTo(total);
            assertThat(done.cursor().counters().apiCalls()).isEqualTo(pages + total);
            assertThat(done.cursor().passesCompleted()).isEqualTo(1);
            assertThat(done.cursor().watermark()).isNotNull();
        }
    }

    @Test
    void anUnscheduledSourcePassesOnceThenIdlesWithoutFinishing() {
        // Streaming mode: one catch-up pass, then Partner Central's events alone.
        SourceSettings streaming = builder(false).bounded(false).scheduled(false).build();
        try (PartnerCentralClient client = PartnerCentralClient.create(streaming.client())) {
            SyncStepper stepper = new SyncStepper(client, streaming);
            SyncSplit done =
                    pass(
                            stepper,
                            new SyncSplit(
                                    "Sandbox", PartnerCentralEntity.SOLUTIONS, SyncCursor.INITIAL),
                            new ArrayList<>());

            assertThat(done.cursor().passesCompleted()).isEqualTo(1);
            // Never due again, however late it gets; and not Long.MAX_VALUE, which would finish
            // the split as a bounded one.
            long later = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
            assertThat(SyncStepper.ready(done.cursor(), later)).isFalse();
            assertThat(done.cursor().nextPassAtMillis()).isNotEqualTo(Long.MAX_VALUE);

            // A scheduled (hybrid) source is due again at the next cron tick.
            SourceSettings hybrid = builder(false).bounded(false).build();
            SyncSplit scheduled =
                    pass(
                            new SyncStepper(client, hybrid),
                            new SyncSplit(
                                    "Sandbox", PartnerCentralEntity.SOLUTIONS, SyncCursor.INITIAL),
                            new ArrayList<>());
            assertThat(SyncStepper.ready(scheduled.cursor(), later)).isTrue();
        }
    }

    @Test
    void anIncrementalPassFetchesOnlyWhatChanged() {
        try (PartnerCentralClient client = PartnerCentralClient.create(settings(false).client())) {
            SyncStepper stepper = new SyncStepper(client, settings(false));
            SyncSplit first =
                    pass(
                            stepper,
                            new SyncSplit(
                                    "Sandbox",
                                    PartnerCentralEntity.OPPORTUNITIES,
                                    SyncCursor.INITIAL),
                            new ArrayList<>());

            List<Change> changes = SIM.simulator().applyChanges("Sandbox", 12);
            Set<String> changed =
                    changes.stream()
                            .filter(c -> c.entity() == PartnerCentralEntity.OPPORTUNITIES)
                            .map(Change::id)
                            .collect(Collectors.toSet());
            long callsBefore = client.stats().totalCalls();
            List<BronzeRecord> out = new ArrayList<>();
            SyncSplit second =
                    pass(
                            stepper,
                            first.withCursor(
                                    first.cursor().toBuilder().nextPassAtMillis(0).build()),
                            out);

            assertThat(out.stream().map(SyncStepperITCase::id).collect(Collectors.toSet()))
                    .isEqualTo(changed);
            // One list page (the overlap at the old watermark is skipped without a Get) plus
            // one Get per changed record.
            assertThat(client.stats().totalCalls() - callsBefore).isEqualTo(1 + changed.size());
            assertThat(Instant.parse(second.cursor().watermark()))
                    .isAfter(Instant.parse(first.cursor().watermark()));

            List<BronzeRecord> third = new ArrayList<>();
            pass(
                    stepper,
                    second.withCursor(second.cursor().toBuilder().nextPassAtMillis(0).build()),
                    third);
            assertThat(third).as("nothing changed, nothing fetched").isEmpty();
        }
    }

    /** {@code Id@LastModifiedDate} of a GetOpportunity record. */
    private static String version(BronzeRecord r) {
        try {
            JsonNode n = MAPPER.readTree(r.payload());
            return n.path("Id").asText() + "@" + n.path("LastModifiedDate").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRecordChangedBetweenListAndGetIsNeverFetchedTwiceAtOneVersion() {
        SourceSettings small = builder(false).pageSize(10).build();
        try (PartnerCentralClient client = PartnerCentralClient.create(small.client())) {
            SyncStepper stepper = new SyncStepper(client, small);
            SyncSplit s =
                    new SyncSplit(
                            "Sandbox", PartnerCentralEntity.OPPORTUNITIES, SyncCursor.INITIAL);
            // Start the pass and list its first page: ten records wait for their Get.
            for (int i = 0; i < 2; i++) {
                for (Fetched f : stepper.step(s, System.currentTimeMillis())) {
                    s = s.withCursor(f.cursorAfter);
                }
            }
            assertThat(s.cursor().pending()).hasSize(10);
            // Two of them change now: their Get returns a newer version than listed, and the
            // listing meets them again (they now sort last) later in this pass.
            String a = s.cursor().pending().get(0).id();
            String b = s.cursor().pending().get(5).id();
            SIM.simulator().changeOpportunity("Sandbox", a, "stage");
            SIM.simulator().changeOpportunity("Sandbox", b, "spend");
            List<BronzeRecord> out = new ArrayList<>();
            SyncSplit first = pass(stepper, s, out);
            assertThat(first.cursor().fetchedAhead()).containsKeys(a, b);
            // The next pass lists them again at or after the watermark; nothing is fetched again.
            pass(
                    stepper,
                    first.withCursor(first.cursor().toBuilder().nextPassAtMillis(0).build()),
                    out);
            List<String> versions =
                    out.stream().map(SyncStepperITCase::version).collect(Collectors.toList());
            assertThat(new java.util.HashSet<>(versions)).hasSize(versions.size());
            assertThat(out.stream().map(SyncStepperITCase::id).collect(Collectors.toSet()))
                    .containsAll(SIM.simulator().dataset("Sandbox").opportunities().ids());
        }
    }

    @Test
    void aRestoreMidPageResumesWithoutRefetchingWhatWasEmitted() {
        try (PartnerCentralClient client = PartnerCentralClient.create(settings(true).client())) {
            SyncStepper stepper = new SyncStepper(client, settings(true), POOL);
            SyncSplit s =
                    new SyncSplit("AWS", PartnerCentralEntity.OPPORTUNITIES, SyncCursor.INITIAL);
            List<BronzeRecord> before = new ArrayList<>();
            // Run until 301 records are out (mid-batch, mid-page), then "crash": keep only the
            // cursor of the last emitted element, as a checkpoint would.
            outer:
            while (true) {
                for (Fetched f : stepper.step(s, System.currentTimeMillis())) {
                    if (f.record != null) {
                        before.add(f.record);
                    }
                    s = s.withCursor(f.cursorAfter);
                    if (before.size() == 301) {
                        break outer;
                    }
                }
            }
            assertThat(s.cursor().pending()).isNotEmpty();
            try (PartnerCentralClient restarted =
                    PartnerCentralClient.create(settings(true).client())) {
                List<BronzeRecord> after = new ArrayList<>();
                pass(new SyncStepper(restarted, settings(true), POOL), s, after);
                List<BronzeRecord> all = new ArrayList<>(before);
                all.addAll(after);
                Set<String> keys = new HashSet<>();
                for (BronzeRecord r : all) {
                    assertThat(keys.add(r.operation() + " " + idOf(r)))
                            .as("emitted twice: %s", idOf(r))
                            .isTrue();
                }
                int total = SIM.simulator().dataset("AWS").opportunities().size();
                assertThat(all.stream().filter(r -> r.operation().equals("GetOpportunity")))
                        .hasSize(total);
                assertThat(
                                all.stream()
                                        .filter(
                                                r ->
                                                        r.operation()
                                                                .equals(
                                                                        "GetAwsOpportunitySummary")))
                        .isNotEmpty();
            }
        }
    }

    private static String idOf(BronzeRecord r) {
        try {
            JsonNode n = MAPPER.readTree(r.payload());
            return n.has("Id") ? n.get("Id").asText() : n.path("RelatedOpportunityId").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void solutionsComeFromTheListExactlyAsSent() {
        try (PartnerCentralClient client = PartnerCentralClient.create(settings(false).client())) {
            SyncStepper stepper = new SyncStepper(client, settings(false));
            List<BronzeRecord> out = new ArrayList<>();
            pass(
                    stepper,
                    new SyncSplit("AWS", PartnerCentralEntity.SOLUTIONS, SyncCursor.INITIAL),
                    out);
            assertThat(out)
                    .hasSize(SIM.simulator().dataset("AWS").solutions().size())
                    .allMatch(r -> r.operation().equals("ListSolutions"));
            String id = id(out.get(0));
            byte[] stored = SIM.simulator().dataset("AWS").solutions().get(id).summary();
            assertThat(out.get(0).payload())
                    .isEqualTo(new String(stored, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void invitationsAreListedAsReceiverAndSenderThenFetched() {
        try (PartnerCentralClient client = PartnerCentralClient.create(settings(false).client())) {
            SyncStepper stepper = new SyncStepper(client, settings(false));
            List<BronzeRecord> out = new ArrayList<>();
            pass(
                    stepper,
                    new SyncSplit(
                            "AWS", PartnerCentralEntity.ENGAGEMENT_INVITATIONS, SyncCursor.INITIAL),
                    out);
            assertThat(out)
                    .hasSize(SIM.simulator().dataset("AWS").invitations().size())
                    .allMatch(r -> r.operation().equals("GetEngagementInvitation"));
            assertThat(out.stream().map(SyncStepperITCase::id).collect(Collectors.toSet()))
                    .hasSize(out.size());

            List<BronzeRecord> engagements = new ArrayList<>();
            pass(
                    stepper,
                    new SyncSplit("AWS", PartnerCentralEntity.ENGAGEMENTS, SyncCursor.INITIAL),
                    engagements);
            assertThat(engagements).hasSize(SIM.simulator().dataset("AWS").engagements().size());
        }
    }

    @Test
    void invitationsAndEngagementsAreFetchedAgainOnlyWhenTheirListItemChanged() {
        try (PartnerCentralClient client = PartnerCentralClient.create(settings(false).client())) {
            SyncStepper stepper = new SyncStepper(client, settings(false));
            SyncSplit inv =
                    pass(
                            stepper,
                            new SyncSplit(
                                    "Sandbox",
                                    PartnerCentralEntity.ENGAGEMENT_INVITATIONS,
                                    SyncCursor.INITIAL),
                            new ArrayList<>());
            SyncSplit eng =
                    pass(
                            stepper,
                            new SyncSplit(
                                    "Sandbox",
                                    PartnerCentralEntity.ENGAGEMENTS,
                                    SyncCursor.INITIAL),
                            new ArrayList<>());
            assertThat(inv.cursor().known())
                    .hasSize(SIM.simulator().dataset("Sandbox").invitations().size());

            List<Change> changes = SIM.simulator().applyChanges("Sandbox", 60);
            Set<String> invitations =
                    changes.stream()
                            .filter(c -> c.entity() == PartnerCentralEntity.ENGAGEMENT_INVITATIONS)
                            .map(Change::id)
                            .collect(Collectors.toSet());
            Set<String> engagements =
                    changes.stream()
                            .filter(c -> c.entity() == PartnerCentralEntity.ENGAGEMENTS)
                            .map(Change::id)
                            .collect(Collectors.toSet());
            assertThat(invitations).isNotEmpty();

            List<BronzeRecord> again = new ArrayList<>();
            pass(
                    stepper,
                    inv.withCursor(inv.cursor().toBuilder().nextPassAtMillis(0).build()),
                    again);
            assertThat(again.stream().map(SyncStepperITCase::id).collect(Collectors.toSet()))
                    .isEqualTo(invitations);

            List<BronzeRecord> engAgain = new ArrayList<>();
            pass(
                    stepper,
                    eng.withCursor(eng.cursor().toBuilder().nextPassAtMillis(0).build()),
                    engAgain);
            assertThat(engAgain.stream().map(SyncStepperITCase::id).collect(Collectors.toSet()))
                    .isEqualTo(engagements);
        }
    }

    /**
     * A page token that expired (a restore long after its checkpoint): the listing used to fail
     * with ValidationException on every restart (a crash loop). It now starts again at the first
     * page of the pass, skipping what the pass emitted: each record is emitted once, and only list
     * calls are spent again.
     */
    @Test
    void anExpiredPageTokenListsAgainWithoutEmittingAnythingTwice() {
        SIM.simulator()
                .setFaults(
                        dev.pcw.connectors.partnercentral.simulator.FaultSettings.builder()
                                // Longer than a list call, shorter than a page of Gets.
                                .pageTokenTtlMillis(150)
                                .latencyMillis(20)
                                .operations(Set.of("GetOpportunity", "GetEngagement"))
                                .build());
        SourceSettings small = builder(false).pageSize(10).build();
        try (PartnerCentralClient client = PartnerCentralClient.create(small.client())) {
            SyncStepper stepper = new SyncStepper(client, small);
            for (PartnerCentralEntity entity :
                    List.of(PartnerCentralEntity.OPPORTUNITIES, PartnerCentralEntity.ENGAGEMENTS)) {
                // Enough records for several pages of each.
                String catalog = entity == PartnerCentralEntity.OPPORTUNITIES ? "Sandbox" : "AWS";
                var data = SIM.simulator().dataset(catalog);
                String list =
                        entity == PartnerCentralEntity.OPPORTUNITIES
                                ? "ListOpportunities"
                                : "ListEngagements";
                int total =
                        entity == PartnerCentralEntity.OPPORTUNITIES
                                ? data.opportunities().size()
                                : data.engagements().size();
                assertThat(total).as("enough for three pages").isGreaterThan(20);
                List<BronzeRecord> out = new ArrayList<>();
                SyncSplit done =
                        pass(stepper, new SyncSplit(catalog, entity, SyncCursor.INITIAL), out);

                List<String> ids =
                        out.stream().map(SyncStepperITCase::id).collect(Collectors.toList());
                assertThat(ids).as(entity + ": each once").hasSize(total).doesNotHaveDuplicates();
                assertThat(done.cursor().counters().records()).isEqualTo(total);
                // Tokens were refused and the listing started over (more list calls than pages).
                long pages = (total + 9) / 10;
                assertThat(SIM.simulator().accounting().calls(list)).isGreaterThan(pages);
            }
        }
    }

    /**
     * The fingerprints of the previous pass and those listed so far are not copied per page or per
     * record: with 100,000 invitations every page copied both maps (twice), a cost that grew with
     * the square of the records. Every cursor of a pass shares the previous pass's map, and the
     * maps of what was listed grow without copying (see {@code pcw bench fingerprints}).
     */
    @Test
    void aPassSharesItsFingerprintsInsteadOfCopyingThemPerPage() {
        SourceSettings small = builder(false).pageSize(10).build();
        try (PartnerCentralClient client = PartnerCentralClient.create(small.client())) {
            SyncStepper stepper = new SyncStepper(client, small);
            SyncSplit first =
                    pass(
                            stepper,
                            new SyncSplit(
                                    "AWS",
                                    PartnerCentralEntity.ENGAGEMENT_INVITATIONS,
                                    SyncCursor.INITIAL),
                            new ArrayList<>());
            java.util.Map<String, String> known = first.cursor().known();
            assertThat(known).hasSizeGreaterThan(20);

            SyncSplit s = first.withCursor(first.cursor().toBuilder().nextPassAtMillis(0).build());
            List<SyncCursor> cursors = new ArrayList<>();
            do {
                for (Fetched f : stepper.step(s, System.currentTimeMillis())) {
                    cursors.add(f.cursorAfter);
                    s = s.withCursor(f.cursorAfter);
                }
            } while (s.cursor().inPass());
            // Until the pass ends, every cursor holds the very same map of the previous pass.
            for (SyncCursor c : cursors.subList(0, cursors.size() - 1)) {
                assertThat(c.known()).isSameAs(known);
            }
            assertThat(s.cursor().known()).isEqualTo(known);
            assertThat(s.cursor().known())
                    .isInstanceOf(
                            dev.pcw.connectors.partnercentral.source.split.FingerprintMap.class);
        }
    }

    /**
     * A record's {@code fetched_at} is when its answer arrived, not when the step that asked for it
     * began: the version guards keep the later of two fetches of one record, and a scheduled pass's
     * batch started before an event's targeted fetch may still be answered after it.
     */
    @Test
    void aRecordIsStampedWhenItsAnswerArrivedNotWhenItsStepBegan() {
        try (PartnerCentralClient client = PartnerCentralClient.create(settings(false).client())) {
            SyncStepper stepper = new SyncStepper(client, settings(false), POOL);
            Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            long stepBegan = before.minusSeconds(3600).toEpochMilli();
            List<BronzeRecord> out = new ArrayList<>();
            for (PartnerCentralEntity entity :
                    List.of(PartnerCentralEntity.OPPORTUNITIES, PartnerCentralEntity.SOLUTIONS)) {
                SyncSplit s = new SyncSplit("AWS", entity, SyncCursor.INITIAL);
                do {
                    for (Fetched f : stepper.step(s, stepBegan)) {
                        if (f.record != null) {
                            out.add(f.record);
                        }
                        s = s.withCursor(f.cursorAfter);
                    }
                } while (s.cursor().inPass());
            }
            Instant after = Instant.now();
            assertThat(out)
                    .isNotEmpty()
                    .anyMatch(r -> r.operation().equals("GetOpportunity"))
                    .anyMatch(r -> r.operation().equals("ListSolutions"))
                    .allSatisfy(r -> assertThat(r.fetchedAt()).isBetween(before, after));
        }
    }
}
