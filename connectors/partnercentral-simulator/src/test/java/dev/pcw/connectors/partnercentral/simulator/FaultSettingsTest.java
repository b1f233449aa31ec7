package dev.pcw.connectors.partnercentral.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.connectors.partnercentral.simulator.data.Json;
import org.junit.jupiter.api.Test;

class FaultSettingsTest {
    @Test
    void mergeChangesOnlyTheGivenKnobs() throws Exception {
        FaultSettings base = FaultSettings.builder().throttleRatio(0.1).latencyMillis(5).build();
        FaultSettings next =
                base.merge(
                        Json.MAPPER.readTree(
                                "{\"errorRatio\":0.2,\"deny\":\"access-denied\",\"malformedKinds\":[\"truncated-json\"]}"));
        assertThat(next.throttleRatio()).isEqualTo(0.1);
        assertThat(next.latencyMillis()).isEqualTo(5);
        assertThat(next.errorRatio()).isEqualTo(0.2);
        assertThat(next.deny()).isEqualTo(FaultSettings.Deny.ACCESS_DENIED);
        assertThat(next.malformedKinds()).containsExactly(MalformedKind.TRUNCATED_JSON);
        assertThat(FaultSettings.NONE.merge(next.toJson()).toJson()).isEqualTo(next.toJson());
    }

    @Test
    void badKnobsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> FaultSettings.builder().errorRatio(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("errorRatio must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> FaultSettings.builder().latencyMillis(-1).build())
                .hasMessage("latency must not be negative");
        assertThatThrownBy(() -> FaultSettings.Deny.parse("maybe"))
                .hasMessage(
                        "unknown deny mode 'maybe': use none, access-denied or unrecognized-client");
        assertThatThrownBy(() -> MalformedKind.parse("broken"))
                .hasMessageContaining("use one of truncated-json, wrong-type, missing-required");
    }

    @Test
    void describesItselfForTheBanner() {
        assertThat(FaultSettings.NONE.describe()).isEqualTo("none");
        assertThat(FaultSettings.builder().throttleRatio(0.3).errorRatio(0.05).build().describe())
                .isEqualTo("throttle 0.3 5xx 0.05");
    }

    @Test
    void configValidatesItsValues() {
        assertThatThrownBy(() -> SimulatorConfig.builder().accountId("123").build())
                .hasMessage("accountId must be a 12-digit AWS account id, was '123'");
        assertThatThrownBy(() -> SimulatorConfig.builder().port(70000).build())
                .hasMessage("port must be between 0 and 65535, was 70000");
        SimulatorConfig c = SimulatorConfig.builder().opportunities(1000).build();
        assertThat(c.sandboxOpportunities()).isEqualTo(100);
        assertThat(c.solutions()).isEqualTo(50);
        assertThat(c.engagements()).isEqualTo(250);
        assertThat(c.invitations()).isEqualTo(200);
    }
}
