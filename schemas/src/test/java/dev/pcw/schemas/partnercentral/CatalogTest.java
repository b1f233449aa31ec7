package dev.pcw.schemas.partnercentral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CatalogTest {
    @Test
    void parsesConfiguredNamesCaseInsensitively() {
        assertThat(Catalog.parse("AWS")).isEqualTo(Catalog.AWS);
        assertThat(Catalog.parse(" sandbox ")).isEqualTo(Catalog.SANDBOX);
        assertThat(Catalog.SANDBOX.wireName()).isEqualTo("Sandbox");
    }

    @Test
    void wireNamesMustMatchExactly() {
        assertThat(Catalog.fromWire("Sandbox")).isEqualTo(Catalog.SANDBOX);
        assertThat(Catalog.fromWire("SANDBOX")).isNull();
    }

    @Test
    void anUnknownCatalogNamesTheAcceptedValues() {
        assertThatThrownBy(() -> Catalog.parse("Prod"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown Partner Central catalog 'Prod': use AWS or Sandbox");
        assertThatThrownBy(() -> Catalog.parse(null)).hasMessageContaining("'null'");
    }

    @Test
    void entitiesParseFromConfigurationNames() {
        assertThat(PartnerCentralEntity.parse("engagement_invitations"))
                .isEqualTo(PartnerCentralEntity.ENGAGEMENT_INVITATIONS);
        assertThatThrownBy(() -> PartnerCentralEntity.parse("leads"))
                .hasMessage(
                        "Unknown Partner Central entity 'leads': use one of opportunities,"
                                + " solutions, engagement_invitations, engagements");
    }
}
