package dev.pcw.sidecar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pcw.connectors.metadata.ApiKeys;
import dev.pcw.connectors.metadata.IngestionRun;
import dev.pcw.connectors.metadata.MetadataDb;
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
    private final ApiKeys keys;
    private final List<Route> routes = new ArrayList<>();
    private final Javalin app;
    private String host = "127.0.0.1";

    private Sidecar(MetadataDb db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.keys = new ApiKeys(db, clock);
        declare(
                HandlerType.GET,
                "/health",
                Role.OPEN,
                "Liveness and metadata DB reachability",
                this::health);
        declare(
                HandlerType.GET,
                "/openapi.json",
                Role.VIEWER,
                "This document: the routes served, their roles and error shape",
                ctx -> json(ctx, 200, openApi()));
        declare(
                HandlerType.GET,
                "/status",
                Role.VIEWER,
                "Each connector's entities with their newest runs, sync requests and write actions"
                        + " by state",
                this::status);
        this.app =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            config.http.maxRequestSize = 1_000_000L;
                            config.http.prefer405over404 = true;
                        });
        app.before(this::begin);
        app.beforeMatched(this::authorize);
        for (Route r : routes) {
            app.addHttpHandler(r.method, r.path, r.handler, r.role);
        }
        app.exception(ApiError.class, (e, ctx) -> error(ctx, e));
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
                        error(
                                ctx,
                                new ApiError(
                                        404,
                                        "not_found",
                                        "no route "
                                                + ctx.method()
                                                + " "
                                                + ctx.path()
                                                + "; GET /openapi.json lists the routes"));
                    }
                });
        app.error(
                405,
                ctx ->
                        error(
                                ctx,
                                new ApiError(
                                        405,
                                        "method_not_allowed",
                                        ctx.method()
                                                + " is not served on "
                                                + ctx.path()
                                                + "; GET /openapi.json lists the routes")));
        app.after(this::end);
    }

    /**
     * Starts the service.
     *
     * @param host the address to listen on ({@code 127.0.0.1} by default in the CLI)
     * @param port the port, 0 for a free one
     */
    public static Sidecar start(MetadataDb db, String host, int port) {
        Sidecar s = new Sidecar(db, Clock.systemUTC());
        s.host = host;
        s.app.start(host, port);
        return s;
    }

    /** Where the service listens, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + app.port());
    }

    @Override
    public void close() {
        app.stop();
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
            long ms = (System.nanoTime() - (Long) started) / 1_000_000;
            ctx.header("x-latency-ms", Long.toString(ms));
        }
    }

    private void authorize(Context ctx) {
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
        ApiKeys.Key key =
                keys.authenticate(auth.substring(7))
                        .orElseThrow(
                                () -> {
                                    ctx.header(
                                            "WWW-Authenticate", "Bearer error=\"invalid_token\"");
                                    return ApiError.unauthenticated(
                                            "the API key is not valid: unknown, revoked or"
                                                    + " mistyped");
                                });
        for (io.javalin.security.RouteRole r : roles) {
            Role need = (Role) r;
            if (holds(key.roles(), need)) {
                ctx.attribute(PRINCIPAL, key.name());
                return;
            }
        }
        throw ApiError.forbidden(
                ctx.method()
                        + " "
                        + ctx.path()
                        + " needs the role "
                        + ((Role) roles.iterator().next()).wireName()
                        + "; key '"
                        + key.name()
                        + "' has "
                        + String.join(", ", key.roles()));
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
        body.put("error", e.code());
        body.put("message", e.getMessage());
        body.put("request_id", ctx.res().getHeader("x-request-id"));
        if (!e.fieldErrors().isEmpty()) {
            ObjectNode fields = body.putObject("errors");
            e.fieldErrors().forEach(fields::put);
        }
        json(ctx, e.status(), body);
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status)
                    .contentType("application/json")
                    .result(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
            json(ctx, 200, body);
        } catch (RuntimeException e) {
            LOG.warn("health: metadata DB unreachable: {}", e.getMessage());
            body.put("status", "unavailable");
            body.put("metadata_db", "unreachable");
            json(ctx, 503, body);
        }
    }

    private void status(Context ctx) {
        ObjectNode body = JSON.createObjectNode();
        // Each (catalog, entity): its newest run.
        Map<String, IngestionRun> newest = new LinkedHashMap<>();
        for (IngestionRun r : db.ingestionRuns().recent(1000)) {
            newest.putIfAbsent(r.catalog() + "/" + r.entity(), r);
        }
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
        body.set("write_actions", countBy("write_actions"));
        json(ctx, 200, body);
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
            responses.putObject("200").put("description", "OK");
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
