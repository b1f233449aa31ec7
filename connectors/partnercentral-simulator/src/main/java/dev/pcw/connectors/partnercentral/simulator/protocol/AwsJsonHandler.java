package dev.pcw.connectors.partnercentral.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.pcw.connectors.partnercentral.simulator.FaultSettings;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaLimiter;
import dev.pcw.connectors.partnercentral.simulator.quota.Quotas;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS JSON 1.0 front door: {@code POST /} with {@code X-Amz-Target:
 * AWSPartnerCentralSelling.<Operation>}, SigV4 {@code Authorization}, quotas and fault injection,
 * then the {@link SellingApi}. Errors go out in AWS's format and never carry a stack trace.
 */
public final class AwsJsonHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AwsJsonHandler.class);
    private static final String TARGET_PREFIX = "AWSPartnerCentralSelling.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final Pattern CREDENTIAL =
            Pattern.compile("Credential=([^/,\\s]+)/([0-9]{8})/([^/]+)/([^/]+)/aws4_request");

    private final SellingApi api;
    private final Quotas quotas;
    private final Accounting accounting;
    private final Supplier<FaultSettings> faults;
    private final String accountId;
    private final boolean requireUsEast1;

    public AwsJsonHandler(
            SellingApi api,
            Quotas quotas,
            Accounting accounting,
            Supplier<FaultSettings> faults,
            String accountId,
            boolean requireUsEast1) {
        this.api = api;
        this.quotas = quotas;
        this.accounting = accounting;
        this.faults = faults;
        this.accountId = accountId;
        this.requireUsEast1 = requireUsEast1;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        String operation = "-";
        String catalog = null;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod())
                    || target == null
                    || !target.startsWith(TARGET_PREFIX)) {
                throw ApiException.unknownOperation(
                        "Expected POST / with X-Amz-Target: "
                                + TARGET_PREFIX
                                + "<Operation> (AWS JSON 1.0)");
            }
            String op = target.substring(TARGET_PREFIX.length());
            if (!SellingApi.KNOWN.contains(op)) {
                throw ApiException.unknownOperation("Unknown operation " + op);
            }
            operation = op;
            if (!SellingApi.IMPLEMENTED.contains(op)) {
                throw ApiException.unknownOperation(
                        "The pcw simulator does not implement " + op + " yet");
            }
            String account = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
            FaultSettings f = faults.get();
            boolean faulty = f.appliesTo(op);
            if (faulty && f.deny() == FaultSettings.Deny.UNRECOGNIZED_CLIENT) {
                throw ApiException.unrecognizedClient();
            }
            JsonNode request = parse(body);
            catalog = request.path("Catalog").isTextual() ? request.get("Catalog").asText() : null;
            accounting.caller(catalog, account);
            if (faulty && f.deny() == FaultSettings.Deny.ACCESS_DENIED) {
                throw ApiException.accessDenied(
                        "User: arn:aws:sts::"
                                + accountId
                                + ":assumed-role/pcw/session is not authorized to perform:"
                                + " partnercentral:"
                                + op
                                + " on resource: arn:aws:partnercentral:us-east-1:"
                                + accountId
                                + ":catalog/"
                                + (catalog == null ? "AWS" : catalog)
                                + " because no identity-based policy allows the partnercentral:"
                                + op
                                + " action");
            }
            boolean write = !(op.startsWith("Get") || op.startsWith("List"));
            QuotaLimiter.Decision d =
                    quotas.tryAcquire(account, catalog == null ? "-" : catalog, write);
            if (d == QuotaLimiter.Decision.RATE_EXCEEDED) {
                throw ApiException.throttling("Rate exceeded");
            }
            if (d == QuotaLimiter.Decision.DAILY_EXCEEDED) {
                throw ApiException.throttling(
                        "Daily request quota exceeded for partnercentral:" + op);
            }
            if (faulty) {
                injectFaults(f);
            }
            byte[] response = api.handle(op, request);
            if (faulty
                    && f.errorAfterRatio() > 0
                    && ThreadLocalRandom.current().nextDouble() < f.errorAfterRatio()) {
                // Carried out, but the answer is lost: the caller cannot tell.
                throw ApiException.internal("An internal error occurred. Try again later.");
            }
            // Counted before the answer leaves, so a caller that reads the stats right after
            // its call sees it.
            accounting.record(operation, catalog, null);
            send(exchange, 200, requestId, response, null);
        } catch (ApiException e) {
            accounting.record(operation, catalog, e.type());
            send(exchange, e.status(), requestId, errorBody(e), e.type());
        } catch (RuntimeException e) {
            LOG.error("Simulator bug answering {} (request {})", operation, requestId, e);
            ApiException internal =
                    ApiException.internal("Internal error; request id " + requestId);
            accounting.record(operation, catalog, internal.type());
            send(exchange, 500, requestId, errorBody(internal), internal.type());
        } finally {
            exchange.close();
        }
    }

    private void injectFaults(FaultSettings f) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (f.throttleRatio() > 0 && rnd.nextDouble() < f.throttleRatio()) {
            throw ApiException.throttling("Rate exceeded");
        }
        if (f.errorRatio() > 0 && rnd.nextDouble() < f.errorRatio()) {
            throw ApiException.internal("An internal error occurred. Try again later.");
        }
        long wait =
                f.latencyMillis()
                        + (f.latencyJitterMillis() > 0
                                ? rnd.nextLong(f.latencyJitterMillis() + 1)
                                : 0);
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Returns the caller's access key id, standing in for its account. */
    private String authenticate(String authorization) {
        if (authorization == null || authorization.isEmpty()) {
            throw ApiException.missingAuthenticationToken();
        }
        Matcher m = CREDENTIAL.matcher(authorization);
        if (!authorization.startsWith("AWS4-HMAC-SHA256") || !m.find()) {
            throw ApiException.invalidSignature(
                    "Authorization header requires a SigV4 'Credential' parameter.");
        }
        String region = m.group(3);
        String service = m.group(4);
        if (!"partnercentral-selling".equals(service)) {
            throw ApiException.invalidSignature(
                    "Credential should be scoped to correct service: 'partnercentral-selling'.");
        }
        if (requireUsEast1 && !"us-east-1".equals(region)) {
            throw ApiException.invalidSignature(
                    "Credential should be scoped to a valid region, not '"
                            + region
                            + "'. Partner Central is served from us-east-1 only.");
        }
        return m.group(1);
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return Json.object();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n == null || !n.isObject()) {
                throw ApiException.serialization("Request body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw ApiException.serialization("Request body is not valid JSON");
        }
    }

    static byte[] errorBody(ApiException e) {
        ObjectNode n = Json.object();
        n.put("__type", e.wireType());
        boolean modeled = e.wireType().startsWith("com.amazonaws.");
        n.put(modeled ? "Message" : "message", e.getMessage());
        if (e.reason() != null) {
            n.put("Reason", e.reason());
        }
        if (!e.errors().isEmpty()) {
            ArrayNode list = n.putArray("ErrorList");
            for (ApiException.FieldError fe : e.errors()) {
                ObjectNode item = list.addObject();
                item.put("FieldName", fe.fieldName);
                item.put("Message", fe.message);
                item.put("Code", fe.code);
            }
        }
        return Json.bytes(n);
    }

    private static void send(
            HttpExchange exchange, int status, String requestId, byte[] body, String errorType)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
