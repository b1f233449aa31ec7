package dev.pcw.connectors.partnercentral.client;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The credentials pcw calls Partner Central with, from its configuration: static keys when given,
 * else the default provider chain (environment, profile, web identity, container or instance role);
 * then, when a role is configured, that role assumed with them (STS AssumeRole, with the external
 * id when one is configured, refreshed before expiry). The role session is named {@code pcw}, so
 * CloudTrail shows pcw's calls as {@code assumed-role/<role>/pcw}.
 */
public final class Credentials {
    /** The role session name of pcw's calls. */
    public static final String SESSION_NAME = "pcw";

    private Credentials() {}

    /** The provider for {@code config}; close it (when {@link AutoCloseable}) when done. */
    public static AwsCredentialsProvider of(PartnerCentralClientConfig config) {
        AwsCredentialsProvider base =
                config.accessKeyId() != null
                        ? StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(
                                        config.accessKeyId(), config.secretAccessKey()))
                        : DefaultCredentialsProvider.builder().build();
        if (config.roleArn() == null) {
            return base;
        }
        StsClient sts = sts(config, base);
        StsAssumeRoleCredentialsProvider assumed =
                StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(sts)
                        .refreshRequest(
                                r -> {
                                    r.roleArn(config.roleArn()).roleSessionName(SESSION_NAME);
                                    if (config.externalId() != null) {
                                        r.externalId(config.externalId());
                                    }
                                })
                        .build();
        return new Assumed(assumed, sts);
    }

    /** The assumed role's provider, closing the STS client it was given with it. */
    private static final class Assumed implements AwsCredentialsProvider, AutoCloseable {
        private final StsAssumeRoleCredentialsProvider provider;
        private final StsClient sts;

        Assumed(StsAssumeRoleCredentialsProvider provider, StsClient sts) {
            this.provider = provider;
            this.sts = sts;
        }

        @Override
        public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
            return provider.resolveCredentials();
        }

        @Override
        public void close() {
            provider.close();
            sts.close();
        }
    }

    /** {@code arn (account N)} of whoever {@code credentials} are, through STS. */
    static String callerIdentity(
            PartnerCentralClientConfig config, AwsCredentialsProvider credentials) {
        try (StsClient sts = sts(config, credentials)) {
            GetCallerIdentityResponse me = sts.getCallerIdentity();
            return me.arn() + " (account " + me.account() + ")";
        }
    }

    private static StsClient sts(
            PartnerCentralClientConfig config, AwsCredentialsProvider credentials) {
        StsClientBuilder b =
                StsClient.builder()
                        .region(Region.of(config.region()))
                        .credentialsProvider(credentials)
                        .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (config.stsEndpoint() != null) {
            b.endpointOverride(config.stsEndpoint());
        }
        return b.build();
    }
}
