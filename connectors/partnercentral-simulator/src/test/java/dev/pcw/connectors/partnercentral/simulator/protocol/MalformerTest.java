package dev.pcw.connectors.partnercentral.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.MalformedKind;
import dev.pcw.connectors.partnercentral.simulator.data.Dataset;
import dev.pcw.connectors.partnercentral.simulator.data.StoredRecord;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MalformerTest {
    private final Dataset d =
            Dataset.generate(
                    9,
                    "AWS",
                    "111122223333",
                    Instant.parse("2026-06-01T00:00:00Z").toEpochMilli(),
                    new int[] {1000, 5, 20, 20});

    @Test
    void theRatioSelectsAboutThatShareOfRecordsAndEveryKindIsUsed() {
        Malformer m = new Malformer(1);
        FaultSettings f = FaultSettings.builder().malformedRatio(0.25).build();
        Map<MalformedKind, Integer> kinds = new EnumMap<>(MalformedKind.class);
        for (StoredRecord r : d.opportunities().all()) {
            MalformedKind k = m.kindFor(f, "AWS", r);
            if (k != null) {
                kinds.merge(k, 1, Integer::sum);
            }
        }
        int total = kinds.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total).isBetween(200, 300);
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(MalformedKind.values());
    }

    @Test
    void theChoiceIsAPureFunctionOfSeedRecordAndVersion() {
        Malformer a = new Malformer(1);
        Malformer b = new Malformer(1);
        FaultSettings f = FaultSettings.builder().malformedRatio(0.5).build();
        for (StoredRecord r : d.opportunities().all()) {
            assertThat(a.kindFor(f, "AWS", r)).isEqualTo(b.kindFor(f, "AWS", r));
            MalformedKind k = a.kindFor(f, "AWS", r);
            if (k != null) {
                assertThat(a.breakDetail(Malformer.Target.OPPORTUNITY, k, "AWS", r))
                        .isEqualTo(b.breakDetail(Malformer.Target.OPPORTUNITY, k, "AWS", r));
            }
        }
    }

    @Test
    void onlyTheEnabledKindsAreUsedAndZeroRatioBreaksNothing() {
        Malformer m = new Malformer(1);
        FaultSettings only =
                FaultSettings.builder()
                        .malformedRatio(1.0)
                        .malformedKinds(EnumSet.of(MalformedKind.UNKNOWN_MEMBER))
                        .build();
        assertThat(d.opportunities().all())
                .allMatch(r -> m.kindFor(only, "AWS", r) == MalformedKind.UNKNOWN_MEMBER);
        assertThat(d.opportunities().all())
                .allMatch(r -> m.kindFor(FaultSettings.NONE, "AWS", r) == null);
    }

    @Test
    void truncatedDetailIsNotJsonAndOtherKindsStayJson() {
        Malformer m = new Malformer(1);
        StoredRecord r = d.opportunities().all().iterator().next();
        byte[] truncated =
                m.breakDetail(Malformer.Target.OPPORTUNITY, MalformedKind.TRUNCATED_JSON, "AWS", r);
        assertThat(truncated.length).isEqualTo(r.detail().length / 2);
        for (Malformer.Target t : Malformer.Target.values()) {
            StoredRecord rec =
                    t == Malformer.Target.OPPORTUNITY
                            ? r
                            : t == Malformer.Target.INVITATION
                                    ? d.invitations().all().iterator().next()
                                    : d.engagements().all().iterator().next();
            for (MalformedKind k : EnumSet.complementOf(EnumSet.of(MalformedKind.TRUNCATED_JSON))) {
                byte[] broken = m.breakDetail(t, k, "AWS", rec);
                assertThat(broken).as("%s %s", t, k).isNotEqualTo(rec.detail());
                dev.pcw.connectors.partnercentral.simulator.data.Json.parseObject(broken);
            }
        }
    }
}
