package dev.pcw.connectors.partnercentral.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClient;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClientBuilder;
import software.amazon.awssdk.services.partnercentralselling.model.AssociateOpportunityRequest;
import software.amazon.awssdk.services.partnercentralselling.model.CreateOpportunityRequest;
import software.amazon.awssdk.services.partnercentralselling.model.GetAwsOpportunitySummaryRequest;
import software.amazon.awssdk.services.partnercentralselling.model.GetEngagementInvitationRequest;
import software.amazon.awssdk.services.partnercentralselling.model.GetEngagementRequest;
import software.amazon.awssdk.services.partnercentralselling.model.GetOpportunityRequest;
import software.amazon.awssdk.services.partnercentralselling.model.ListEngagementFromOpportunityTasksRequest;
import software.amazon.awssdk.services.partnercentralselling.model.ListEngagementInvitationsRequest;
import software.amazon.awssdk.services.partnercentralselling.model.ListEngagementsRequest;
import software.amazon.awssdk.services.partnercentralselling.model.ListOpportunitiesRequest;
import software.amazon.awssdk.services.partnercentralselling.model.ListSolutionsRequest;
import software.amazon.awssdk.services.partnercentralselling.model.OpportunitySortName;
import software.amazon.awssdk.services.partnercentralselling.model.PartnerCentralSellingRequest;
import software.amazon.awssdk.services.partnercentralselling.model.SortOrder;
import software.amazon.awssdk.services.partnercentralselling.model.StartEngagementFromOpportunityTaskRequest;
import software.amazon.awssdk.services.partnercentralselling.model.SubmitOpportunityRequest;
import software.amazon.awssdk.services.partnercentralselling.model.UpdateOpportunityRequest;

/**
 * The Partner Central Selling API as pcw uses it. Every call waits for the {@link QuotaGovernor},
 * is retried by this class (never by the SDK, so every attempt is counted against the quota) with
 * {@link Backoff} on throttling and 5xx, fails at once with a {@link PartnerCentralAccessException}
 * that says what to check when AWS refuses the caller, and returns the response body as it came
 * over the wire.
 */
