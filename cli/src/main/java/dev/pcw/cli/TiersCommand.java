package dev.pcw.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.lake.LakeConfig;
import dev.pcw.connectors.partnertiers.ObsidianVault;
import dev.pcw.connectors.partnertiers.PartnerTierStore;
import dev.pcw.connectors.partnertiers.TierDeadLetters;
import dev.pcw.connectors.partnertiers.TierFile;
import dev.pcw.connectors.partnertiers.TierInputFolder;
import dev.pcw.connectors.partnertiers.TierJson;
import dev.pcw.connectors.partnertiers.TierLoadException;
import dev.pcw.connectors.partnertiers.TierSync;
import dev.pcw.jobs.config.PcwConfig;
import dev.pcw.jobs.ingest.IngestJob;
import dev.pcw.schemas.tiers.PartnerTier;
import dev.pcw.schemas.tiers.TierDiff;
import dev.pcw.schemas.tiers.TierNormalizer;
import dev.pcw.schemas.tiers.TierProblem;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pcw tiers}: partner tier files against the {@code partner_tiers} store in the lake, from
 * this machine: sync (a dry run unless {@code --apply}), list, export to Obsidian.
 */
@Command(
        name = "tiers",
        mixinStandardHelpOptions = true,
        description = {
            "OEM partner tiers: sync the CSV/JSON files of partner_tiers.input into the"
                    + " partner_tiers table (a dry run unless --apply), list what is stored, export"
                    + " one Obsidian note per OEM."
        },
        subcommands = {
            TiersCommand.Sync.class,
            TiersCommand.ListTiers.class,
            TiersCommand.ExportObsidian.class
        })
