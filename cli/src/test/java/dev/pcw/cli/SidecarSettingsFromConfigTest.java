package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.sidecar.SidecarSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code pcw sidecar} makes of the configuration, and what a wrong one gets. */
class SidecarSettingsFromConfigTest {
    private static PcwConfig config(Map<String, String> set) {
        return PcwConfig.load(null, Map.of(), set);
    }

    @Test
    void theSeedsDefaultsAndApiKeysOnly() {
        SidecarSettings s = SidecarCommand.settings(config(Map.of()));
        assertThat(s.writeActions())
                .extracting(a -> a.key())
                .containsExactlyInAnyOrder(
                        "create_opportunity", "associate_opportunity", "start_engagement");
        assertThat(s.catalogs()).containsExactly("AWS");
        assertThat(s.oidc()).isNull();
    }

    @Test
    void anOidcIssuerNeedsItsAudienceAndKeys() {
        assertThatThrownBy(
                        () ->
                                SidecarCommand.settings(
                                        config(
                                                Map.of(
                                                        "sidecar.oidc.issuer",
                                                        "https://idp.example.com/"))))
                .hasMessage(
                        "sidecar.oidc.issuer is set but sidecar.oidc.audience is not: set both");
        SidecarSettings s =
                SidecarCommand.settings(
                        config(
                                Map.of(
                                        "sidecar.oidc.issuer", "https://idp.example.com/",
                                        "sidecar.oidc.audience", "pcw",
                                        "sidecar.oidc.jwks_url",
                                                "https://idp.example.com/.well-known/jwks.json")));
        assertThat(s.oidc().issuer()).isEqualTo("https://idp.example.com/");
    }

    @Test
    void aWrongApprovalSettingOrTicketPatternIsNamed() {
        assertThatThrownBy(
                        () ->
                                SidecarCommand.settings(
                                        config(
                                                Map.of(
                                                        "connectors.partner_central.action_approval_mode",
                                                        "sometimes"))))
                .hasMessage(
                        "connectors.partner_central: action_approval_mode is 'sometimes': use"
                                + " required, auto or disabled");
        assertThatThrownBy(
                        () ->
                                SidecarCommand.settings(
                                        config(
                                                Map.of(
                                                        "connectors.partner_central.ticket_pattern",
                                                        "[oops"))))
                .hasMessageStartingWith(
                        "connectors.partner_central: ticket_pattern '[oops' is not a regular"
                                + " expression");
    }
}
