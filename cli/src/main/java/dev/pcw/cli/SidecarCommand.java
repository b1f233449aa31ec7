package dev.pcw.cli;

import dev.pcw.connectors.metadata.ApiKeys;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.client.write.WriteAction;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.sidecar.Sidecar;
import dev.pcw.sidecar.SidecarSettings;
import dev.pcw.sidecar.approval.ApprovalPolicy;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pcw sidecar}: the HTTP service beside the jobs, and its API keys. */
@Command(
        name = "sidecar",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the sidecar: the HTTP service beside the jobs (GET /health, GET /status, GET"
                    + " /openapi.json). Every route but /health needs an API key: create one with"
                    + " 'pcw sidecar keys add'.",
            ""
        },
        subcommands = {SidecarCommand.Keys.class},
        footer = {
            "",
            "Examples:",
            "  pcw sidecar keys add ops --roles viewer",
            "  pcw sidecar --port 0",
            "  curl -H \"Authorization: Bearer $KEY\" http://127.0.0.1:8730/status"
        })
final class SidecarCommand implements Callable<Integer> {
    /** The sidecar's port when none is given. */
    static final int DEFAULT_PORT = 8730;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(
            names = "--port",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = DEFAULT_PORT;

    @CommandLine.Mixin ConfigOptions options = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        PcwConfig cfg = options.load();
        SidecarSettings settings = settings(cfg);
        MetadataDb db = LocalFlink.openDb(cfg);
        Sidecar sidecar;
        try {
            sidecar = Sidecar.start(db, settings, host, port);
        } catch (RuntimeException e) {
            db.close();
            throw new IllegalStateException(
                    "cannot listen on "
                            + host
                            + ":"
                            + port
                            + " ("
                            + Pcw.messageOf(e)
                            + "); pick another with --port, or --port 0 for a free one",
                    e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    sidecar.close();
                                    db.close();
                                    stopped.countDown();
                                },
                                "pcw-sidecar-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("pcw sidecar: listening on %s%n", sidecar.uri());
        out.printf("metadata DB              %s%n", db.redactedUrl());
        out.printf("open                     GET %s/health%n", sidecar.uri());
        out.printf(
                "with a key               GET %s/status, GET %s/actions, GET %s/openapi.json%n",
                sidecar.uri(), sidecar.uri(), sidecar.uri());
        out.printf(
                "write actions            %s (catalog %s; approval %s)%n",
                settings.writeActions().isEmpty()
                        ? "none enabled"
                        : settings.writeActions().stream()
                                .map(WriteAction::key)
                                .sorted()
                                .collect(java.util.stream.Collectors.joining(", ")),
                String.join(", ", settings.catalogs()),
                cfg.approvalSettings().get("mode"));
        out.printf(
                "principals               API keys%s%n",
                settings.oidc() == null
                        ? " (pcw sidecar keys add)"
                        : " and OIDC tokens of " + settings.oidc().issuer());
        out.println("Press Ctrl+C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    /** What the sidecar may do, from the configuration. */
    static SidecarSettings settings(PcwConfig cfg) {
        // Its messages name their keys whole; those below are keys of connectors.partner_central.
        dev.pcw.sidecar.auth.OidcVerifier.Settings oidc = oidc(cfg);
        try {
            return SidecarSettings.builder()
                    .writeActions(
                            cfg.writeActions().isEmpty()
                                    ? java.util.EnumSet.noneOf(WriteAction.class)
                                    : java.util.EnumSet.copyOf(cfg.writeActions()))
                    .catalogs(
                            cfg.catalogs().stream()
                                    .map(c -> c.wireName())
                                    .collect(java.util.stream.Collectors.toList()))
                    .ticketPattern(cfg.ticketPattern())
                    .approvals(ApprovalPolicy.of(cfg.approvalSettings()))
                    .client(cfg.clientConfig())
                    .oidc(oidc)
                    .tiers(
                            new dev.pcw.sidecar.partners.TierSettings(
                                    IngestJob.lakeConfig(cfg),
                                    cfg.tierInput(),
                                    cfg.tierVocabulary(),
                                    cfg.vault()))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("connectors.partner_central: " + e.getMessage(), e);
        }
    }

    /** OIDC token verification from {@code sidecar.oidc.*}; null when no issuer is set. */
    static dev.pcw.sidecar.auth.OidcVerifier.Settings oidc(PcwConfig cfg) {
        String issuer = cfg.get("sidecar.oidc.issuer").trim();
        if (issuer.isEmpty()) {
            return null;
        }
        for (String k : List.of("sidecar.oidc.audience", "sidecar.oidc.jwks_url")) {
            if (cfg.get(k).isBlank()) {
                throw new IllegalArgumentException(
                        "sidecar.oidc.issuer is set but " + k + " is not: set both");
            }
        }
        return new dev.pcw.sidecar.auth.OidcVerifier.Settings(
                issuer,
                cfg.get("sidecar.oidc.audience").trim(),
                java.net.URI.create(cfg.get("sidecar.oidc.jwks_url").trim()),
                cfg.get("sidecar.oidc.roles_claim").trim(),
                cfg.get("sidecar.oidc.principal_claim").trim());
    }

    /** {@code pcw sidecar keys}: add, list and revoke API keys. */
    @Command(
            name = "keys",
            mixinStandardHelpOptions = true,
            description = {
                "Manage the sidecar's API keys. A key is printed once, when it is added; only its"
                        + " hash is stored."
            },
            subcommands = {Keys.Add.class, Keys.ListKeys.class, Keys.Revoke.class})
    static final class Keys implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }

        @Command(
                name = "add",
                mixinStandardHelpOptions = true,
                description = "Add a key for NAME (the principal the audit log names).")
        static final class Add implements Callable<Integer> {
            @CommandLine.Spec CommandLine.Model.CommandSpec spec;

            @Parameters(index = "0", paramLabel = "NAME", description = "The key holder's name.")
            String name;

            @Option(
                    names = "--roles",
                    required = true,
                    split = ",",
                    description = "Comma-separated: viewer, requester, approver, admin.")
            List<String> roles;

            @CommandLine.Mixin ConfigOptions db = new ConfigOptions();

            @Override
            public Integer call() {
                try (MetadataDb m = db.openDb()) {
                    ApiKeys.Created k = new ApiKeys(m, Clock.systemUTC()).create(name, roles);
                    PrintWriter out = spec.commandLine().getOut();
                    out.printf(
                            "Added key %s for %s (%s). Copy it now: it is not shown again.%n",
                            k.key.id(), k.key.name(), String.join(", ", k.key.roles()));
                    out.println(k.secret);
                    out.flush();
                }
                return 0;
            }
        }

        @Command(
                name = "list",
                mixinStandardHelpOptions = true,
                description = "List the keys (never their secrets).")
        static final class ListKeys implements Callable<Integer> {
            @CommandLine.Spec CommandLine.Model.CommandSpec spec;

            @CommandLine.Mixin ConfigOptions db = new ConfigOptions();

            @Override
            public Integer call() {
                try (MetadataDb m = db.openDb()) {
                    PrintWriter out = spec.commandLine().getOut();
                    out.printf(
                            "%-10s %-20s %-36s %-24s %s%n",
                            "ID", "NAME", "ROLES", "CREATED", "REVOKED");
                    for (ApiKeys.Key k : new ApiKeys(m, Clock.systemUTC()).list()) {
                        out.printf(
                                "%-10s %-20s %-36s %-24s %s%n",
                                k.id(),
                                k.name(),
                                String.join(",", k.roles()),
                                k.createdAt(),
                                k.revokedAt() == null ? "-" : k.revokedAt().toString());
                    }
                    out.flush();
                }
                return 0;
            }
        }

        @Command(
                name = "revoke",
                mixinStandardHelpOptions = true,
                description = "Revoke a key by its name or id: it authenticates nobody from now.")
        static final class Revoke implements Callable<Integer> {
            @CommandLine.Spec CommandLine.Model.CommandSpec spec;

            @Parameters(index = "0", paramLabel = "NAME_OR_ID")
            String key;

            @CommandLine.Mixin ConfigOptions db = new ConfigOptions();

            @Override
            public Integer call() {
                try (MetadataDb m = db.openDb()) {
                    if (!new ApiKeys(m, Clock.systemUTC()).revoke(key)) {
                        throw new IllegalArgumentException(
                                "no active key named or with id '"
                                        + key
                                        + "' ('pcw sidecar keys list' shows them)");
                    }
                    spec.commandLine().getOut().printf("Revoked %s.%n", key);
                    spec.commandLine().getOut().flush();
                }
                return 0;
            }
        }
    }
}
