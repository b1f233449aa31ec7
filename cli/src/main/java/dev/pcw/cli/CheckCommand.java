package dev.pcw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.metadata.Connectors;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.client.RawResponse;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.schemas.partnercentral.Catalog;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code pcw check}: what the runbook's first section checks by hand, one line each, in seconds:
 * the configuration, the credentials and the principal they are (STS GetCallerIdentity), each
 * catalog's access (a one-result ListOpportunities, and a GetOpportunity of what it listed), each
 * configured entity's list call, the lake (listed, and a file written and removed) and the metadata
 * DB (migrated, written and read). It makes at most 2 + 2 × catalogs × entities Partner Central
 * reads. Exit code 1 when anything failed.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Check that pcw can run here: configuration, AWS credentials and the principal in use,"
                    + " access to each catalog and each configured entity (one-result calls"
                    + " against the account's read quota), the lake and the metadata DB reachable"
                    + " and writable. One line each; exit code 1 when something failed.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  pcw check",
            "  pcw check --config connectors.yaml --set connectors.partner_central.catalogs=Sandbox"
        })
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Mixin ConfigOptions options = new ConfigOptions();

    private int failures;

    @Override
    public Integer call() {
        PcwConfig cfg;
        try {
            cfg = options.load();
        } catch (RuntimeException e) {
            line(false, "configuration", Pcw.messageOf(e));
            return 1;
        }
        PartnerCentralClientConfig clientConfig = null;
        List<Catalog> catalogs = List.of();
        List<PartnerCentralEntity> entities = List.of();
        try {
            catalogs = cfg.catalogs();
            entities = cfg.entities();
            clientConfig = cfg.clientConfig();
            line(
                    true,
                    "configuration",
                    (options.config == null
                                    ? "no file (defaults and environment)"
                                    : options.config.toString())
                            + "; catalogs "
                            + catalogs.stream()
                                    .map(Catalog::wireName)
                                    .collect(Collectors.joining(", "))
                            + "; entities "
                            + entities.stream()
                                    .map(PartnerCentralEntity::configName)
                                    .collect(Collectors.joining(", "))
                            + "; mode "
                            + cfg.mode()
                            + (clientConfig.endpoint() == null
                                    ? ""
                                    : "; Partner Central at " + clientConfig.endpoint()));
        } catch (RuntimeException e) {
            line(false, "configuration", Pcw.messageOf(e));
        }
        if (clientConfig != null) {
            checkPartnerCentral(clientConfig, catalogs, entities);
        }
        checkLake(cfg);
        checkMetadataDb(cfg);
        System.out.println(
                failures == 0
                        ? "pcw check: all good."
                        : "pcw check: " + failures + " problem(s); see the lines marked FAIL.");
        return failures == 0 ? 0 : 1;
    }

    private void checkPartnerCentral(
            PartnerCentralClientConfig clientConfig,
            List<Catalog> catalogs,
            List<PartnerCentralEntity> entities) {
        try (PartnerCentralClient client = PartnerCentralClient.create(clientConfig)) {
            try {
                line(
                        true,
                        "credentials",
                        client.callerIdentity()
                                + ", from "
                                + client.credentialSource()
                                + (clientConfig.roleArn() == null
                                        ? ""
                                        : ", assuming " + clientConfig.roleArn()));
            } catch (RuntimeException e) {
                line(
                        false,
                        "credentials",
                        Pcw.messageOf(e)
                                + " — check the keys or role pcw uses ("
                                + client.credentialSource()
                                + (clientConfig.roleArn() == null
                                        ? ""
                                        : ", assuming " + clientConfig.roleArn())
                                + ")");
            }
            // The catalogs whose calls use credentials of their own: who they are.
            clientConfig
                    .catalogCredentials()
                    .forEach(
                            (catalog, own) -> {
                                String what = "credentials " + catalog;
                                try {
                                    line(
                                            true,
                                            what,
                                            client.callerIdentity(catalog)
                                                    + ", the catalog's own: "
                                                    + own);
                                } catch (RuntimeException e) {
                                    line(
                                            false,
                                            what,
                                            Pcw.messageOf(e)
                                                    + " — check the catalog's own credentials ("
                                                    + own
                                                    + ")");
                                }
                            });
            for (Catalog c : catalogs) {
                for (PartnerCentralEntity e : entities) {
                    String what = c.wireName() + " " + e.configName();
                    try {
                        line(true, what, access(client, c.wireName(), e));
                    } catch (RuntimeException ex) {
                        line(false, what, Pcw.messageOf(ex));
                    }
                }
            }
        }
    }

    /** One-result list call of {@code entity}, and a Get of what it listed; what it saw. */
    private static String access(
            PartnerCentralClient client, String catalog, PartnerCentralEntity e) {
        switch (e) {
            case OPPORTUNITIES:
                {
                    RawResponse r = client.listOpportunities(catalog, null, null, 1);
                    String id = firstId(r, "OpportunitySummaries");
                    if (id == null) {
                        return "ListOpportunities answered: no opportunity in this catalog yet";
                    }
                    client.getOpportunity(catalog, id);
                    return "ListOpportunities and GetOpportunity answered (" + id + ")";
                }
            case SOLUTIONS:
                {
                    RawResponse r = client.listSolutions(catalog, null, 1);
                    String id = firstId(r, "SolutionSummaries");
                    return "ListSolutions answered"
                            + (id == null ? ": no solution yet" : " (" + id + ")");
                }
            case ENGAGEMENT_INVITATIONS:
                {
                    RawResponse r = client.listEngagementInvitations(catalog, "RECEIVER", null, 1);
                    String id = firstId(r, "EngagementInvitationSummaries");
                    if (id == null) {
                        return "ListEngagementInvitations answered: no invitation yet";
                    }
                    client.getEngagementInvitation(catalog, id);
                    return "ListEngagementInvitations and GetEngagementInvitation answered ("
                            + id
                            + ")";
                }
            case ENGAGEMENTS:
                {
                    RawResponse r = client.listEngagements(catalog, null, 1);
                    String id = firstId(r, "EngagementSummaryList");
                    if (id == null) {
                        return "ListEngagements answered: no engagement yet";
                    }
                    client.getEngagement(catalog, id);
                    return "ListEngagements and GetEngagement answered (" + id + ")";
                }
            default:
                return "not checked";
        }
    }

    private static String firstId(RawResponse r, String list) {
        JsonNode json = r.json();
        JsonNode first = json == null ? null : json.path(list).path(0);
        if (first == null || first.isMissingNode()) {
            return null;
        }
        String id = first.path("Id").asText(first.path("Identifier").asText(""));
        return id.isEmpty() ? null : id;
    }

    private void checkLake(PcwConfig cfg) {
        LakeConfig lake;
        try {
            lake = IngestJob.lakeConfig(cfg);
        } catch (RuntimeException e) {
            line(false, "lake", Pcw.messageOf(e));
            return;
        }
        org.apache.iceberg.catalog.Catalog catalog = null;
        try {
            catalog = Catalogs.create(lake);
            String tables = "";
            if (catalog instanceof SupportsNamespaces
                    && ((SupportsNamespaces) catalog)
                            .namespaceExists(Namespace.of(lake.namespace()))) {
                tables =
                        catalog.listTables(Namespace.of(lake.namespace())).size()
                                + " table(s) in "
                                + lake.namespace();
            } else {
                tables = "no " + lake.namespace() + " yet (the first job creates it)";
            }
            String written = writeAndRemove(lake.lakeRoot());
            line(true, "lake", lake.lakeRoot() + ": " + tables + "; " + written);
        } catch (RuntimeException e) {
            line(false, "lake", lake.lakeRoot() + ": " + Pcw.messageOf(e));
        } finally {
            if (catalog != null) {
                Catalogs.closeQuietly(catalog);
            }
        }
    }

    /** Writes a small file under the lake root and removes it; what it did. */
    private static String writeAndRemove(String root) {
        URI uri = URI.create(root);
        if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
            return "not written to (" + uri.getScheme() + ":// is checked by the first job)";
        }
        Path dir = Path.of(uri.getScheme() == null ? URI.create("file://" + root) : uri);
        try {
            Files.createDirectories(dir);
            Path probe = dir.resolve(".pcw-check-" + UUID.randomUUID());
            Files.writeString(probe, "pcw check\n", StandardCharsets.UTF_8);
            Files.delete(probe);
            return "wrote and removed a file";
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot write under "
                            + dir
                            + " ("
                            + e
                            + "): give pcw's user write access, or set lake.root",
                    e);
        }
    }

    private void checkMetadataDb(PcwConfig cfg) {
        String url = LocalFlink.dbUrl(cfg);
        try (MetadataDb db = LocalFlink.openDb(cfg)) {
            String id =
                    new Connectors(db, Clock.systemUTC())
                            .ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
            line(
                    true,
                    "metadata DB",
                    redact(url) + ": migrated, written and read (connector " + id + ")");
        } catch (RuntimeException e) {
            line(false, "metadata DB", redact(url) + ": " + Pcw.messageOf(e));
        }
    }

    /** A JDBC URL without a password it may carry. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private void line(boolean ok, String what, String detail) {
        if (!ok) {
            failures++;
        }
        System.out.printf(Locale.ROOT, "  %-4s  %-34s %s%n", ok ? "ok" : "FAIL", what, detail);
    }
}
