package dev.pcw.jobs.hybrid;

import dev.pcw.connectors.partnercentral.client.PartnerCentralAccessException;
import dev.pcw.connectors.partnercentral.client.PartnerCentralApiException;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.connectors.partnercentral.client.RawResponse;
import dev.pcw.schemas.bronze.BronzeRecord;
import dev.pcw.schemas.partnercentral.IncomingEvent;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the records Partner Central's events named (GetOpportunity, GetEngagementInvitation) with
 * pcw's client: the quota governor paces every call within this function's share of the account's
 * quota, throttling is retried with backoff, and access errors fail the job with what to check. A
 * record gone since its event, or a call that still fails after the client's retries, is counted
 * and skipped: the scheduled sync picks it up.
 *
 * <p>Fetched records carry run id {@code events-yyyyMMdd} and land in bronze like any other.
 *
 * <p>Metrics (group {@code partnercentralEvents}): {@code fetched}, {@code notFound}, {@code
 * fetchFailed}, {@code eventToFetchMillis} (histogram: event read → response).
 */
public final class TargetedFetch extends RichAsyncFunction<FetchRequest, BronzeRecord>
        implements org.apache.flink.api.common.state.CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TargetedFetch.class);

    private final PartnerCentralClientConfig clientConfig;
    private final int concurrency;
    private final boolean scheduledSyncCatchesUp;
    private final dev.pcw.connectors.partnercentral.source.RunListener usage;
    private transient PartnerCentralClient client;
    private transient ExecutorService executor;

    /** The calls in flight, so that a timed-out one stops spending the quota. */
    private transient java.util.Map<FetchRequest, java.util.concurrent.Future<?>> inFlight;

    private transient Counter fetched;
    private transient Counter notFound;
    private transient Counter failed;
    private transient Histogram latency;

    /**
     * @param clientConfig the client for this function's share of the quota (all subtasks together;
     *     each takes 1/parallelism of it)
     * @param concurrency calls in flight per subtask (each still waits for the governor)
     * @param scheduledSyncCatchesUp whether scheduled syncs run beside the events (hybrid mode): a
     *     fetch that fails is then left to the next one; without them (streaming mode) it fails the
     *     job, which restarts from its last checkpoint and sends the fetch again from its state
     * @param usage where the connector's read calls are kept ({@link
     *     dev.pcw.connectors.partnercentral.source.RunListener#readCallsOfLastDay}), so that the
     *     daily budget holds across jobs
     */
    public TargetedFetch(
            PartnerCentralClientConfig clientConfig,
            int concurrency,
            boolean scheduledSyncCatchesUp,
            dev.pcw.connectors.partnercentral.source.RunListener usage) {
        this.clientConfig = clientConfig;
        this.concurrency = concurrency;
        this.scheduledSyncCatchesUp = scheduledSyncCatchesUp;
        this.usage = usage;
    }

    @Override
    public void open(Configuration parameters) {
        int parallelism = Math.max(1, getRuntimeContext().getNumberOfParallelSubtasks());
        client =
                PartnerCentralClient.create(
                        clientConfig.toBuilder().share(clientConfig.share() / parallelism).build());
        try {
            usage.open();
            client.carryOverReads(usage.readCallsOfLastDay());
        } catch (Exception e) {
            LOG.warn(
                    "cannot read the API usage of the last day ({}); the daily budget counts this"
                            + " job's calls only",
                    e.getMessage());
        }
        inFlight = new java.util.concurrent.ConcurrentHashMap<>();
        executor =
                Executors.newFixedThreadPool(
                        concurrency,
                        r -> {
                            Thread t = new Thread(r, "pcw-targeted-fetch");
                            t.setDaemon(true);
                            return t;
                        });
        var metrics = getRuntimeContext().getMetricGroup().addGroup("partnercentralEvents");
        fetched = metrics.counter("fetched");
        notFound = metrics.counter("notFound");
        failed = metrics.counter("fetchFailed");
        latency =
                metrics.histogram("eventToFetchMillis", new DescriptiveStatisticsHistogram(1_000));
    }

    @Override
    public void asyncInvoke(FetchRequest request, ResultFuture<BronzeRecord> result) {
        try {
            inFlight.put(
                    request,
                    executor.submit(
                            () -> {
                                try {
                                    fetch(request, result);
                                } finally {
                                    inFlight.remove(request);
                                }
                            }));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
    }

    /**
     * A fetch that could not be made: left to the next scheduled sync in hybrid mode; in streaming
     * mode, where none comes, the job fails and its restart sends the fetch again from its state.
     */
    private void failed(FetchRequest request, ResultFuture<BronzeRecord> result, String why) {
        failed.inc();
        if (scheduledSyncCatchesUp) {
            LOG.warn(
                    "Could not fetch {} ({}); the next scheduled sync will pick it up",
                    request,
                    why);
            result.complete(List.of());
        } else {
            result.completeExceptionally(
                    new IllegalStateException(
                            "Could not fetch "
                                    + request
                                    + " ("
                                    + why
                                    + "); in streaming mode no scheduled sync would pick it up, so"
                                    + " the job restarts from its last checkpoint and fetches it"
                                    + " again"));
        }
    }

    private void fetch(FetchRequest request, ResultFuture<BronzeRecord> result) {
        try {
            PartnerCentralEntity entity = PartnerCentralEntity.parse(request.entity);
            RawResponse r =
                    entity == PartnerCentralEntity.OPPORTUNITIES
                            ? client.getOpportunity(request.catalog, request.id)
                            : client.getEngagementInvitation(request.catalog, request.id);
            Instant now = r.receivedAt();
            fetched.inc();
            latency.update(Math.max(0, now.toEpochMilli() - request.receivedAtMillis));
            result.complete(
                    Collections.singletonList(
                            new BronzeRecord(
                                    IncomingEvent.runId(now),
                                    request.entity,
                                    request.catalog,
                                    r.operation(),
                                    r.requestId(),
                                    now,
                                    r.bodyText(),
                                    !r.isMalformed())));
        } catch (PartnerCentralAccessException e) {
            // Retrying cannot fix access: fail, without restarts, with the client's message.
            result.completeExceptionally(new SuppressRestartsException(e));
        } catch (PartnerCentralApiException e) {
            if (e.isNotFound()) {
                notFound.inc();
                LOG.info(
                        "{} {} named by event {} no longer exists",
                        e.operation(),
                        request.id,
                        request.eventId);
                result.complete(List.of());
            } else if (!"Interrupted".equals(e.errorCode())) {
                failed(
                        request,
                        result,
                        "gave up after " + e.attempts() + " attempts: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public void timeout(FetchRequest request, ResultFuture<BronzeRecord> result) {
        // Stops the call, so that it does not go on spending the events' share of the quota.
        java.util.concurrent.Future<?> call = inFlight.remove(request);
        if (call != null) {
            call.cancel(true);
        }
        failed(request, result, "timed out");
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        recordReadCalls();
    }

    private void recordReadCalls() {
        if (client == null) {
            return;
        }
        try {
            client.handOverReadUsage(usage::readCallsMade);
        } catch (RuntimeException e) {
            LOG.warn("cannot record the API usage ({}); trying again later", e.getMessage());
        }
    }

    @Override
    public void close() throws Exception {
        if (executor != null) {
            executor.shutdownNow();
        }
        try {
            recordReadCalls();
            usage.close();
        } finally {
            if (client != null) {
                client.close();
            }
        }
    }
}
