package dev.pcw.jobs.config;

import dev.pcw.connectors.partnercentral.client.PartnerCentralClient;
import dev.pcw.connectors.partnercentral.client.write.WriteAction;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The IAM actions pcw's code calls, per process: what the policies under {@code deploy/} grant, no
 * more (a test compares them). Partner Central's come from the client itself ({@link
 * PartnerCentralClient#READ_OPERATIONS}, {@link WriteAction}); the others are the calls the
 * libraries pcw uses make: Iceberg's S3FileIO and Flink's S3 file system (bronze, the warehouse),
 * Iceberg's Glue catalog, the EventBridge and Kinesis connectors, Secrets Manager, CloudWatch.
 */
public final class IamActions {
    private IamActions() {}

    /** The one Partner Central read only the sidecar makes (an engagement task's progress). */
    static final String SIDECAR_ONLY_READ = "ListEngagementFromOpportunityTasks";

    /** Bronze files and the Iceberg warehouse in the lake bucket (multipart uploads included). */
    public static final List<String> S3_LAKE =
            List.of(
                    "s3:GetObject",
                    "s3:PutObject",
                    "s3:DeleteObject",
                    "s3:ListBucket",
                    "s3:GetBucketLocation",
                    "s3:AbortMultipartUpload");

    /** Iceberg's Glue catalog: the database and its tables (created, read, committed to). */
    public static final List<String> GLUE =
            List.of(
                    "glue:GetDatabase",
                    "glue:CreateDatabase",
                    "glue:GetTable",
                    "glue:GetTables",
                    "glue:CreateTable",
                    "glue:UpdateTable");

    /** Change events to an EventBridge bus. */
    public static final List<String> EVENTBRIDGE = List.of("events:PutEvents");

    /** Hybrid and streaming modes: Partner Central's events from the Kinesis stream. */
    public static final List<String> KINESIS_READ =
            List.of(
                    "kinesis:DescribeStream",
                    "kinesis:ListShards",
                    "kinesis:GetShardIterator",
                    "kinesis:GetRecords");

    /** Credentials of another account and the metadata DB's password. */
    public static final List<String> SECRETS = List.of("secretsmanager:GetSecretValue");

    /** Each run's figures to CloudWatch ({@code metrics.cloudwatch.enabled}). */
    public static final List<String> CLOUDWATCH_METRICS = List.of("cloudwatch:PutMetricData");

    /** What Managed Service for Apache Flink needs of the application's role besides pcw's. */
    public static final List<String> MSF_RUNTIME =
            List.of(
                    "logs:DescribeLogGroups",
                    "logs:DescribeLogStreams",
                    "logs:PutLogEvents",
                    "cloudwatch:PutMetricData");

    /** Partner Central's actions of the jobs: every read but the sidecar's. */
    public static SortedSet<String> partnerCentralReadsOfTheJobs() {
        SortedSet<String> out = new TreeSet<>();
        for (String op : PartnerCentralClient.READ_OPERATIONS) {
            if (!op.equals(SIDECAR_ONLY_READ)) {
                out.add("partnercentral:" + op);
            }
        }
        return Collections.unmodifiableSortedSet(out);
    }

    /** Every action of the ingest, partner-tiers and replay jobs. */
    public static SortedSet<String> jobs() {
        SortedSet<String> out = new TreeSet<>(partnerCentralReadsOfTheJobs());
        out.addAll(S3_LAKE);
        out.addAll(GLUE);
        out.addAll(EVENTBRIDGE);
        out.addAll(KINESIS_READ);
        out.addAll(SECRETS);
        out.addAll(CLOUDWATCH_METRICS);
        return Collections.unmodifiableSortedSet(out);
    }

    /**
     * Partner Central's actions of the sidecar: the writes, and the reads its executor makes (the
     * opportunity before an update or submit, an engagement task's progress).
     */
    public static SortedSet<String> sidecarPartnerCentral() {
        SortedSet<String> out = new TreeSet<>();
        for (WriteAction a : WriteAction.values()) {
            out.add("partnercentral:" + a.operation());
        }
        out.add("partnercentral:GetOpportunity");
        out.add("partnercentral:" + SIDECAR_ONLY_READ);
        return Collections.unmodifiableSortedSet(out);
    }

    /**
     * Every action of the sidecar: its Partner Central calls, the partner tier store in the lake
     * (S3 and Glue) and its secrets.
     */
    public static SortedSet<String> sidecar() {
        SortedSet<String> out = new TreeSet<>(sidecarPartnerCentral());
        out.addAll(S3_LAKE);
        out.addAll(GLUE);
        out.addAll(SECRETS);
        return Collections.unmodifiableSortedSet(out);
    }
}
