package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.connectors.partnercentral.simulator.sts.LocalSts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pcw check} as a user runs it, against the simulator and a local STS: the principal of
 * an assumed role with its external id, each catalog and entity answered, the lake and the metadata
 * DB written; then what each failure prints (a refused role, a denied account, a lake that cannot
 * be written, a metadata DB that cannot be reached), with exit code 1.
 */
@Timeout(300)
class CheckCommandITCase {
    private static final String ROLE = "arn:aws:iam::111122223333:role/pcw-partnercentral";
    private static final String SANDBOX_ROLE = "arn:aws:iam::111122223333:role/pcw-sandbox";

    @TempDir Path dir;

    private String pcw(int exit, List<String> args) throws Exception {
        return PcwProcess.run(dir, dir.resolve("home"), exit, args);
    }

    private static List<String> args(PartnerCentralSimulator sim, LocalSts sts, String... more) {
        List<String> a =
                new ArrayList<>(
                        List.of(
                                "check",
                                "--set",
                                "connectors.partner_central.endpoint=" + sim.endpoint(),
                                "--set",
                                "connectors.partner_central.sts_endpoint=" + sts.endpoint(),
                                "--set",
                                "connectors.partner_central.access_key_id=AKIACHECKIT",
                                "--set",
                                "connectors.partner_central.secret_access_key=not-a-secret",
                                "--set",
                                "connectors.partner_central.catalogs=AWS,Sandbox",
                                "--set",
                                "connectors.partner_central.entities=opportunities,solutions"));
        for (String m : more) {
            a.add("--set");
            a.add(m);
        }
        return a;
    }

    @Test
    void checksEverythingAUserNeedsAndSaysWhatFailed() throws Exception {
        try (PartnerCentralSimulator sim =
                        PartnerCentralSimulator.start(
                                SimulatorConfig.builder()
                                        .port(0)
                                        .opportunities(5)
                                        .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                                        .quotas(QuotaSettings.UNLIMITED)
                                        .build());
                LocalSts sts = LocalSts.start()) {
            sts.user("AKIACHECKIT", "arn:aws:iam::111122223333:user/ci");
            sts.role(ROLE, "arn:aws:iam::111122223333:user/ci", "ext-42");
            sts.role(SANDBOX_ROLE, "arn:aws:iam::111122223333:user/ci", null);

            String ok =
                    pcw(
                            0,
                            args(
                                    sim,
                                    sts,
                                    "connectors.partner_central.role_arn=" + ROLE,
                                    "connectors.partner_central.external_id=ext-42",
                                    // Sandbox's calls with a role of their own.
                                    "connectors.partner_central.catalog_credentials.Sandbox.role_arn="
                                            + SANDBOX_ROLE));
            assertThat(ok)
                    .containsPattern(
                            "ok\\s+credentials\\s+arn:aws:sts::111122223333:assumed-role/pcw-partnercentral/pcw"
                                    + " \\(account 111122223333\\), from the access key set in"
                                    + " connectors.partner_central.access_key_id, assuming "
                                    + ROLE)
                    .containsPattern(
                            "ok\\s+AWS opportunities\\s+ListOpportunities and GetOpportunity answered \\(O")
                    .containsPattern("ok\\s+AWS solutions\\s+ListSolutions answered")
                    .containsPattern("ok\\s+Sandbox opportunities\\s+ListOpportunities")
                    .containsPattern(
                            "ok\\s+credentials Sandbox\\s+arn:aws:sts::111122223333:assumed-role/pcw-sandbox/pcw"
                                    + " \\(account 111122223333\\), the catalog's own: role "
                                    + SANDBOX_ROLE)
                    .containsPattern("ok\\s+lake\\s+file:.*wrote and removed a file")
                    .containsPattern(
                            "ok\\s+metadata DB\\s+jdbc:sqlite:.*migrated, written and read")
                    .contains("pcw check: all good.")
                    .doesNotContain("not-a-secret");
            assertThat(sts.calls("AssumeRole")).isPositive();
            // Each catalog's calls were signed with its own role's keys, and only with them.
            assertThat(sim.accounting().callers("Sandbox"))
                    .isNotEmpty()
                    .isSubsetOf(sts.issuedKeys(SANDBOX_ROLE));
            assertThat(sim.accounting().callers("AWS"))
                    .isNotEmpty()
                    .isSubsetOf(sts.issuedKeys(ROLE));

            // The role refuses a wrong external id: said on the credentials line, exit 1.
            String refused =
                    pcw(
                            1,
                            args(
                                    sim,
                                    sts,
                                    "connectors.partner_central.role_arn=" + ROLE,
                                    "connectors.partner_central.external_id=ext-wrong"));
            assertThat(refused)
                    .containsPattern(
                            "FAIL\\s+credentials\\s+.*not authorized to perform: sts:AssumeRole")
                    .contains("assuming " + ROLE);

            // A denied account, a lake that cannot be written, an unreachable metadata DB.
            sim.setFaults(FaultSettings.builder().deny(FaultSettings.Deny.ACCESS_DENIED).build());
            Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
            String failed =
                    pcw(
                            1,
                            args(
                                    sim,
                                    sts,
                                    "lake.root=" + notADirectory.resolve("lake"),
                                    "metadata.db_url=jdbc:postgresql://127.0.0.1:1/pcw?password=hunter2"));
            assertThat(failed)
                    .containsPattern("ok\\s+credentials\\s+arn:aws:iam::111122223333:user/ci")
                    .containsPattern("FAIL\\s+AWS opportunities\\s+.*ListOpportunities")
                    .containsPattern("FAIL\\s+lake\\s+")
                    .containsPattern(
                            "FAIL\\s+metadata DB\\s+jdbc:postgresql://127.0.0.1:1/pcw\\?password=\\*\\*\\*")
                    .contains("problem(s); see the lines marked FAIL")
                    .doesNotContain("hunter2");
        }
    }
}
