package dev.pcw.sidecar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.metadata.ApiKeys;
import dev.pcw.connectors.metadata.IngestionRun;
import dev.pcw.connectors.metadata.MetadataDb;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.client.write.WriteAction;
import dev.pcw.sidecar.actions.ActionService;
import dev.pcw.sidecar.actions.ActionWorker;
import dev.pcw.sidecar.actions.ActionsResource;
import dev.pcw.sidecar.auth.OidcVerifier;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's HTTP service. Every route is declared once, in {@link #routes}: it is registered
 * with its role and documented in {@code /openapi.json} from the same declaration, so the document
 * cannot drift from what is served.
 *
 * <p>Every response carries {@code x-request-id} (the caller's, when it sent a usable one) and
 * {@code x-latency-ms}; every error has the shape of {@link ApiError}. {@code /health} is open;
 * everything else needs a principal: {@code Authorization: Bearer <API key>} (see {@link ApiKeys}).
 * A principal holding {@code admin} may do everything; any role may view.
 */
public final class Sidecar implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final String STARTED = "pcw.started";
    private static final String PRINCIPAL = "pcw.principal";

    /** The service's version, in {@code /health} and {@code /openapi.json}. */
    public static final String VERSION = "0.1.0";

    /** One declared route. */
    static final class Route {
        final HandlerType method;
        final String path;
        final Role role;
        final String summary;
        final Handler handler;

        Route(HandlerType method, String path, Role role, String summary, Handler handler) {
            this.method = method;
            this.path = path;
            this.role = role;
            this.summary = summary;
            this.handler = handler;
        }
    }

    private final MetadataDb db;
    private final Clock clock;
    private final ApiKeys keys;
    private final OidcVerifier oidc;
    private final SidecarSettings settings;
    private final PartnerCentralClient client;
    private final ActionService actions;
    private final ActionsResource actionsResource;
    private final ActionWorker worker;
    private final dev.pcw.sidecar.partners.PartnersResource partners;
    private final String connectorId;
    private final List<Route> routes = new ArrayList<>();
    private final Javalin app;
    private final SidecarMetrics metrics = new SidecarMetrics();
    private String host = "127.0.0.1";

    private Sidecar(MetadataDb db, SidecarSettings settings, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = new ApiKeys(db, clock);
        this.oidc =
                settings.oidc() == null ? null : new OidcVerifier(settings.oidc(), ApiKeys.ROLES);
        // The write quota is paced through the metadata DB (shared by every replica), not per
        // process.
        this.client =
                settings.client() == null
                        ? null
                        : PartnerCentralClient.create(
                                settings.client().toBuilder().writeRate(0).writeDaily(0).build());
        this.actions = new ActionService(db, settings, client, clock);
        this.connectorId =
                new dev.pcw.connectors.metadata.Connectors(db, clock)
                        .ensure(
                                dev.pcw.connectors.metadata.Connectors.PARTNER_CENTRAL,
                                "Partner Central");
        this.worker =
                settings.execute()
                        ? new ActionWorker(
                                db, actions, client, connectorId, settings.worker(), clock)
                        : null;
        this.actionsResource = new ActionsResource(actions, settings.maxBodyBytes());
        this.partners =
                settings.tiers() == null
                        ? null
                        : new dev.pcw.sidecar.partners.PartnersResource(
                                settings.tiers(), actions.audit(), clock);
        declare(
                HandlerType.GET,
                "/health",
                Role.OPEN,
                "Liveness and metadata DB reachability",
                this::health);
        declare(
                HandlerType.GET,
                "/metrics",
                Role.OPEN,
                "Prometheus metrics: requests by route and status, write actions and sync"
                        + " requests by state, each entity's newest run",
                this::metrics);
        declare(
                HandlerType.GET,
                "/openapi.json",
                Role.VIEWER,
                "This document: the routes served, their roles and error shape",
                ctx -> Responses.json(ctx, 200, openApi()));
        declare(
                HandlerType.GET,
                "/status",
                Role.VIEWER,
                "Each connector's entities with their newest runs, sync requests and write actions"
                        + " by state",
                this::status);
        declare(
                HandlerType.POST,
                "/sync",
                Role.REQUESTER,
                "Ask the running ingest job for a pass of one entity now: {entity, mode"
                        + " (incremental|full), catalog}",
                this::sync);
        declareActions();
        declarePartners();
        this.app =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            // Bodies are checked against settings.maxBodyBytes() by the routes.
                            config.http.maxRequestSize =
                                    Math.max(1_000_000L, settings.maxBodyBytes());
                            config.http.prefer405over404 = true;
                        });
        app.before(this::begin);
        app.beforeMatched(this::authorize);
        for (Route r : routes) {
            app.addHttpHandler(r.method, r.path, r.handler, r.role);
        }
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e));
        app.exception(
                io.javalin.http.HttpResponseException.class,
                (e, ctx) -> error(ctx, fromJavalin(e.getStatus(), ctx)));
        app.exception(
                Exception.class,
                (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    error(
                            ctx,
                            new ApiError(
                                    500,
                                    "internal",
                                    "the sidecar failed on this request; its log has the cause"
                                            + " under this request id"));
                });
        app.error(
                404,
                ctx -> {
                    if (!ctx.attributeMap().containsKey("pcw.error")) {
                        error(ctx, fromJavalin(404, ctx));
                    }
                });
        app.error(405, ctx -> error(ctx, fromJavalin(405, ctx)));
        app.after(this::end);
    }

    /**
     * Starts the service.
     *
     * @param host the address to listen on ({@code 127.0.0.1} by default in the CLI)
     * @param port the port, 0 for a free one
     */
    public static Sidecar start(MetadataDb db, String host, int port) {
        return start(db, SidecarSettings.defaults(), host, port);
    }

    /**
     * Starts the service with {@code settings}.
     *
     * @param host the address to listen on ({@code 127.0.0.1} by default in the CLI)
     * @param port the port, 0 for a free one
     */
    public static Sidecar start(MetadataDb db, SidecarSettings settings, String host, int port) {
        return start(db, settings, Clock.systemUTC(), host, port);
    }

    /** Starts the service with a clock of the caller's (tests of expiry). */
    static Sidecar start(
            MetadataDb db, SidecarSettings settings, Clock clock, String host, int port) {
        Sidecar s = new Sidecar(db, settings, clock);
        if (s.worker != null) {
            s.worker.start();
        }
        s.host = host;
        s.app.start(host, port);
        return s;
    }

    /** Where the service listens, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + app.port());
    }

    /** The entities a sync request may name. */
    private static final List<String> ENTITIES =
            List.of("opportunities", "solutions", "engagement_invitations", "engagements");

    private void sync(Context ctx) {
        String principal = principal(ctx);
        String requestId = ctx.res().getHeader("x-request-id");
        com.fasterxml.jackson.databind.JsonNode body;
        try {
            body = JSON.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
        } catch (java.io.IOException e) {
            throw new ApiError(400, "invalid_json", "the body is not valid JSON");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String entity = body.path("entity").asText("");
        if (!ENTITIES.contains(entity)) {
            errors.put("entity", "one of " + String.join(", ", ENTITIES));
        }
        String mode = body.path("mode").asText("incremental");
        if (!mode.equals("incremental") && !mode.equals("full")) {
            errors.put("mode", "incremental (the default) or full");
        }
        String catalog = body.path("catalog").asText(settings.defaultCatalog());
        if (!settings.catalogs().contains(catalog)) {
            errors.put("catalog", "one of " + String.join(", ", settings.catalogs()));
        }
        if (!errors.isEmpty()) {
            throw new ApiError(400, "invalid_request", "the sync request is not valid", errors);
        }
        dev.pcw.connectors.metadata.SyncRequests requests =
                new dev.pcw.connectors.metadata.SyncRequests(db, clock);
        String id = requests.create(connectorId, catalog, entity, mode, principal, requestId);
        actions.audit()
                .append(
                        principal,
                        "sync.requested",
                        id,
                        null,
                        "pending",
                        requestId,
                        Map.of("catalog", catalog, "entity", entity, "mode", mode));
        ObjectNode out = JSON.createObjectNode();
        out.put("id", id);
        out.put("catalog", catalog);
        out.put("entity", entity);
        out.put("mode", mode);
        out.put("status", "pending");
        out.put(
                "message",
                "a running ingest job starts the pass within a few seconds; GET /status shows its"
                        + " run");
        Responses.json(ctx, 202, out);
    }

    /** The actions' service (tests drive workers of their own with it). */
    ActionService actionService() {
        return actions;
    }

    /** The execution worker; null when this sidecar does not execute. */
    ActionWorker worker() {
        return worker;
    }

    @Override
    public void close() {
        try {
            if (worker != null) {
                worker.close();
            }
            app.stop();
            if (partners != null) {
                partners.close();
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }

    /** The partner tier routes (the seed's contracts). */
    private void declarePartners() {
        declare(
                HandlerType.GET,
                "/v1/partners/tiers",
                Role.VIEWER,
                "The stored partner tiers, filterable by oem and tier",
                ctx -> partners().list(ctx));
        declare(
                HandlerType.POST,
                "/v1/partners/sync",
                Role.ADMIN,
                "Diff the partner tier files against the store: {dry_run (default true)}; applied"
                        + " when dry_run is false",
                ctx -> partners().sync(ctx, principal(ctx)));
        declare(
                HandlerType.GET,
                "/v1/partners/export/obsidian",
                Role.ADMIN,
                "Write one Obsidian note per OEM under $VAULT_ROOT/30 Hubs/OEMs",
                ctx -> partners().exportObsidian(ctx, principal(ctx)));
    }

    private dev.pcw.sidecar.partners.PartnersResource partners() {
        if (partners == null) {
            throw new ApiError(
                    503,
                    "not_configured",
                    "partner tiers are not configured on this sidecar (start it with pcw sidecar,"
                            + " which reads partner_tiers.* and the lake settings)");
        }
        return partners;
    }

    /** The write-action routes. */
    private void declareActions() {
        declare(
                HandlerType.POST,
                "/actions/opportunity",
                Role.REQUESTER,
                "Request a CreateOpportunity: the API's request body plus ticketId",
                ctx ->
                        actionsResource.request(
                                ctx, WriteAction.CREATE_OPPORTUNITY, principal(ctx)));
        declare(
                HandlerType.POST,
                "/actions/opportunity/{id}/update",
                Role.REQUESTER,
                "Request an UpdateOpportunity of opportunity {id}: the fields to change plus"
                        + " ticketId",
                ctx ->
                        actionsResource.request(
                                ctx, WriteAction.UPDATE_OPPORTUNITY, principal(ctx)));
        declare(
                HandlerType.POST,
                "/actions/opportunity/{id}/submit",
                Role.REQUESTER,
                "Request a SubmitOpportunity of opportunity {id} to AWS review: InvolvementType,"
                        + " Visibility plus ticketId",
                ctx ->
                        actionsResource.request(
                                ctx, WriteAction.SUBMIT_OPPORTUNITY, principal(ctx)));
        declare(
                HandlerType.POST,
                "/actions/opportunity/{id}/associate",
                Role.REQUESTER,
                "Request an AssociateOpportunity of opportunity {id} with a solution, AWS product"
                        + " or Marketplace offer: RelatedEntityType, RelatedEntityIdentifier plus"
                        + " ticketId",
                ctx ->
                        actionsResource.request(
                                ctx, WriteAction.ASSOCIATE_OPPORTUNITY, principal(ctx)));
        declare(
                HandlerType.POST,
                "/actions/opportunity/{id}/start-engagement",
                Role.REQUESTER,
                "Request a StartEngagementFromOpportunityTask of opportunity {id}: AwsSubmission"
                        + " plus ticketId",
                ctx -> actionsResource.request(ctx, WriteAction.START_ENGAGEMENT, principal(ctx)));
        declare(
                HandlerType.GET,
                "/actions",
                Role.VIEWER,
                "Write actions, newest first (?status=…&limit=…)",
                actionsResource::list);
        declare(
                HandlerType.GET,
                "/actions/{id}",
                Role.VIEWER,
                "One write action: its request, request_hash, decisions and audit history",
                actionsResource::show);
        declare(
                HandlerType.POST,
                "/actions/{id}/approve",
                Role.APPROVER,
                "Approve what was shown: request_hash and opportunity_version of the action",
                ctx -> actionsResource.approve(ctx, principal(ctx)));
        declare(
                HandlerType.POST,
                "/actions/{id}/reject",
                Role.APPROVER,
                "Reject an action before it executes, with a reason",
                ctx -> actionsResource.reject(ctx, principal(ctx)));
    }

    private static String principal(Context ctx) {
        String p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new IllegalStateException("no principal on an authorized route");
        }
        return p;
    }

    private void declare(HandlerType method, String path, Role role, String summary, Handler h) {
        routes.add(new Route(method, path, role, summary, h));
    }

    // ---------------------------------------------------------------- the request's life

    private void begin(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        String given = ctx.header("x-request-id");
        String id =
                given != null && REQUEST_ID.matcher(given).matches()
                        ? given
                        : UUID.randomUUID().toString();
        ctx.header("x-request-id", id);
    }

    private void end(Context ctx) {
        Object started = ctx.attribute(STARTED);
        if (started instanceof Long) {
            long nanos = System.nanoTime() - (Long) started;
            ctx.header("x-latency-ms", Long.toString(nanos / 1_000_000));
            metrics.request(ctx.method().name(), routeOf(ctx), ctx.statusCode(), nanos);
        }
    }

    /** The matched route's template ({@code /actions/{id}}), or {@code unmatched}. */
    private static String routeOf(Context ctx) {
        try {
            String p = ctx.endpointHandlerPath();
            // Javalin names a request no route matched with a sentence, not a path.
            return p == null || !p.startsWith("/") ? "unmatched" : p;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }

    private void metrics(Context ctx) {
        SidecarMetrics.Gauges g = new SidecarMetrics.Gauges();
        boolean dbUp = true;
        try {
            actions.actions()
                    .countByStatus()
                    .forEach(
                            (status, n) ->
                                    g.add(
                                            "pcw_sidecar_write_actions",
                                            "Write actions by state",
                                            SidecarMetrics.labels("status", status),
                                            n.doubleValue()));
            countBy("sync_requests")
                    .fields()
                    .forEachRemaining(
                            e ->
                                    g.add(
                                            "pcw_sidecar_sync_requests",
                                            "Manual sync requests by state",
                                            SidecarMetrics.labels("status", e.getKey()),
                                            e.getValue().asDouble()));
            for (IngestionRun r : newestRuns().values()) {
                String l =
                        SidecarMetrics.labels(
                                "catalog", String.valueOf(r.catalog()), "entity", r.entity());
                g.add(
                        "pcw_ingestion_last_run_succeeded",
                        "1 when the newest run of a catalog's entity succeeded, 0 when it failed"
                                + " or is running",
                        l,
                        r.status() == dev.pcw.connectors.metadata.RunStatus.SUCCEEDED ? 1 : 0);
                g.add(
                        "pcw_ingestion_last_run_started_seconds",
                        "When the newest run started (Unix seconds)",
                        l,
                        r.startedAt().getEpochSecond());
                if (r.endedAt() != null) {
                    g.add(
                            "pcw_ingestion_last_run_ended_seconds",
                            "When the newest run ended (Unix seconds)",
                            l,
                            r.endedAt().getEpochSecond());
                }
                if (r.stats() != null) {
                    g.add(
                            "pcw_ingestion_last_run_records",
                            "Records the newest run landed",
                            l,
                            r.stats().records());
                    g.add(
                            "pcw_ingestion_last_run_throttled",
                            "Throttled calls of the newest run",
                            l,
                            r.stats().throttled());
                    g.add(
                            "pcw_ingestion_last_run_dead_letters",
                            "Dead letters of the newest run",
                            l,
                            r.stats().deadLetters());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("metrics: metadata DB unreachable: {}", e.getMessage());
            dbUp = false;
        }
        g.add(
                "pcw_sidecar_metadata_db_up",
                "1 when the metadata DB answered this scrape",
                "",
                dbUp ? 1 : 0);
        ctx.status(200).contentType(SidecarMetrics.CONTENT_TYPE).result(metrics.render(g));
    }

    /** Each (catalog, entity)'s newest run. */
    private Map<String, IngestionRun> newestRuns() {
        Map<String, IngestionRun> newest = new LinkedHashMap<>();
        for (IngestionRun r : db.ingestionRuns().recent(1000)) {
            newest.putIfAbsent(r.catalog() + "/" + r.entity(), r);
        }
        return newest;
    }

    private void authorize(Context ctx) {
        try {
            authenticateAndCheck(ctx);
        } catch (ApiError e) {
            if (ctx.path().startsWith("/actions") && ctx.method() != HandlerType.GET) {
                // A refused write attempt is part of the story the audit tells.
                throw actions.refused(
                        ctx.attribute(PRINCIPAL),
                        ctx.method() + " " + ctx.path(),
                        null,
                        null,
                        ctx.res().getHeader("x-request-id"),
                        e);
            }
            throw e;
        }
    }

    private void authenticateAndCheck(Context ctx) {
        Set<io.javalin.security.RouteRole> roles = ctx.routeRoles();
        if (roles.isEmpty() || roles.contains(Role.OPEN)) {
            return;
        }
        String auth = ctx.header("Authorization");
        if (auth == null || auth.isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiError.unauthenticated(
                    "no credentials: send 'Authorization: Bearer <API key>' (create a key with"
                            + " 'pcw sidecar keys add NAME --roles …')");
        }
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiError.unauthenticated("the Authorization header must be 'Bearer <API key>'");
        }
        String credential = auth.substring(7).trim();
        String name;
        Set<String> held;
        if (oidc != null && OidcVerifier.looksLikeJwt(credential)) {
            try {
                OidcVerifier.Principal p = oidc.verify(credential);
                name = p.name;
                held = p.roles;
            } catch (OidcVerifier.Refused e) {
                ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                throw ApiError.unauthenticated(e.getMessage());
            }
        } else {
            ApiKeys.Key key =
                    keys.authenticate(credential)
                            .orElseThrow(
                                    () -> {
                                        ctx.header(
                                                "WWW-Authenticate",
                                                "Bearer error=\"invalid_token\"");
                                        return ApiError.unauthenticated(
                                                "the API key is not valid: unknown, revoked or"
                                                        + " mistyped"
                                                        + (oidc == null
                                                                ? ""
                                                                : " (nor is it a JWT of "
                                                                        + oidc.issuer()
                                                                        + ")"));
                                    });
            name = key.name();
            held = key.roles();
        }
        ctx.attribute(PRINCIPAL, name);
        for (io.javalin.security.RouteRole r : roles) {
            Role need = (Role) r;
            if (holds(held, need)) {
                return;
            }
        }
        throw ApiError.forbidden(
                ctx.method()
                        + " "
                        + ctx.path()
                        + " needs the role "
                        + ((Role) roles.iterator().next()).wireName()
                        + "; '"
                        + name
                        + "' has "
                        + (held.isEmpty() ? "none" : String.join(", ", held)));
    }

    /** Javalin's own refusals (no route, wrong method, body too large) in the one shape. */
    private ApiError fromJavalin(int status, Context ctx) {
        switch (status) {
            case 404:
                return new ApiError(
                        404,
                        "not_found",
                        "no route "
                                + ctx.method()
                                + " "
                                + ctx.path()
                                + "; GET /openapi.json lists the routes");
            case 405:
                return new ApiError(
                        405,
                        "method_not_allowed",
                        ctx.method()
                                + " is not served on "
                                + ctx.path()
                                + "; GET /openapi.json lists the routes");
            case 413:
                return new ApiError(
                        413,
                        "payload_too_large",
                        "the body is larger than " + settings.maxBodyBytes() + " bytes");
            default:
                return new ApiError(status, "http_" + status, "HTTP " + status);
        }
    }

    /** Whether a principal with these roles may act as {@code need}. */
    static boolean holds(Set<String> held, Role need) {
        if (held.contains(Role.ADMIN.wireName()) || held.contains(need.wireName())) {
            return true;
        }
        return need == Role.VIEWER && !held.isEmpty();
    }

    private static void error(Context ctx, ApiError e) {
        ctx.attribute("pcw.error", true);
        ObjectNode body = JSON.createObjectNode();
        if (ctx.path().startsWith("/v1/")) {
            // The seed's error shape, beside the sidecar's own fields.
            body.put("detail", e.getMessage());
        }
        body.put("error", e.code());
        body.put("message", e.getMessage());
        body.put("request_id", ctx.res().getHeader("x-request-id"));
        if (!e.fieldErrors().isEmpty()) {
            ObjectNode fields = body.putObject("errors");
            e.fieldErrors().forEach(fields::put);
        }
        Responses.json(ctx, e.status(), body);
    }

    // ---------------------------------------------------------------- routes

    private void health(Context ctx) {
        ObjectNode body = JSON.createObjectNode();
        body.put("version", VERSION);
        try {
            db.read(
                    "Checking the metadata DB",
                    c -> {
                        try (PreparedStatement s = c.prepareStatement("SELECT 1");
                                ResultSet rs = s.executeQuery()) {
                            return rs.next();
                        }
                    });
            body.put("status", "ok");
            body.put("metadata_db", "ok");
            Responses.json(ctx, 200, body);
        } catch (RuntimeException e) {
            LOG.warn("health: metadata DB unreachable: {}", e.getMessage());
            body.put("status", "unavailable");
            body.put("metadata_db", "unreachable");
            Responses.json(ctx, 503, body);
        }
    }

    private void status(Context ctx) {
        ObjectNode body = JSON.createObjectNode();
        Map<String, IngestionRun> newest = newestRuns();
        ArrayNode entities = body.putArray("entities");
        newest.values().stream()
                .sorted(
                        java.util.Comparator.comparing(
                                        (IngestionRun r) -> String.valueOf(r.catalog()))
                                .thenComparing(IngestionRun::entity))
                .forEach(
                        r -> {
                            ObjectNode e = entities.addObject();
                            e.put("catalog", r.catalog());
                            e.put("entity", r.entity());
                            ObjectNode last = e.putObject("last_run");
                            last.put("run_id", r.runId());
                            last.put("mode", r.mode());
                            last.put("status", r.status().name());
                            last.put("started_at", r.startedAt().toString());
                            last.put(
                                    "ended_at",
                                    r.endedAt() == null ? null : r.endedAt().toString());
                            if (r.stats() != null) {
                                last.put("records", r.stats().records());
                                last.put("api_calls", r.stats().apiCalls());
                                last.put("throttled", r.stats().throttled());
                                last.put("dead_letters", r.stats().deadLetters());
                            }
                            if (r.error() != null) {
                                last.put("error", r.error());
                            }
                        });
        body.set("sync_requests", countBy("sync_requests"));
        ObjectNode byState = body.putObject("write_actions");
        actions.actions().countByStatus().forEach(byState::put);
        ArrayNode recent = body.putArray("recent_sync_requests");
        for (dev.pcw.connectors.metadata.SyncRequests.Request r :
                new dev.pcw.connectors.metadata.SyncRequests(db, clock).recent(connectorId, 10)) {
            ObjectNode n = recent.addObject();
            n.put("id", r.id);
            n.put("catalog", r.catalog);
            n.put("entity", r.entity);
            n.put("mode", r.mode);
            n.put("requested_by", r.requestedBy);
            n.put("requested_at", r.requestedAt.toString());
            n.put(
                    "status",
                    r.runStatus == null
                            ? r.status
                            : r.runStatus.toLowerCase(java.util.Locale.ROOT));
            n.put("run_id", r.runId);
        }
        ObjectNode budget = body.putObject("write_budget");
        budget.put("rate_per_second", settings.worker().writeRate());
        budget.put("daily", settings.worker().writeDaily());
        long used =
                new dev.pcw.connectors.metadata.Connectors(db, clock)
                        .findId(dev.pcw.connectors.metadata.Connectors.PARTNER_CENTRAL)
                        .map(
                                id ->
                                        new dev.pcw.connectors.metadata.WritePacing(db, clock)
                                                .usedLastDay(id))
                        .orElse(0L);
        budget.put("used_last_24h", used);
        if (settings.worker().writeDaily() > 0) {
            budget.put("left", Math.max(0, settings.worker().writeDaily() - used));
        }
        budget.put("executing", settings.execute());
        Responses.json(ctx, 200, body);
    }

    private ObjectNode countBy(String table) {
        ObjectNode out = JSON.createObjectNode();
        db.read(
                "Counting " + table + " by status",
                c -> {
                    try (PreparedStatement s =
                                    c.prepareStatement(
                                            "SELECT status, COUNT(*) FROM "
                                                    + table
                                                    + " GROUP BY status ORDER BY status");
                            ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                    return null;
                });
        return out;
    }

    /** The OpenAPI 3 document of the declared routes. */
    ObjectNode openApi() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", "pcw sidecar");
        info.put("version", VERSION);
        ObjectNode components = doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("apiKey").put("type", "http").put("scheme", "bearer");
        ObjectNode error = components.putObject("schemas").putObject("Error");
        error.put("type", "object");
        error.putArray("required").add("error").add("message").add("request_id");
        ObjectNode props = error.putObject("properties");
        props.putObject("error").put("type", "string");
        props.putObject("message").put("type", "string");
        props.putObject("request_id").put("type", "string");
        props.putObject("errors")
                .put("type", "object")
                .put("description", "the reason per field, for invalid requests")
                .putObject("additionalProperties")
                .put("type", "string");
        ObjectNode paths = doc.putObject("paths");
        for (Route r : routes) {
            ObjectNode path =
                    paths.has(r.path) ? (ObjectNode) paths.get(r.path) : paths.putObject(r.path);
            ObjectNode op = path.putObject(r.method.name().toLowerCase(java.util.Locale.ROOT));
            op.put("summary", r.summary);
            op.put("x-pcw-role", r.role.wireName());
            if (r.role != Role.OPEN) {
                op.putArray("security").addObject().putArray("apiKey");
            }
            ObjectNode responses = op.putObject("responses");
            boolean request =
                    r.method == HandlerType.POST && r.path.startsWith("/actions/opportunity");
            responses
                    .putObject(request ? "202" : "200")
                    .put(
                            "description",
                            request ? "Stored, pending approval (Location: the action)" : "OK");
            if (r.method == HandlerType.POST) {
                op.putObject("requestBody")
                        .put("required", true)
                        .putObject("content")
                        .putObject("application/json")
                        .putObject("schema")
                        .put("type", "object");
                errorResponse(responses, "400", "invalid JSON or request; errors names each field");
                errorResponse(responses, "409", "the action's state does not allow it");
                errorResponse(responses, "413", "the body is too large");
                errorResponse(responses, "415", "the body is not application/json");
            }
            if (r.role != Role.OPEN) {
                errorResponse(responses, "401", "no key, or a key that is not valid");
                errorResponse(responses, "403", "the key lacks the role");
            }
            errorResponse(responses, "default", "an error");
        }
        return doc;
    }

    private static void errorResponse(ObjectNode responses, String status, String description) {
        ObjectNode r = responses.putObject(status);
        r.put("description", description);
        r.putObject("content")
                .putObject("application/json")
                .putObject("schema")
                .put("$ref", "#/components/schemas/Error");
    }

    /** The declared routes as {@code METHOD path} (for tests). */
    List<String> declared() {
        List<String> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(r.method.name() + " " + r.path);
        }
        return out;
    }
}
