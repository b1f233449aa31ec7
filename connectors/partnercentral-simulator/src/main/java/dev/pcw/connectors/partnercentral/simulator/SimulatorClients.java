package dev.pcw.connectors.partnercentral.simulator;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClient;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClientBuilder;

/**
 * AWS SDK clients pointed at a simulator: the real {@link PartnerCentralSellingClient}, with static
 * credentials (their access key id stands for the partner account) and us-east-1.
 */
public final class SimulatorClients {
    /** The access key id the clients sign with unless told otherwise. */
    public static final String ACCESS_KEY_ID = "pcw-simulator";

    private SimulatorClients() {}

    /** A client builder with the SDK's defaults (retries included) and the simulator's endpoint. */
    public static PartnerCentralSellingClientBuilder builder(URI endpoint) {
        return PartnerCentralSellingClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(ACCESS_KEY_ID, "simulator-secret")))
                .httpClientBuilder(
                        UrlConnectionHttpClient.builder()
                                .connectionTimeout(Duration.ofSeconds(5))
                                .socketTimeout(Duration.ofSeconds(30)));
    }

    /** A client that makes exactly one attempt per call, so every error reaches the caller. */
    public static PartnerCentralSellingClient noRetries(URI endpoint) {
        return builder(endpoint)
                .overrideConfiguration(
                        ClientOverrideConfiguration.builder()
                                .retryStrategy(b -> b.maxAttempts(1))
                                .build())
                .build();
    }
}
