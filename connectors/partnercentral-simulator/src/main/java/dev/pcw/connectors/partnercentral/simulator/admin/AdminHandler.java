package dev.pcw.connectors.partnercentral.simulator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.data.Change;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's admin API (plain JSON over HTTP, outside the AWS protocol), under {@code /admin}:
 * statistics, fault and quota knobs, and changes on demand. {@code GET /admin} lists the routes.
 */
public final class AdminHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);

    private final PartnerCentralSimulator sim;

    public AdminHandler(PartnerCentralSimulator sim) {
        this.sim = sim;
    }

    /** A client error of the admin API: 4xx with a message that says what to send instead. */
    private static final class AdminError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        AdminError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            JsonNode json = parse(body);
            String method = ex.getRequestMethod();
            URI uri = ex.getRequestURI();
            String path = uri.getPath().replaceAll("/+$", "");
            Map<String, String> query = query(uri.getRawQuery());
            send(ex, 200, route(method, path, json, query));
        } catch (AdminError e) {
            ObjectNode err = Json.object();
            err.put("error", e.getMessage());
            send(ex, e.status, err);
        } catch (IllegalArgumentException e) {
            ObjectNode err = Json.object();
            err.put("error", e.getMessage());
            send(ex, 400, err);
        } catch (RuntimeException e) {
            LOG.error("admin API failed on {}", ex.getRequestURI(), e);
            ObjectNode err = Json.object();
            err.put("error", "internal error: " + e.getClass().getSimpleName());
            send(ex, 500, err);
        } finally {
            ex.close();
        }
    }

    private JsonNode route(String method, String path, JsonNode body, Map<String, String> query) {
        switch (method + " " + path) {
            case "GET /admin":
                return index();
            case "GET /admin/stats":
                return sim.statsJson();
            case "POST /admin/stats/reset":
                sim.accounting().reset();
                return sim.statsJson();
            case "GET /admin/faults":
                return sim.faults().toJson();
            case "PUT /admin/faults":
                sim.setFaults(sim.faults().merge(body));
                return sim.faults().toJson();
            case "GET /admin/quotas":
                return sim.quotas().toJson();
            case "PUT /admin/quotas":
                sim.setQuotas(sim.quotas().settings().merge(body));
                return sim.quotas().toJson();
            case "GET /admin/datasets":
                return sim.datasetsJson();
            case "GET /admin/events":
                ObjectNode events = Json.object();
                long after = Long.parseLong(query.getOrDefault("after", "0"));
                int limit = Integer.parseInt(query.getOrDefault("limit", "1000"));
                events.set("events", sim.eventLog().after(after, limit));
                events.put("lastSeq", sim.eventLog().lastSeq());
                return events;
            case "POST /admin/changes":
                int count = body.path("count").asInt(1);
                if (count < 1 || count > 100_000) {
                    throw new AdminError(400, "count must be between 1 and 100000");
                }
                return changes(sim.applyChanges(catalog(body), count));
            case "POST /admin/opportunities":
                return sim.createOpportunity(catalog(body)).toJson();
            default:
                break;
        }
        if ("POST".equals(method) && path.startsWith("/admin/opportunities/")) {
            String id = path.substring("/admin/opportunities/".length());
            String kind = body.path("kind").isTextual() ? body.get("kind").asText() : null;
            Change c = sim.changeOpportunity(catalog(body), id, kind);
            if (c == null) {
                throw new AdminError(404, "no opportunity " + id + " in catalog " + catalog(body));
            }
            return c.toJson();
        }
        throw new AdminError(
                404, "no admin route " + method + " " + path + "; GET /admin lists them");
    }

    private String catalog(JsonNode body) {
        String c = body.path("catalog").asText("AWS");
        if (!sim.catalogs().contains(c)) {
            throw new AdminError(
                    400, "catalog must be one of " + sim.catalogs() + ", was '" + c + "'");
        }
        return c;
    }

    private static ObjectNode changes(List<Change> changes) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("changes");
        changes.forEach(c -> list.add(c.toJson()));
        return out;
    }

    private static ObjectNode index() {
        ObjectNode n = Json.object();
        ArrayNode routes = n.putArray("routes");
        routes.add("GET  /admin/stats                 calls per operation and catalog, quota use");
        routes.add("POST /admin/stats/reset           zero the call counters");
        routes.add("GET  /admin/faults                the fault knobs");
        routes.add("PUT  /admin/faults                change knobs: {\"throttleRatio\":0.3,...}");
        routes.add("GET  /admin/quotas                quota settings and use per account");
        routes.add(
                "PUT  /admin/quotas                change quotas: {\"readRate\":0,...} (0 = unlimited)");
        routes.add("GET  /admin/datasets              record counts and newest LastModifiedDate");
        routes.add("GET  /admin/events?after=N        Partner Central events the changes produced");
        routes.add(
                "POST /admin/changes               {\"catalog\":\"AWS\",\"count\":10} random changes");
        routes.add("POST /admin/opportunities         {\"catalog\":\"AWS\"} create one");
        routes.add(
                "POST /admin/opportunities/{id}    {\"catalog\":\"AWS\",\"kind\":\"stage\"} change one");
        return n;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return Json.object();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n == null || !n.isObject()) {
                throw new AdminError(400, "request body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new AdminError(400, "request body is not valid JSON");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String part : raw.split("&")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    q.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.bytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