final class TiersCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The lake's catalog and the store, closed together. */
    static final class Lake implements AutoCloseable {
        final LakeConfig config;
        final Catalog catalog;
        final PartnerTierStore store;

        Lake(PcwConfig cfg) {
            config = IngestJob.lakeConfig(cfg);
            catalog = Catalogs.create(config);
            store = PartnerTierStore.open(catalog, config);
        }

        @Override
        public void close() throws Exception {
            if (catalog instanceof AutoCloseable) {
                ((AutoCloseable) catalog).close();
            }
        }
    }

    /** Dead letters of partner tier files recorded since {@code since}. */
    static int refusedSince(Lake lake, java.time.Instant since) throws java.io.IOException {
        org.apache.iceberg.Table t =
                lake.catalog.loadTable(lake.config.tableIdentifier("dead_letters"));
        int n = 0;
        try (org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.data.Record> rows =
                org.apache.iceberg.data.IcebergGenerics.read(t)
                        .where(
                                org.apache.iceberg.expressions.Expressions.equal(
                                        "source", TierDeadLetters.SOURCE))
                        .build()) {
            for (org.apache.iceberg.data.Record r : rows) {
                if (TierDeadLetters.SOURCE.equals(r.getField("source"))
                        && !((java.time.OffsetDateTime) r.getField("at"))
                                .toInstant()
                                .isBefore(since)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static PrintWriter out() {
        return new PrintWriter(
                new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    }

    @Command(
            name = "sync",
            mixinStandardHelpOptions = true,
            description = {
                "Diff the partner tier files (partners_*.csv, partners_*.json) of the input folder"
                        + " against the store and print the diff; --apply commits it (all or"
                        + " nothing). A file with an invalid record, or two records of one partner,"
                        + " keeps everything from being applied; the reasons are printed (and, with"
                        + " --apply, kept in dead_letters). Exit code 1 when refused."
            },
            footer = {
                "",
                "Examples:",
                "  pcw tiers sync                         # dry run of data/partners/",
                "  pcw tiers sync --apply --input ./partners",
                "  pcw tiers sync --json | jq '.updated'"
            })
    static final class Sync implements Callable<Integer> {
        @Mixin ConfigOptions options;

        @Option(names = "--apply", description = "Commit the diff (default: a dry run).")
        boolean apply;

        @Option(
                names = "--input",
                paramLabel = "DIR",
                description =
                        "The input folder or s3:// prefix (default: partner_tiers.input,"
                                + " data/partners/).")
        String input;

        @Option(names = "--json", description = "Print the diff in the API's JSON shape.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PcwConfig cfg = options.load();
            PrintWriter out = out();
            try (Lake lake = new Lake(cfg)) {
                TierInputFolder folder =
                        TierInputFolder.of(input != null ? input : cfg.tierInput(), lake.config);
                TierSync sync = new TierSync(lake.store, new TierNormalizer(cfg.tierVocabulary()));
                TierSync.Outcome o;
                try {
                    o =
                            sync.sync(
                                    folder,
                                    !apply,
                                    true,
                                    "cli:" + System.getProperty("user.name", "?"));
                } catch (TierLoadException | UncheckedIOException e) {
                    System.err.println("pcw tiers sync: " + e.getMessage());
                    return 1;
                }
                o.warnings().forEach(w -> System.err.println("pcw tiers sync: warning: " + w));
                TierDiff diff = o.diff();
                if (!diff.problems().isEmpty()) {
                    System.err.println(
                            "pcw tiers sync: Validation failed: "
                                    + diff.problems().size()
                                    + " problem(s); nothing applied:");
                    for (TierProblem p : diff.problems()) {
                        System.err.println("  " + p);
                    }
                    if (apply) {
                        TierDeadLetters dl = TierDeadLetters.open(lake.catalog, lake.config);
                        for (TierFile f : o.files()) {
                            dl.record(
                                    f.name(),
                                    f.fingerprint(),
                                    diff.problems(),
                                    null,
                                    null,
                                    Clock.systemUTC().instant());
                        }
                        System.err.println("  (kept in dead_letters, source partner_tiers)");
                    }
                    return 1;
                }
                if (json) {
                    out.println(
                            JSON.writerWithDefaultPrettyPrinter()
                                    .writeValueAsString(TierJson.syncResult(o, !apply)));
                    return 0;
                }
                if (o.files().isEmpty()) {
                    out.println(
                            "pcw tiers sync: no partners_*.csv or partners_*.json in " + folder);
                    return 0;
                }
                List<List<Object>> rows = new ArrayList<>();
                for (TierDiff.Change c : diff.added()) {
                    rows.add(row("added", c.tier(), ""));
                }
                for (TierDiff.Change c : diff.updated()) {
                    StringBuilder was = new StringBuilder();
                    for (String f : c.changedFields()) {
                        was.append(was.length() == 0 ? "" : ", ")
                                .append(f)
                                .append(" was ")
                                .append(c.previous().field(f));
                    }
                    rows.add(row("updated", c.tier(), was.toString()));
                }
                if (!rows.isEmpty()) {
                    ResultWriter.write(
                            ResultWriter.Format.TABLE,
                            Arrays.asList("change", "oem", "name", "tier", "program", "before"),
                            rows.iterator(),
                            out);
                }
                out.printf(
                        "pcw tiers sync: %d file(s), %d added, %d updated, %d unchanged%s%n",
                        o.files().size(),
                        diff.added().size(),
                        diff.updated().size(),
                        diff.unchanged().size(),
                        o.result().applied()
                                ? "; applied (apply " + o.result().applyId() + ")"
                                : apply || !diff.hasChanges()
                                        ? "; nothing to apply"
                                        : "; dry run, nothing applied (add --apply)");
                return 0;
            }
        }

        private static List<Object> row(String change, PartnerTier t, String before) {
            return Arrays.asList(change, t.oem(), t.name(), t.tier(), t.program(), before);
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "The stored partner tiers, by OEM and name.")
    static final class ListTiers implements Callable<Integer> {
        @Mixin ConfigOptions options;

        @Option(names = "--oem", description = "Only this OEM (any case).")
        String oem;

        @Option(names = "--tier", description = "Only this tier (any case).")
        String tier;

        @Option(names = "--json", description = "A JSON array in the API's shape.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PcwConfig cfg = options.load();
            PrintWriter out = out();
            try (Lake lake = new Lake(cfg)) {
                List<PartnerTier> tiers = lake.store.list(oem, tier);
                if (json) {
                    ArrayNode a = JSON.createArrayNode();
                    tiers.forEach(t -> a.add(TierJson.record(t)));
                    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
                    return 0;
                }
                List<List<Object>> rows = new ArrayList<>();
                for (PartnerTier t : tiers) {
                    rows.add(
                            Arrays.asList(
                                    t.oem(),
                                    t.name(),
                                    t.tier(),
                                    t.program(),
                                    t.poc(),
                                    t.updatedAt()));
                }
                ResultWriter.write(
                        ResultWriter.Format.TABLE,
                        Arrays.asList("oem", "name", "tier", "program", "poc", "updated_at"),
                        rows.iterator(),
                        out);
                out.printf("(%d partner tier%s)%n", tiers.size(), tiers.size() == 1 ? "" : "s");
                return 0;
            }
        }
    }

    @Command(
            name = "export-obsidian",
            mixinStandardHelpOptions = true,
            description = {
                "Write one note per OEM at <vault>/30 Hubs/OEMs/<OEM>.md; notes whose content did"
                        + " not change are left as they are."
            })
    static final class ExportObsidian implements Callable<Integer> {
        @Mixin ConfigOptions options;

        @Option(
                names = "--vault",
                paramLabel = "DIR",
                description = "The vault root (default: VAULT_ROOT, partner_tiers.vault).")
        Path vault;

        @Option(
                names = "--properties",
                description =
                        "Start each note with Obsidian properties (YAML front matter: oem,"
                                + " partners, updated, tags).")
        boolean properties;

        @Override
        public Integer call() throws Exception {
            PcwConfig cfg = options.load();
            Path root = vault != null ? vault : cfg.vault();
            if (root == null) {
                System.err.println(
                        "pcw tiers export-obsidian: VAULT_ROOT environment variable not set (or"
                                + " pass --vault DIR)");
                return 1;
            }
            PrintWriter out = out();
            try (Lake lake = new Lake(cfg)) {
                ObsidianVault.Export e =
                        new ObsidianVault(root)
                                .export(lake.store.list(), properties || cfg.obsidianProperties());
                e.written().forEach(p -> out.println("  wrote " + p));
                out.printf(
                        "pcw tiers export-obsidian: %d OEM note(s) in %s: %d written, %d unchanged%n",
                        e.oems(),
                        new ObsidianVault(root).folder(),
                        e.written().size(),
                        e.unchanged().size());
                return 0;
            }
        }
    }
}
