package dev.pcw.sidecar.partners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.lake.Catalogs;
import dev.pcw.connectors.metadata.AuditLog;
import dev.pcw.connectors.partnertiers.ObsidianVault;
import dev.pcw.connectors.partnertiers.PartnerTierStore;
import dev.pcw.connectors.partnertiers.TierDeadLetters;
import dev.pcw.connectors.partnertiers.TierFile;
import dev.pcw.connectors.partnertiers.TierInputFolder;
import dev.pcw.connectors.partnertiers.TierJson;
import dev.pcw.connectors.partnertiers.TierLoadException;
import dev.pcw.connectors.partnertiers.TierSync;
import dev.pcw.schemas.tiers.PartnerTier;
import dev.pcw.schemas.tiers.TierDiff;
import dev.pcw.schemas.tiers.TierNormalizer;
import dev.pcw.schemas.tiers.TierProblem;
import dev.pcw.sidecar.ApiError;
import dev.pcw.sidecar.Responses;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.iceberg.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner tier routes, in the seed's contracts: {@code GET /v1/partners/tiers}, {@code POST
 * /v1/partners/sync} and {@code GET /v1/partners/export/obsidian}. Their errors carry the seed's
 * {@code detail} beside the sidecar's usual fields.
 */
public final class PartnersResource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartnersResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Problems listed in a {@code detail}; all of them are in {@code problems}. */
    static final int DETAIL_PROBLEMS = 20;

    private final TierSettings settings;
    private final AuditLog audit;
    private final Clock clock;
    private final ReentrantLock applying = new ReentrantLock();
    private Catalog catalog;
    private PartnerTierStore store;

    public PartnersResource(TierSettings settings, AuditLog audit, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The store, opened on first use (the sidecar starts even while the lake is away). */
    private synchronized PartnerTierStore store() {
        if (store == null) {
            catalog = Catalogs.create(settings.lake());
            store = PartnerTierStore.open(catalog, settings.lake(), clock);
            store.catchUpHistory();
        }
        return store;
    }

    /** {@code GET /v1/partners/tiers[?oem=…&tier=…]}: the stored partners, filtered. */
    public void list(Context ctx) {
        ArrayNode out = JSON.createArrayNode();
        for (PartnerTier t : store().list(ctx.queryParam("oem"), ctx.queryParam("tier"))) {
            out.add(TierJson.record(t));
        }
        Responses.json(ctx, 200, out);
    }

    /**
     * {@code POST /v1/partners/sync} with {@code {"dry_run": true}} (the default): the diff of the
     * input folder against the store, applied when {@code dry_run} is false.
     */
    public void sync(Context ctx, String principal) {
        boolean dryRun = dryRun(ctx);
        String requestId = ctx.res().getHeader("x-request-id");
        TierInputFolder folder = TierInputFolder.of(settings.input(), settings.lake());
        TierSync sync = new TierSync(store(), new TierNormalizer(settings.vocabulary()));
        TierSync.Outcome outcome;
        // Applies of this sidecar take turns (no wasted attempts); the store's commit check keeps
        // those of other processes in order. Dry runs do not wait.
        if (!dryRun) {
            applying.lock();
        }
        try {
            outcome = sync.sync(folder, dryRun, principal);
        } catch (TierLoadException e) {
            throw new ApiError(400, "load_failed", e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ApiError(400, "input_unavailable", e.getMessage());
        } finally {
            if (!dryRun) {
                applying.unlock();
            }
        }
        TierDiff diff = outcome.diff();
        if (!diff.problems().isEmpty()) {
            if (!dryRun) {
                deadLetters(outcome, requestId);
            }
            Map<String, String> problems = new LinkedHashMap<>();
            for (TierProblem p : diff.problems()) {
                problems.put(
                        p.position().file() + "#" + p.position().index() + "." + problems.size(),
                        p.toString());
            }
            throw new ApiError(
                    400, "validation_failed", diff.validationMessage(DETAIL_PROBLEMS), problems);
        }
        if (outcome.result().applied()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("added", diff.added().size());
            details.put("updated", diff.updated().size());
            details.put("unchanged", diff.unchanged().size());
            details.put("input", settings.input());
            audit.append(
                    principal,
                    "partners.synced",
                    outcome.result().applyId(),
                    null,
                    "applied",
                    requestId,
                    details);
        }
        ObjectNode out = TierJson.syncResult(outcome, dryRun);
        Responses.json(ctx, 200, out);
    }

    private void deadLetters(TierSync.Outcome outcome, String requestId) {
        try {
            TierDeadLetters dl = TierDeadLetters.open(catalog, settings.lake());
            for (TierFile f : outcome.files()) {
                dl.record(
                        f.name(),
                        f.fingerprint(),
                        outcome.diff().problems(),
                        null,
                        requestId,
                        clock.instant());
            }
        } catch (RuntimeException e) {
            // The refusal stands; keeping its reasons in the lake is a courtesy.
            LOG.warn("Could not keep the refused records in dead_letters", e);
        }
    }

    private static boolean dryRun(Context ctx) {
        String body = ctx.body();
        if (body.isBlank()) {
            return true;
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiError(400, "invalid_json", "the body is not valid JSON");
        }
        if (!node.isObject()) {
            throw new ApiError(
                    400, "invalid_request", "the body must be an object: {\"dry_run\": true}");
        }
        JsonNode d = node.path("dry_run");
        if (d.isMissingNode() || d.isNull()) {
            return true;
        }
        if (!d.isBoolean()) {
            throw new ApiError(
                    400,
                    "invalid_request",
                    "dry_run must be true or false",
                    Map.of("dry_run", "true (the default) or false"));
        }
        return d.booleanValue();
    }

    /** {@code GET /v1/partners/export/obsidian[?properties=true]}: the OEM notes, written. */
    public void exportObsidian(Context ctx, String principal) {
        Path vault = settings.vault();
        if (vault == null) {
            throw new ApiError(503, "vault_not_set", "VAULT_ROOT environment variable not set");
        }
        boolean properties = Boolean.parseBoolean(ctx.queryParam("properties"));
        ObsidianVault.Export export;
        try {
            export = new ObsidianVault(vault).export(store().list(), properties);
        } catch (IOException e) {
            throw new ApiError(503, "export_failed", "Obsidian export failed: " + e.getMessage());
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("status", "success");
        ArrayNode written = out.putArray("files_written");
        export.written().forEach(p -> written.add(p.toString()));
        ArrayNode unchanged = out.putArray("files_unchanged");
        export.unchanged().forEach(p -> unchanged.add(p.toString()));
        out.put("oems_count", export.oems());
        if (!export.written().isEmpty()) {
            audit.append(
                    principal,
                    "partners.exported",
                    vault.toString(),
                    null,
                    "written",
                    ctx.res().getHeader("x-request-id"),
                    Map.of("files_written", export.written().size()));
        }
        Responses.json(ctx, 200, out);
    }

    @Override
    public synchronized void close() {
        if (catalog instanceof AutoCloseable) {
            try {
                ((AutoCloseable) catalog).close();
            } catch (Exception e) {
                LOG.debug("closing the catalog", e);
            }
        }
    }
}
