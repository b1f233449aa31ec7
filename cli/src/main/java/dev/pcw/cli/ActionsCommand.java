package dev.pcw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pcw actions}: the write actions of a running sidecar, over its HTTP API with a key: list,
 * show, approve (what is shown), reject.
 */
@Command(
        name = "actions",
        mixinStandardHelpOptions = true,
        description = {
            "Write actions of a running sidecar: list, show, approve, reject. The sidecar's URL"
                    + " comes from --url or PCW_SIDECAR_URL (default http://127.0.0.1:8730), the"
                    + " key from PCW_SIDECAR_KEY (or --key, which other users of this machine can"
                    + " see in its process list)."
        },
        subcommands = {
            ActionsCommand.ListActions.class,
            ActionsCommand.Show.class,
            ActionsCommand.Approve.class,
            ActionsCommand.Reject.class
        })
final class ActionsCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the sidecar is and the key to call it with. */
    static final class Target {
        @Option(
                names = "--url",
                description = "The sidecar (default: PCW_SIDECAR_URL, else http://127.0.0.1:8730).")
        String url;

        @Option(
                names = "--key",
                description = "An API key (default: PCW_SIDECAR_KEY; prefer the variable).")
        String key;

        URI base() {
            String u = url != null ? url : System.getenv("PCW_SIDECAR_URL");
            if (u == null || u.isBlank()) {
                u = "http://127.0.0.1:" + SidecarCommand.DEFAULT_PORT;
            }
            return URI.create(u.endsWith("/") ? u : u + "/");
        }

        String key() {
            String k = key != null ? key : System.getenv("PCW_SIDECAR_KEY");
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException(
                        "no API key: set PCW_SIDECAR_KEY (create one with 'pcw sidecar keys add"
                                + " NAME --roles …')");
            }
            return k.trim();
        }

        /** Calls the sidecar; a refusal becomes an error carrying the sidecar's message. */
        JsonNode call(String method, String path, Object body) throws InterruptedException {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(
                                    base().resolve(path.startsWith("/") ? path.substring(1) : path))
                            .timeout(Duration.ofSeconds(60))
                            .header("Authorization", "Bearer " + key());
            try {
                if (body != null) {
                    b.header("Content-Type", "application/json")
                            .method(
                                    method,
                                    HttpRequest.BodyPublishers.ofString(
                                            JSON.writeValueAsString(body)));
                } else {
                    b.method(method, HttpRequest.BodyPublishers.noBody());
                }
                HttpResponse<String> r =
                        HttpClient.newBuilder()
                                .connectTimeout(Duration.ofSeconds(10))
                                .build()
                                .send(b.build(), HttpResponse.BodyHandlers.ofString());
                JsonNode n = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
                if (r.statusCode() >= 400) {
                    StringBuilder m =
                            new StringBuilder(
                                    n.path("message").asText("HTTP " + r.statusCode())
                                            + " ("
                                            + n.path("error").asText("error")
                                            + ", HTTP "
                                            + r.statusCode()
                                            + ")");
                    n.path("errors")
                            .fields()
                            .forEachRemaining(
                                    e ->
                                            m.append("\n  ")
                                                    .append(e.getKey())
                                                    .append(": ")
                                                    .append(e.getValue().asText()));
                    throw new IllegalStateException(m.toString());
                }
                return n;
            } catch (ConnectException e) {
                throw new IllegalStateException(
                        "no sidecar at "
                                + base()
                                + ": start one with 'pcw sidecar', or name it with --url or"
                                + " PCW_SIDECAR_URL",
                        e);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "calling the sidecar at " + base() + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {"Actions, newest first."})
    static final class ListActions implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin Target target = new Target();

        @Option(
                names = "--status",
                description = "Only these: pending_approval, approved, executing, succeeded, …")
        String status;

        @Option(names = "--limit", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit = 50;

        @Override
        public Integer call() throws Exception {
            String q = "actions?limit=" + limit;
            if (status != null) {
                q += "&status=" + URLEncoder.encode(status, StandardCharsets.UTF_8);
            }
            JsonNode list = target.call("GET", q, null).path("actions");
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "%-36s  %-21s  %-18s  %-12s  %-12s  %s%n",
                    "id", "action", "status", "ticket", "requester", "created");
            for (JsonNode a : list) {
                out.printf(
                        "%-36s  %-21s  %-18s  %-12s  %-12s  %s%n",
                        a.path("id").asText(),
                        a.path("action").asText(),
                        a.path("status").asText(),
                        a.path("ticket_id").asText(),
                        a.path("requester").asText(),
                        a.path("created_at").asText());
            }
            out.printf("%d action(s)%n", list.size());
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {"One action: its request, hash, decisions and audit history (JSON)."})
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin Target target = new Target();

        @Parameters(index = "0", paramLabel = "ID", description = "The action's id.")
        String id;

        @Override
        public Integer call() throws Exception {
            JsonNode a = target.call("GET", "actions/" + id, null);
            spec.commandLine()
                    .getOut()
                    .println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = {
                "Approve an action: prints the request it approves, then approves exactly that"
                        + " (its request hash and opportunity version)."
            })
    static final class Approve implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin Target target = new Target();

        @Parameters(index = "0", paramLabel = "ID", description = "The action's id.")
        String id;

        @Option(names = "--comment", description = "Why, for the audit log.")
        String comment;

        @Override
        public Integer call() throws Exception {
            JsonNode a = target.call("GET", "actions/" + id, null);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    "approving %s %s (ticket %s, requested by %s)%s:%n%s%n",
                    a.path("action").asText(),
                    id,
                    a.path("ticket_id").asText(),
                    a.path("requester").asText(),
                    a.hasNonNull("opportunity_id")
                            ? " on opportunity " + a.path("opportunity_id").asText()
                            : "",
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a.path("request")));
            ObjectNode seen = JSON.createObjectNode();
            seen.put("request_hash", a.path("request_hash").asText());
            if (a.hasNonNull("opportunity_version")) {
                seen.put("opportunity_version", a.path("opportunity_version").asText());
            }
            if (comment != null) {
                seen.put("comment", comment);
            }
            JsonNode r = target.call("POST", "actions/" + id + "/approve", seen);
            out.printf(
                    "pcw actions approve: %s is %s: %s%n",
                    id, r.path("status").asText(), r.path("message").asText());
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "reject",
            mixinStandardHelpOptions = true,
            description = {"Reject an action that has not executed."})
    static final class Reject implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin Target target = new Target();

        @Parameters(index = "0", paramLabel = "ID", description = "The action's id.")
        String id;

        @Option(names = "--reason", required = true, description = "Why, for the requester.")
        String reason;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = JSON.createObjectNode();
            body.put("reason", reason);
            JsonNode r = target.call("POST", "actions/" + id + "/reject", body);
            spec.commandLine()
                    .getOut()
                    .printf("pcw actions reject: %s is %s%n", id, r.path("status").asText());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
