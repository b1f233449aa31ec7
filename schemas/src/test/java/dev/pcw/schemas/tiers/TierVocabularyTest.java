package dev.pcw.schemas.tiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TierVocabularyTest {
    private final TierVocabulary v = TierVocabulary.defaults();

    @Test
    void writesTheSeedsFourTiersInTitleCase() {
        assertThat(v.tier("platinum")).isEqualTo("Platinum");
        assertThat(v.tier("GOLD")).isEqualTo("Gold");
        assertThat(v.tier("Silver")).isEqualTo("Silver");
        assertThat(v.tier("bRoNzE")).isEqualTo("Bronze");
    }

    @Test
    void titleCasesOtherTiersAsPythonsTitleDoes() {
        assertThat(v.tier("preferred partner")).isEqualTo("Preferred Partner");
        assertThat(v.tier("PREMIER")).isEqualTo("Premier");
        assertThat(v.tier("co-sell ready")).isEqualTo("Co-Sell Ready");
        assertThat(v.tier("élite")).isEqualTo("Élite");
        assertThat(v.tier("tier 2")).isEqualTo("Tier 2");
    }

    @Test
    void canonicalizesTheSeedsOems() {
        assertThat(v.oem("cisco")).isEqualTo("Cisco");
        assertThat(v.oem("NUTANIX")).isEqualTo("Nutanix");
        assertThat(v.oem("dell")).isEqualTo("Dell");
        assertThat(v.oem("hp")).isEqualTo("HP");
        assertThat(v.oem("Hpe")).isEqualTo("HPE");
        assertThat(v.oem("vmware")).isEqualTo("VMware");
        assertThat(v.oem("microsoft")).isEqualTo("Microsoft");
        assertThat(v.oem("aws")).isEqualTo("AWS");
        assertThat(v.oem("red  hat")).isEqualTo("Red Hat");
    }

    @Test
    void keepsAnUnknownOemAsWrittenButTrimmed() {
        assertThat(v.oem("  Pure Storage ")).isEqualTo("Pure Storage");
        assertThat(v.oem("netApp")).isEqualTo("netApp");
    }

    @Test
    void takesAliasesAndNewNamesFromConfiguration() {
        TierVocabulary c =
                TierVocabulary.fromConfig(
                        Map.of(
                                "partner_tiers.tiers.premier tier services", "Premier",
                                "partner_tiers.tiers.msp", "MSP",
                                "partner_tiers.tiers.gold", "Gold Partner",
                                "partner_tiers.oems.cisco systems", "Cisco",
                                "partner_tiers.input", "data/partners"),
                        "partner_tiers.");

        assertThat(c.tier("Premier Tier Services")).isEqualTo("Premier");
        assertThat(c.tier("msp")).isEqualTo("MSP");
        assertThat(c.tier("GOLD")).isEqualTo("Gold Partner");
        assertThat(c.tier("platinum")).isEqualTo("Platinum");
        assertThat(c.oem("Cisco Systems")).isEqualTo("Cisco");
        assertThat(c.oem("hpe")).isEqualTo("HPE");
        assertThat(v.tier("msp")).as("the defaults do not change").isEqualTo("Msp");
    }

    @Test
    void refusesAnAliasWithoutAStoredName() {
        assertThatThrownBy(
                        () ->
                                TierVocabulary.fromConfig(
                                        Map.of("partner_tiers.tiers.registered", " "),
                                        "partner_tiers."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "partner_tiers.tiers.registered is empty: give the tier or OEM name to"
                                + " store, e.g. Premier");
    }

    @Test
    void foldsIdentitiesIgnoringCaseSpacesAndUnicodeForm() {
        assertThat(PartnerKey.of(" cisco", "Red  River TECHNOLOGY "))
                .isEqualTo(PartnerKey.of("Cisco", "red river technology"));
        assertThat(PartnerKey.of("Cisco", "Caf\u00e9"))
                .isEqualTo(PartnerKey.of("Cisco", "Cafe\u0301"));
        assertThat(PartnerKey.of("Cisco", "Acme")).isNotEqualTo(PartnerKey.of("Dell", "Acme"));
    }

    @Test
    void comparesPlainAsciiNamesAsTheirFoldsWithoutCopyingThem() {
        PartnerKey plain = PartnerKey.of("Cisco", "ACME Corp");
        for (String same :
                new String[] {
                    "acme corp",
                    "Acme  Corp",
                    " ACME CORP",
                    "\u212Acme Corp".replace("\u212Acme", "acme")
                }) {
            assertThat(PartnerKey.of("cisco", same))
                    .as(same)
                    .isEqualTo(plain)
                    .hasSameHashCodeAs(plain);
        }
        // The Kelvin sign folds to k: equal to the plain spelling.
        assertThat(PartnerKey.of("Cisco", "\u212Aelvin Ltd"))
                .isEqualTo(PartnerKey.of("Cisco", "kelvin ltd"));
        assertThat(PartnerKey.of("Cisco", "ACME Corp.")).isNotEqualTo(plain);
        assertThat(PartnerKey.ofFoldedOem("cisco", "ACME Corp")).isEqualTo(plain);
        assertThat(plain.name()).isEqualTo("acme corp");
        assertThat(plain.toString()).isEqualTo("cisco/acme corp");
    }
}
