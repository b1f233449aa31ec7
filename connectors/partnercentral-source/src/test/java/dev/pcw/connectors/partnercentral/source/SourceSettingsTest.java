package dev.pcw.connectors.partnercentral.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SourceSettingsTest {
    private static SourceSettings.Builder base() {
        return SourceSettings.builder().client(PartnerCentralClientConfig.builder().build());
    }

    @Test
    void theNextPassFollowsTheCron() {
        long now = Instant.parse("2026-11-22T05:10:00Z").toEpochMilli();
        assertThat(Instant.ofEpochMilli(base().build().nextPassAfter(now)))
                .isEqualTo("2026-11-22T06:00:00Z");
        assertThat(
                        Instant.ofEpochMilli(
                                base().scheduleCron("*/15 * * * *").build().nextPassAfter(now)))
                .isEqualTo("2026-11-22T05:15:00Z");
    }

    @Test
    void anUnscheduledSourceNeverPassesAgainYetNeverFinishes() {
        SourceSettings s = base().scheduled(false).build();
        // Long.MAX_VALUE would mean "bounded: finished"; an unscheduled source idles instead.
        assertThat(s.nextPassAfter(0)).isEqualTo(Long.MAX_VALUE - 1);
        assertThat(s.scheduled()).isFalse();
        assertThat(base().build().scheduled()).isTrue();
    }

    @Test
    void runMarkersAreOffUnlessAskedFor() {
        assertThat(base().build().runMarkers()).isFalse();
        assertThat(base().runMarkers(true).build().runMarkers()).isTrue();
    }

    @Test
    void aBadCronSaysWhatAFiveFieldCronLooksLike() {
        assertThatThrownBy(() -> base().scheduleCron("every hour").build())
                .hasMessageStartingWith(
                        "schedule_cron 'every hour' is not a 5-field cron expression");
    }
}
