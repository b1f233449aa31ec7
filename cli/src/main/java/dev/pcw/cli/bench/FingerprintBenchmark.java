package dev.pcw.cli.bench;

import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import dev.pcw.connectors.partnercentral.source.SourceSettings;
import dev.pcw.connectors.partnercentral.source.reader.PassBenchmark;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Memory and CPU per record of full syncs of the entities synced by fingerprint (engagement
 * invitations, engagements), at two sizes in one run, against an in-process simulator: the per
 * record figures of the large sync ÷ those of the small one show whether cost grows linearly.
 */
public final class FingerprintBenchmark {
    private FingerprintBenchmark() {}

    public static List<PassBenchmark.Result> run(int small, int large, PrintStream out)
            throws Exception {
        List<PassBenchmark.Result> results = new ArrayList<>();
        for (int n : new int[] {small, large}) {
            out.printf(Locale.ROOT, "generating %,d invitations and %,d engagements...%n", n, n);
            try (PartnerCentralSimulator sim =
                    PartnerCentralSimulator.start(
                            SimulatorConfig.builder()
                                    .port(0)
                                    .opportunities(Math.max(10, n / 10))
                                    .sandboxOpportunities(10)
                                    .invitations(n)
                                    .engagements(n)
                                    .solutions(10)
                                    .anchor(Instant.parse("2026-06-01T00:00:00Z"))
                                    .quotas(QuotaSettings.UNLIMITED)
                                    .build())) {
                SourceSettings settings =
                        SourceSettings.builder()
                                .client(
                                        PartnerCentralClientConfig.builder()
                                                .endpoint(sim.endpoint())
                                                .staticCredentials("bench", "bench")
                                                .readRate(0)
                                                .readDaily(0)
                                                .build())
                                .bounded(true)
                                .pageSize(100)
                                .build();
                if (n == small) {
                    // Not measured: the JIT compiles the hot paths first, so that the small sync
                    // is not charged for it.
                    out.println("warming up...");
                    for (PartnerCentralEntity e :
                            List.of(
                                    PartnerCentralEntity.ENGAGEMENT_INVITATIONS,
                                    PartnerCentralEntity.ENGAGEMENTS)) {
                        PassBenchmark.run("warm-up", settings, "AWS", e);
                    }
                }
                for (PartnerCentralEntity e :
                        List.of(
                                PartnerCentralEntity.ENGAGEMENT_INVITATIONS,
                                PartnerCentralEntity.ENGAGEMENTS)) {
                    PassBenchmark.Result r =
                            PassBenchmark.run(
                                    String.format(Locale.ROOT, "%s %,d", e.configName(), n),
                                    settings,
                                    "AWS",
                                    e);
                    out.println(r);
                    results.add(r);
                }
            }
        }
        for (int i = 0; i < 2; i++) {
            PassBenchmark.Result s = results.get(i);
            PassBenchmark.Result l = results.get(i + 2);
            out.printf(
                    Locale.ROOT,
                    "%-24s large ÷ small per record: CPU %.2f, allocated %.2f, peak heap %.2f,"
                            + " state %.2f (1.00 = linear)%n",
                    l.label.split(" ")[0],
                    l.cpuMicrosPerRecord() / s.cpuMicrosPerRecord(),
                    l.allocatedKbPerRecord() / s.allocatedKbPerRecord(),
                    l.peakHeapBytesPerRecord() / Math.max(1e-9, s.peakHeapBytesPerRecord()),
                    l.stateBytesPerRecord() / s.stateBytesPerRecord());
        }
        return results;
    }
}
