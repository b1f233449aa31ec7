package dev.pcw.connectors.partnercentral.simulator.sts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pcw.connectors.partnercentral.simulator.protocol.AwsQuery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local endpoint that keeps AWS STS's contract for the two calls pcw makes (the Query protocol: a
 * form-encoded {@code POST /} with {@code Action} and {@code Version=2011-06-15}, answered in XML):
 *
 * <ul>
 *   <li>{@code GetCallerIdentity}: the principal of the access key that signed the request (its
 *       {@code Authorization} header), as registered with {@link #user}, or the assumed role of
 *       temporary credentials this endpoint issued;
 *   <li>{@code AssumeRole}: temporary credentials for a role registered with {@link #role}; {@code
 *       AccessDenied} (403) for an unknown role, a caller the role does not trust, or a missing or
 *       wrong {@code ExternalId} when the role requires one.
 * </ul>
 *
 * Loopback only, free port. The signature itself is not verified.
 */
public final class LocalSts implements AutoCloseable {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Map<String, String> principals = new ConcurrentHashMap<>();
    private final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, java.util.Set<String>> issued = new ConcurrentHashMap<>();
    private final String account;

    private static final class Role {
        final String externalId;
        final String trusted;

        Role(String externalId, String trusted) {
            this.externalId = externalId;
            this.trusted = trusted;
        }
    }

    private LocalSts(String account) throws IOException {
        this.account = account;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts an endpoint for account {@code 111122223333} on 127.0.0.1 and a free port. */
    public static LocalSts start() throws IOException {
        return new LocalSts("111122223333");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Registers the principal behind an access key id, e.g. {@code arn:aws:iam::…:user/ci}. */
    public void user(String accessKeyId, String arn) {
        principals.put(accessKeyId, arn);
    }

    /**
     * Registers a role that {@code trustedArn} may assume (null: any caller), with the external id
     * it requires (null: none).
     */
    public void role(String roleArn, String trustedArn, String externalId) {
        roles.put(roleArn, new Role(externalId, trustedArn));
    }

    /** The access key ids of the temporary credentials issued for {@code roleArn}. */
    public java.util.Set<String> issuedKeys(String roleArn) {
        return java.util.Set.copyOf(issued.getOrDefault(roleArn, java.util.Set.of()));
    }

    /** How many times {@code action} was called. */
    public long calls(String action) {
        AtomicLong n = calls.get(action);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            Map<String, String> form = AwsQuery.form(ex);
            String action = form.getOrDefault("Action", "");
            calls.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
            String caller = caller(ex);
            switch (action) {
                case "GetCallerIdentity":
                    if (caller == null) {
                        error(
                                ex,
                                403,
                                "InvalidClientTokenId",
                                "The security token included in the request is invalid.");
                        return;
                    }
                    send(
                            ex,
                            200,
                            "<GetCallerIdentityResponse xmlns=\""
                                    + NS
                                    + "\"><GetCallerIdentityResult>"
                                    + "<Arn>"
                                    + xml(caller)
                                    + "</Arn>"
                                    + "<UserId>"
                                    + xml(userId(caller))
                                    + "</UserId>"
                                    + "<Account>"
                                    + account
                                    + "</Account>"
                                    + "</GetCallerIdentityResult>"
                                    + metadata()
                                    + "</GetCallerIdentityResponse>");
                    return;
                case "AssumeRole":
                    assumeRole(ex, form, caller);
                    return;
                default:
                    error(
                            ex,
                            400,
                            "InvalidAction",
                            "Could not find operation " + action + " for version 2011-06-15");
            }
        } finally {
            ex.close();
        }
    }

    private void assumeRole(HttpExchange ex, Map<String, String> form, String caller)
            throws IOException {
        String roleArn = form.getOrDefault("RoleArn", "");
        String session = form.getOrDefault("RoleSessionName", "");
        if (roleArn.isEmpty() || session.isEmpty()) {
            error(
                    ex,
                    400,
                    "ValidationError",
                    "1 validation error detected: RoleArn and RoleSessionName are required");
            return;
        }
        Role role = roles.get(roleArn);
        String denied =
                caller == null
                        ? "The security token included in the request is invalid."
                        : role == null || (role.trusted != null && !role.trusted.equals(caller))
                                ? "User: "
                                        + caller
                                        + " is not authorized to perform: sts:AssumeRole on resource: "
                                        + roleArn
                                : role.externalId != null
                                                && !role.externalId.equals(form.get("ExternalId"))
                                        ? "User: "
                                                + caller
                                                + " is not authorized to perform: sts:AssumeRole on resource: "
                                                + roleArn
                                        : null;
        if (denied != null) {
            error(ex, 403, "AccessDenied", denied);
            return;
        }
        String keyId =
                "ASIA"
                        + UUID.randomUUID()
                                .toString()
                                .replace("-", "")
                                .substring(0, 16)
                                .toUpperCase(java.util.Locale.ROOT);
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        String assumed = "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + session;
        principals.put(keyId, assumed);
        issued.computeIfAbsent(roleArn, r -> ConcurrentHashMap.newKeySet()).add(keyId);
        Instant expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        send(
                ex,
                200,
                "<AssumeRoleResponse xmlns=\""
                        + NS
                        + "\"><AssumeRoleResult>"
                        + "<AssumedRoleUser><Arn>"
                        + xml(assumed)
                        + "</Arn><AssumedRoleId>AROA"
                        + keyId.substring(4)
                        + ":"
                        + xml(session)
                        + "</AssumedRoleId></AssumedRoleUser>"
                        + "<Credentials><AccessKeyId>"
                        + keyId
                        + "</AccessKeyId>"
                        + "<SecretAccessKey>"
                        + UUID.randomUUID()
                        + "</SecretAccessKey>"
                        + "<SessionToken>"
                        + UUID.randomUUID()
                        + UUID.randomUUID()
                        + "</SessionToken>"
                        + "<Expiration>"
                        + expires
                        + "</Expiration></Credentials>"
                        + "</AssumeRoleResult>"
                        + metadata()
                        + "</AssumeRoleResponse>");
    }

    /** The principal of the key that signed the request, or null for an unknown key. */
    private String caller(HttpExchange ex) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            return null;
        }
        Matcher m = CREDENTIAL.matcher(auth);
        return m.find() ? principals.get(m.group(1)) : null;
    }

    private static String userId(String arn) {
        return "AIDA" + Integer.toHexString(arn.hashCode()).toUpperCase(java.util.Locale.ROOT);
    }

    private static String metadata() {
        return AwsQuery.metadata();
    }

    private static String xml(String s) {
        return AwsQuery.xml(s);
    }

    private static void error(HttpExchange ex, int status, String code, String message)
            throws IOException {
        AwsQuery.error(ex, NS, status, code, message);
    }

    private static void send(HttpExchange ex, int status, String xml) throws IOException {
        AwsQuery.send(ex, status, xml);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