public final class PartnerCentralClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerCentralClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final ExecutionAttribute<Capture> CAPTURE =
            new ExecutionAttribute<>("pcw.rawResponse");

    /**
     * ThrottlingException answers in a row after which a call pauses: it tries again every {@link
     * #PAUSED_RETRY} instead of backing off further, and never gives up (the account's quota is
     * spent, by pcw or by other callers; failing would only restart the job into the same wall).
     * 5xx and I/O errors count against {@code maxAttempts} instead.
     */
    static final int MAX_THROTTLED_ATTEMPTS = 100;

    /** How often a paused call tries again. */
    static final long PAUSED_RETRY_MILLIS = 60_000;

    private static final Set<String> ACCESS_ERRORS =
            Set.of(
                    "AccessDeniedException",
                    "UnrecognizedClientException",
                    "InvalidSignatureException",
                    "MissingAuthenticationTokenException",
                    "ExpiredTokenException",
                    "InvalidClientTokenId",
                    "SignatureDoesNotMatch");

    /** Where the interceptor leaves the raw answer of one attempt. */
    private static final class Capture {
        volatile byte[] body;
        volatile String requestId;
    }

    /** Keeps the body the SDK unmarshals, untouched, for bronze and dead letters. */
    private static final class RawBodyInterceptor implements ExecutionInterceptor {
        @Override
        public Optional<InputStream> modifyHttpResponseContent(
                Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            Capture capture = attributes.getAttribute(CAPTURE);
            Optional<InputStream> body = context.responseBody();
            if (capture == null || !body.isPresent()) {
                return body;
            }
            try (InputStream in = body.get()) {
                byte[] bytes = in.readAllBytes();
                capture.body = bytes;
                capture.requestId =
                        context.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null);
                return Optional.of(new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final PartnerCentralSellingClient sdk;
    private final QuotaGovernor reads;
    private final QuotaGovernor writes;
    private final Backoff backoff;
    private final int maxAttempts;
    private final QuotaGovernor.Sleeper sleeper;
    private final ClientStats stats = new ClientStats();

    /** Read calls per epoch minute not yet handed over ({@link #handOverReadUsage}). */
    private final java.util.concurrent.ConcurrentHashMap<
                    Long, java.util.concurrent.atomic.LongAdder>
            readUsage = new java.util.concurrent.ConcurrentHashMap<>();

    private final double share;
    private final AwsCredentialsProvider credentials;

    /** Catalog → the credentials of its calls, where they are not {@link #credentials}. */
    private final java.util.Map<String, AwsCredentialsProvider> catalogCredentials =
            new java.util.HashMap<>();

    private final PartnerCentralClientConfig config;
    private final boolean staticKeys;

    /** Where the credentials in use came from, once resolved; null before. */
    private volatile String credentialSource;

    /** A client for {@code config}, with governors for its share of the account's quota. */
    /**
     * Every Partner Central read this client makes: the IAM actions ({@code partnercentral:<op>})
     * the jobs and the sidecar need, checked against the policies under {@code deploy/}. A read not
     * listed here fails at its first call.
     */
    public static final java.util.List<String> READ_OPERATIONS =
            java.util.List.of(
                    "ListOpportunities",
                    "GetOpportunity",
                    "GetAwsOpportunitySummary",
                    "ListSolutions",
                    "ListEngagementInvitations",
                    "GetEngagementInvitation",
                    "ListEngagements",
                    "GetEngagement",
                    "ListEngagementFromOpportunityTasks");

    public static PartnerCentralClient create(PartnerCentralClientConfig config) {
        return new PartnerCentralClient(
                config,
                new QuotaGovernor(
                        config.readRate() * config.share(),
                        scaled(config.readDaily(), config.share())),
                new QuotaGovernor(
                        config.writeRate() * config.share(),
                        scaled(config.writeDaily(), config.share())),
                TimeUnit.NANOSECONDS::sleep);
    }

    private static long scaled(long budget, double share) {
        return budget <= 0 ? 0 : Math.max(1, (long) Math.floor(budget * share));
    }

    /** With governors and a sleeper of the caller's (tests, or governors shared in one JVM). */
    public PartnerCentralClient(
            PartnerCentralClientConfig config,
            QuotaGovernor reads,
            QuotaGovernor writes,
            QuotaGovernor.Sleeper sleeper) {
        this.reads = reads;
        this.writes = writes;
        this.sleeper = sleeper;
        this.backoff = new Backoff(config.backoffBaseMillis(), config.backoffCapMillis());
        this.maxAttempts = config.maxAttempts();
        this.share = config.share();
        this.staticKeys = config.accessKeyId() != null;
        this.config = config;
        this.credentials = Credentials.of(config);
        config.catalogCredentials()
                .forEach(
                        (catalog, c) ->
                                catalogCredentials.put(
                                        catalog, Credentials.of(config.forCatalog(c))));
        PartnerCentralSellingClientBuilder b =
                PartnerCentralSellingClient.builder()
                        .region(Region.of(config.region()))
                        .credentialsProvider(credentials)
                        .httpClientBuilder(
                                UrlConnectionHttpClient.builder()
                                        .connectionTimeout(Duration.ofSeconds(10))
                                        .socketTimeout(Duration.ofSeconds(60)))
                        .overrideConfiguration(
                                o ->
                                        o.retryStrategy(r -> r.maxAttempts(1))
                                                .addExecutionInterceptor(new RawBodyInterceptor()));
        if (config.endpoint() != null) {
            b.endpointOverride(config.endpoint());
        }
        this.sdk = b.build();
    }

    public ClientStats stats() {
        return stats;
    }

    public QuotaGovernor readGovernor() {
        return reads;
    }

    /**
     * Counts in the read governor the account's read calls of the last 24 hours made before this
     * client existed (by earlier jobs or attempts, as recorded in the metadata DB), scaled to this
     * client's share of the quota.
     *
     * @param callsPerMinute epoch minute → read calls of the whole connector
     */
    public void carryOverReads(Map<Long, Long> callsPerMinute) {
        Map<Long, Long> mine = new java.util.TreeMap<>();
        callsPerMinute.forEach((m, n) -> mine.put(m, (long) Math.ceil(n * share)));
        reads.carryOver(mine, System.currentTimeMillis());
    }

    /** The read calls made since the previous drain, per epoch minute; counted once. */
    private Map<Long, Long> drainReadUsage() {
        Map<Long, Long> out = new java.util.TreeMap<>();
        for (Map.Entry<Long, java.util.concurrent.atomic.LongAdder> e : readUsage.entrySet()) {
            long n = e.getValue().sumThenReset();
            if (n > 0) {
                out.put(e.getKey(), n);
            }
        }
        // Minutes no call can still be counted in (a day and more ago): forgotten.
        long current = System.currentTimeMillis() / 60_000;
        readUsage.keySet().removeIf(m -> m < current - 24 * 60);
        return out;
    }

    /**
     * Hands the read calls made since the last hand-over to {@code store} (the metadata DB); when
     * it throws, the counts are kept for the next hand-over and the exception is passed on.
     */
    public void handOverReadUsage(java.util.function.Consumer<Map<Long, Long>> store) {
        Map<Long, Long> made = drainReadUsage();
        if (made.isEmpty()) {
            return;
        }
        try {
            store.accept(made);
        } catch (RuntimeException e) {
            undrainReadUsage(made);
            throw e;
        }
    }

    /** Gives back counts {@link #drainReadUsage()} handed out that could not be stored. */
    private void undrainReadUsage(Map<Long, Long> usage) {
        usage.forEach(
                (m, n) ->
                        readUsage
                                .computeIfAbsent(
                                        m, k -> new java.util.concurrent.atomic.LongAdder())
                                .add(n));
    }

    public QuotaGovernor writeGovernor() {
        return writes;
    }

    // ---------------------------------------------------------------- reads

    /**
     * One page of opportunities modified on or after {@code after} (all when null), oldest first.
     */
    public RawResponse listOpportunities(
            String catalog, Instant after, String nextToken, int maxResults) {
        ListOpportunitiesRequest.Builder r =
                ListOpportunitiesRequest.builder()
                        .catalog(catalog)
                        .maxResults(maxResults)
                        .nextToken(nextToken)
                        .sort(
                                s ->
                                        s.sortBy(OpportunitySortName.LAST_MODIFIED_DATE)
                                                .sortOrder(SortOrder.ASCENDING));
        if (after != null) {
            r.lastModifiedDate(d -> d.afterLastModifiedDate(after));
        }
        return read(
                "ListOpportunities",
                r.build(),
                q -> sdk.listOpportunities((ListOpportunitiesRequest) q));
    }

    public RawResponse getOpportunity(String catalog, String id) {
        return read(
                "GetOpportunity",
                GetOpportunityRequest.builder().catalog(catalog).identifier(id).build(),
                q -> sdk.getOpportunity((GetOpportunityRequest) q));
    }

    public RawResponse getAwsOpportunitySummary(String catalog, String id) {
        return read(
                "GetAwsOpportunitySummary",
                GetAwsOpportunitySummaryRequest.builder()
                        .catalog(catalog)
                        .relatedOpportunityIdentifier(id)
                        .build(),
                q -> sdk.getAwsOpportunitySummary((GetAwsOpportunitySummaryRequest) q));
    }

    public RawResponse listSolutions(String catalog, String nextToken, int maxResults) {
        return read(
                "ListSolutions",
                ListSolutionsRequest.builder()
                        .catalog(catalog)
                        .nextToken(nextToken)
                        .maxResults(maxResults)
                        .build(),
                q -> sdk.listSolutions((ListSolutionsRequest) q));
    }

    /**
     * @param participantType {@code RECEIVER} or {@code SENDER}
     */
    public RawResponse listEngagementInvitations(
            String catalog, String participantType, String nextToken, int maxResults) {
        return read(
                "ListEngagementInvitations",
                ListEngagementInvitationsRequest.builder()
                        .catalog(catalog)
                        .participantType(participantType)
                        .nextToken(nextToken)
                        .maxResults(maxResults)
                        .build(),
                q -> sdk.listEngagementInvitations((ListEngagementInvitationsRequest) q));
    }

    public RawResponse getEngagementInvitation(String catalog, String id) {
        return read(
                "GetEngagementInvitation",
                GetEngagementInvitationRequest.builder().catalog(catalog).identifier(id).build(),
                q -> sdk.getEngagementInvitation((GetEngagementInvitationRequest) q));
    }

    public RawResponse listEngagements(String catalog, String nextToken, int maxResults) {
        return read(
                "ListEngagements",
                ListEngagementsRequest.builder()
                        .catalog(catalog)
                        .nextToken(nextToken)
                        .maxResults(maxResults)
                        .build(),
                q -> sdk.listEngagements((ListEngagementsRequest) q));
    }

    public RawResponse getEngagement(String catalog, String id) {
        return read(
                "GetEngagement",
                GetEngagementRequest.builder().catalog(catalog).identifier(id).build(),
                q -> sdk.getEngagement((GetEngagementRequest) q));
    }

    /** The state of an engagement task started from an opportunity (its id from the start). */
    public RawResponse listEngagementFromOpportunityTasks(String catalog, String taskId) {
        return read(
                "ListEngagementFromOpportunityTasks",
                ListEngagementFromOpportunityTasksRequest.builder()
                        .catalog(catalog)
                        .taskIdentifier(taskId)
                        .build(),
                q ->
                        sdk.listEngagementFromOpportunityTasks(
                                (ListEngagementFromOpportunityTasksRequest) q));
    }

    // ---------------------------------------------------------------- writes

    /**
     * Sends one write under the write governor. Throttled attempts are retried (AWS did not carry
     * them out). A 5xx or I/O error leaves it unknown whether AWS carried the write out: it is
     * retried only for operations whose {@code ClientToken} makes a repeat harmless; for the others
     * it fails with {@link PartnerCentralApiException#unanswered()} true, and the caller reads the
     * record before deciding to send it again.
     *
     * @param request {@code action}'s request, e.g. from {@link
     *     dev.pcw.connectors.partnercentral.client.write.SellingRequests#bind}
     */
    public RawResponse write(
            dev.pcw.connectors.partnercentral.client.write.WriteAction action,
            PartnerCentralSellingRequest request) {
        if (!action.requestClass().isInstance(request)) {
            throw new IllegalArgumentException(
                    action.operation() + " needs a " + action.requestClass().getSimpleName());
        }
        Function<PartnerCentralSellingRequest, ?> call;
        switch (action) {
            case CREATE_OPPORTUNITY:
                call = q -> sdk.createOpportunity((CreateOpportunityRequest) q);
                break;
            case UPDATE_OPPORTUNITY:
                call = q -> sdk.updateOpportunity((UpdateOpportunityRequest) q);
                break;
            case SUBMIT_OPPORTUNITY:
                call = q -> sdk.submitOpportunity((SubmitOpportunityRequest) q);
                break;
            case ASSOCIATE_OPPORTUNITY:
                call = q -> sdk.associateOpportunity((AssociateOpportunityRequest) q);
                break;
            case START_ENGAGEMENT:
                call =
                        q ->
                                sdk.startEngagementFromOpportunityTask(
                                        (StartEngagementFromOpportunityTaskRequest) q);
                break;
            default:
                throw new IllegalArgumentException("not a write: " + action);
        }
        return execute(action.operation(), writes, request, call, action.takesClientToken());
    }

    // ---------------------------------------------------------------- the call loop

    private RawResponse read(
            String operation,
            PartnerCentralSellingRequest request,
            Function<PartnerCentralSellingRequest, ?> call) {
        if (!READ_OPERATIONS.contains(operation)) {
            throw new IllegalStateException(
                    operation
                            + " is not in PartnerCentralClient.READ_OPERATIONS: declare it there"
                            + " (the IAM policies under deploy/ are checked against that list)");
        }
        return execute(operation, reads, request, call, true);
    }

    private RawResponse execute(
            String operation,
            QuotaGovernor governor,
            PartnerCentralSellingRequest request,
            Function<PartnerCentralSellingRequest, ?> call,
            boolean retryUnanswered) {
        resolveCredentials(operation);
        String lastError = null;
        Throwable lastCause = null;
        int failures = 0;
        boolean lastThrottled = false;
        for (int attempt = 1; ; attempt++) {
            try {
                governor.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PartnerCentralApiException(
                        operation, "Interrupted", attempt, operation + " interrupted", e);
            }
            if (governor == reads) {
                readUsage
                        .computeIfAbsent(
                                System.currentTimeMillis() / 60_000,
                                k -> new java.util.concurrent.atomic.LongAdder())
                        .increment();
            }
            Capture capture = new Capture();
            PartnerCentralSellingRequest withCapture =
                    (PartnerCentralSellingRequest)
                            request.toBuilder()
                                    .overrideConfiguration(
                                            o -> {
                                                o.putExecutionAttribute(CAPTURE, capture);
                                                AwsCredentialsProvider own = credentialsOf(request);
                                                if (own != null) {
                                                    o.credentialsProvider(own);
                                                }
                                            })
                                    .build();
            stats.onCall(operation);
            try {
                call.apply(withCapture);
                return answered(operation, capture);
            } catch (AwsServiceException e) {
                String code =
                        e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                                ? e.awsErrorDetails().errorCode()
                                : "HTTP" + e.statusCode();
                String message =
                        e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                                ? e.awsErrorDetails().errorMessage()
                                : e.getMessage();
                if (ACCESS_ERRORS.contains(code) || e.statusCode() == 401) {
                    throw new PartnerCentralAccessException(
                            code, accessMessage(operation, request, code, message), e);
                }
                boolean throttled = e.isThrottlingException() || "ThrottlingException".equals(code);
                lastThrottled = throttled;
                if (throttled) {
                    // Throttling is the account telling callers to slow down, not a failure:
                    // back off and try again, up to a generous bound.
                    stats.onThrottled();
                    if (attempt == MAX_THROTTLED_ATTEMPTS) {
                        LOG.warn(
                                "{} throttled {} times in a row: the account's Partner Central"
                                        + " quota looks spent (by pcw or other callers); pausing,"
                                        + " trying again every {} s",
                                operation,
                                attempt,
                                PAUSED_RETRY_MILLIS / 1000);
                    }
                } else if (e.statusCode() >= 500) {
                    stats.onServerError();
                    failures++;
                    if (!retryUnanswered) {
                        throw new PartnerCentralApiException(
                                operation,
                                code,
                                attempt,
                                operation
                                        + " may or may not have been carried out: "
                                        + code
                                        + ": "
                                        + message,
                                e,
                                capture.requestId,
                                body(capture),
                                true);
                    }
                } else {
                    throw new PartnerCentralApiException(
                            operation,
                            code,
                            attempt,
                            operation + " failed: " + code + ": " + message,
                            e,
                            capture.requestId,
                            body(capture),
                            false);
                }
                lastError = code + ": " + message;
                lastCause = e;
            } catch (SdkClientException e) {
                if (capture.body == null && isCredentialsFailure(e)) {
                    // Credentials that stopped resolving (an expired profile, a lost role): no
                    // call left this machine, and retrying will not bring them back.
                    throw noCredentials(operation, e);
                }
                if (capture.body != null) {
                    // AWS answered, but the SDK could not read the answer: hand it over as is.
                    stats.onMalformed();
                    return answered(operation, capture);
                }
                lastThrottled = false;
                lastError = "SdkClientException: " + e.getMessage();
                lastCause = e;
                failures++;
                if (!retryUnanswered) {
                    throw new PartnerCentralApiException(
                            operation,
                            "SdkClientException",
                            attempt,
                            operation + " may or may not have been carried out: " + e.getMessage(),
                            e,
                            null,
                            null,
                            true);
                }
            }
            if (failures >= maxAttempts) {
                throw new PartnerCentralApiException(
                        operation,
                        lastError.substring(0, lastError.indexOf(':')),
                        attempt,
                        operation
                                + " gave up after "
                                + attempt
                                + " attempts; last error "
                                + lastError,
                        lastCause);
            }
            stats.onRetry();
            long delay =
                    attempt >= MAX_THROTTLED_ATTEMPTS && lastThrottled
                            ? PAUSED_RETRY_MILLIS
                            : backoff.delayMillis(attempt);
            LOG.debug(
                    "{} attempt {} failed ({}); retrying in {} ms",
                    operation,
                    attempt,
                    lastError,
                    delay);
            try {
                sleeper.sleep(TimeUnit.MILLISECONDS.toNanos(delay));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new PartnerCentralApiException(
                        operation, "Interrupted", attempt, operation + " interrupted", ie);
            }
        }
    }

    private static String body(Capture capture) {
        return capture.body == null
                ? null
                : new String(capture.body, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static RawResponse answered(String operation, Capture capture) {
        byte[] body = capture.body == null ? new byte[0] : capture.body;
        try {
            JsonNode json = MAPPER.readTree(body);
            if (json == null || !json.isObject()) {
                return new RawResponse(
                        operation, capture.requestId, body, null, "response is not a JSON object");
            }
            return new RawResponse(operation, capture.requestId, body, json, null);
        } catch (IOException e) {
            return new RawResponse(
                    operation,
                    capture.requestId,
                    body,
                    null,
                    "response is not valid JSON: " + e.getMessage().split("\n", 2)[0]);
        }
    }

    /**
     * Resolves the credentials before the first call, so that missing credentials fail at once
     * (counted as no call) with what to set, instead of being retried as an I/O error.
     */
    private void resolveCredentials(String operation) {
        if (credentialSource != null) {
            return;
        }
        try {
            String provider = credentials.resolveCredentials().providerName().orElse(null);
            credentialSource =
                    staticKeys
                            ? "the access key set in connectors.partner_central.access_key_id"
                            : "the default AWS credentials chain"
                                    + (provider == null ? "" : " (found by " + provider + ")");
        } catch (SdkClientException e) {
            throw noCredentials(operation, e);
        }
    }

    /** Where the credentials pcw uses come from, for messages (never the keys themselves). */
    public String credentialSource() {
        String s = credentialSource;
        if (s != null) {
            return s;
        }
        return staticKeys
                ? "the access key set in connectors.partner_central.access_key_id"
                : "the default AWS credentials chain";
    }

    private static boolean isCredentialsFailure(SdkClientException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.startsWith("Unable to load credentials")) {
                return true;
            }
        }
        return false;
    }

    private PartnerCentralAccessException noCredentials(String operation, SdkClientException e) {
        return new PartnerCentralAccessException(
                "NoCredentials",
                "No AWS credentials for "
                        + operation
                        + ": "
                        + credentialSource()
                        + " found none (system properties, environment, web identity token,"
                        + " profile, container and instance role were tried). Provide them as"
                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile (AWS_PROFILE),"
                        + " a container or instance role, or"
                        + " connectors.partner_central.access_key_id and secret_access_key.",
                e);
    }

    private String accessMessage(
            String operation,
            PartnerCentralSellingRequest request,
            String code,
            String awsMessage) {
        String catalog = request.getValueForField("Catalog", String.class).orElse("?");
        switch (code) {
            case "AccessDeniedException":
                return "Partner Central denied "
                        + operation
                        + " on catalog "
                        + catalog
                        + " ("
                        + awsMessage
                        + "). Check that this AWS account is linked to your Partner Central account"
                        + " (Partner Central console, account linking), that the IAM principal"
                        + " allows partnercentral:"
                        + operation
                        + ", and that the catalog is right ("
                        + catalog
                        + "; the Sandbox catalog needs its own access).";
            case "InvalidSignatureException":
            case "SignatureDoesNotMatch":
                return "AWS refused the request signature for "
                        + operation
                        + " ("
                        + awsMessage
                        + "). Partner Central is served from us-east-1 only: check the region"
                        + " and the secret key.";
            default:
                return "AWS did not accept the credentials for "
                        + operation
                        + " ("
                        + code
                        + ": "
                        + awsMessage
                        + "). Check the credentials pcw uses ("
                        + credentialSource()
                        + "), and rotate them if they expired.";
        }
    }

    @Override
    public void close() {
        sdk.close();
        java.util.List<AwsCredentialsProvider> all =
                new java.util.ArrayList<>(catalogCredentials.values());
        all.add(credentials);
        for (AwsCredentialsProvider p : all) {
            if (p instanceof AutoCloseable) {
                try {
                    ((AutoCloseable) p).close();
                } catch (Exception e) {
                    // an STS client's connections: nothing to lose
                }
            }
        }
    }

    /** The credentials of the request's catalog when they are not the client's own, else null. */
    private AwsCredentialsProvider credentialsOf(PartnerCentralSellingRequest request) {
        if (catalogCredentials.isEmpty()) {
            return null;
        }
        return request.getValueForField("Catalog", String.class)
                .map(catalogCredentials::get)
                .orElse(null);
    }

    /**
     * Who {@code catalog}'s calls are made as (STS GetCallerIdentity): its own credentials when the
     * configuration maps it to some, else the client's.
     */
    public String callerIdentity(String catalog) {
        AwsCredentialsProvider own = catalogCredentials.get(catalog);
        return own == null ? callerIdentity() : Credentials.callerIdentity(config, own);
    }

    /**
     * Who these credentials are (STS GetCallerIdentity): the principal's ARN and its account, e.g.
     * {@code arn:aws:sts::111122223333:assumed-role/pcw-ingest/pcw (account 111122223333)}.
     *
     * @throws software.amazon.awssdk.core.exception.SdkException when STS refuses them
     */
    public String callerIdentity() {
        return Credentials.callerIdentity(config, credentials);
    }
}
