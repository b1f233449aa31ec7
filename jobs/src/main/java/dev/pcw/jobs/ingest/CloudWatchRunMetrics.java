package dev.pcw.jobs.ingest;

import dev.pcw.connectors.partnercentral.source.RunListener.RunInfo;
import dev.pcw.connectors.partnercentral.source.split.RunCounters;
import dev.pcw.jobs.config.PcwConfig;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * Each finished run's figures, sent to Amazon CloudWatch under {@code metrics.cloudwatch.namespace}
 * ({@code PCW/Connectors/PartnerCentral}) with the dimensions {@code Catalog} and {@code Entity}
 * (and {@code Environment} when {@code metrics.cloudwatch.environment} is set), in one {@code
 * PutMetricData} call: {@link #NAMES}. Sent once per run, when the metadata DB first records it
 * SUCCEEDED (a restore that reports the end again sends nothing); a job that dies between the two
 * loses that run's figures, never doubles them. A failure to send is logged, never raised: metrics
 * must not stop a sync. Credentials come from the default chain (the job's role, which needs {@code
 * cloudwatch:PutMetricData}).
 */
public final class CloudWatchRunMetrics implements Serializable, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(CloudWatchRunMetrics.class);

    /** The metric names, in the order sent. */
    public static final List<String> NAMES =
            List.of(
                    "RunsSucceeded",
                    "RecordsIngested",
                    "ApiCalls",
                    "ThrottledRequests",
                    "DeadLetters",
                    "RunDuration");

    private final String namespace;
    private final String environment;
    private final String region;
    private final String endpoint;
    private transient CloudWatchClient client;

    private CloudWatchRunMetrics(
            String namespace, String environment, String region, String endpoint) {
        this.namespace = namespace;
        this.environment = environment;
        this.region = region;
        this.endpoint = endpoint;
    }

    /**
     * The publisher {@code config} asks for, or null when {@code metrics.cloudwatch.enabled} is
     * off.
     */
    public static CloudWatchRunMetrics of(PcwConfig config) {
        if (!config.flag("metrics.cloudwatch.enabled")) {
            return null;
        }
        String ns = config.get("metrics.cloudwatch.namespace").trim();
        if (ns.isEmpty() || ns.startsWith("AWS/")) {
            throw new IllegalArgumentException(
                    "metrics.cloudwatch.namespace is '"
                            + ns
                            + "': name a namespace of your own (not empty, not AWS/…), e.g."
                            + " PCW/Connectors/PartnerCentral");
        }
        return new CloudWatchRunMetrics(
                ns,
                config.get("metrics.cloudwatch.environment").trim(),
                config.get("metrics.cloudwatch.region").trim(),
                config.get("metrics.cloudwatch.endpoint").trim());
    }

    /** The datums of one finished run (pure: tested without CloudWatch). */
    List<MetricDatum> datums(RunInfo run, Instant endedAt, RunCounters counters) {
        List<Dimension> dims = new ArrayList<>();
        dims.add(Dimension.builder().name("Catalog").value(run.catalog).build());
        dims.add(Dimension.builder().name("Entity").value(run.entity).build());
        if (!environment.isEmpty()) {
            dims.add(Dimension.builder().name("Environment").value(environment).build());
        }
        double seconds = Math.max(0, Duration.between(run.startedAt, endedAt).toMillis()) / 1000.0;
        double[] values = {
            1,
            counters.records(),
            counters.apiCalls(),
            counters.throttled(),
            counters.deadLetters(),
            seconds
        };
        List<MetricDatum> out = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            out.add(
                    MetricDatum.builder()
                            .metricName(NAMES.get(i))
                            .dimensions(dims)
                            .timestamp(endedAt)
                            .value(values[i])
                            .unit(
                                    NAMES.get(i).equals("RunDuration")
                                            ? StandardUnit.SECONDS
                                            : StandardUnit.COUNT)
                            .build());
        }
        return out;
    }

    /** Sends one finished run's figures; logs a failure. */
    void publish(RunInfo run, Instant endedAt, RunCounters counters) {
        try {
            client().putMetricData(
                            r -> r.namespace(namespace).metricData(datums(run, endedAt, counters)));
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not send {}'s metrics to CloudWatch ({}): {}",
                    run,
                    namespace,
                    e.getMessage());
        }
    }

    private CloudWatchClient client() {
        if (client == null) {
            CloudWatchClientBuilder b =
                    CloudWatchClient.builder()
                            .region(Region.of(region))
                            .httpClientBuilder(UrlConnectionHttpClient.builder());
            if (!endpoint.isEmpty()) {
                b.endpointOverride(URI.create(endpoint));
            }
            client = b.build();
        }
        return client;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
