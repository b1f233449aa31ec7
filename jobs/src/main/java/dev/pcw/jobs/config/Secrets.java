package dev.pcw.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Secrets from AWS Secrets Manager, resolved once when a job is built (the client uses the default
 * credentials chain):
 *
 * <ul>
 *   <li>{@code connectors.partner_central.credentials_secret} ({@code PC_CREDENTIALS_SECRET}, e.g.
 *       {@code /prod/partnercentral/credentials}): a JSON secret with {@code access_key_id} and
 *       {@code secret_access_key} (or {@code aws_access_key_id} / {@code aws_secret_access_key}),
 *       the keys pcw calls Partner Central with, for a Partner Central account other than the one
 *       the job runs in. Without it, the default chain (the job's IAM role) is used.
 *   <li>{@code connectors.partner_central.catalog_credentials.<catalog>.credentials_secret}: the
 *       same, for one catalog's calls (see {@link PcwConfig#catalogCredentials}).
 *   <li>{@code metadata.db_password_secret} ({@code PCW_DB_PASSWORD_SECRET}): the metadata DB's
 *       password, as plain text or as an RDS-style JSON secret ({@code password}, and {@code
 *       username} when {@code metadata.db_user} is not set).
 * </ul>
 */
public final class Secrets {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PC = "connectors.partner_central.";

    private Secrets() {}

    /**
     * {@code config} with its secrets resolved through Secrets Manager; as is when none is named.
     */
    public static PcwConfig resolve(PcwConfig config) {
        if (config.get(PC + "credentials_secret").isBlank()
                && config.get("metadata.db_password_secret").isBlank()
                && catalogSecrets(config).isEmpty()) {
            return config;
        }
        SecretsManagerClientBuilder b =
                SecretsManagerClient.builder()
                        .region(Region.of(config.get("secrets.region").trim()))
                        .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (!config.get("secrets.endpoint").isBlank()) {
            b.endpointOverride(URI.create(config.get("secrets.endpoint").trim()));
        }
        String region = config.get("secrets.region").trim();
        try (SecretsManagerClient client = b.build()) {
            return resolve(
                    config,
                    name -> {
                        try {
                            return client.getSecretValue(r -> r.secretId(name)).secretString();
                        } catch (ResourceNotFoundException e) {
                            throw new IllegalArgumentException(
                                    "secret '"
                                            + name
                                            + "' does not exist in "
                                            + region
                                            + " (secrets.region); check its name or ARN");
                        } catch (SecretsManagerException e) {
                            throw new IllegalArgumentException(
                                    "cannot read secret '"
                                            + name
                                            + "': "
                                            + e.awsErrorDetails().errorCode()
                                            + ": "
                                            + e.awsErrorDetails().errorMessage()
                                            + " (the job's role needs"
                                            + " secretsmanager:GetSecretValue on it)");
                        }
                    });
        }
    }

    /**
     * {@code config} with its secrets resolved by {@code fetch} (secret name → secret string).
     *
     * @throws IllegalArgumentException naming the secret and what it lacks
     */
    static PcwConfig resolve(PcwConfig config, UnaryOperator<String> fetch) {
        Map<String, String> set = new TreeMap<>();
        // The client's keys, then each catalog's own (…catalog_credentials.<catalog>.).
        List<String> prefixes = new ArrayList<>();
        prefixes.add(PC);
        prefixes.addAll(catalogSecrets(config).keySet());
        for (String at : prefixes) {
            String name = config.get(at + "credentials_secret").trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!config.get(at + "access_key_id").isBlank()) {
                throw new IllegalArgumentException(
                        at
                                + "credentials_secret and "
                                + at
                                + "access_key_id are both set: keep one");
            }
            JsonNode json = json(name, fetch.apply(name));
            if (json == null) {
                throw new IllegalArgumentException(
                        "secret '"
                                + name
                                + "' is not JSON: it needs access_key_id and secret_access_key");
            }
            set.put(at + "access_key_id", member(json, name, "access_key_id"));
            set.put(at + "secret_access_key", member(json, name, "secret_access_key"));
        }
        String password = config.get("metadata.db_password_secret").trim();
        if (!password.isEmpty()) {
            String value = fetch.apply(password);
            JsonNode json = json(password, value);
            if (json == null) {
                set.put("metadata.db_password", value);
            } else {
                if (!json.path("password").isTextual()) {
                    throw new IllegalArgumentException(
                            "secret '" + password + "' is JSON without a \"password\" member");
                }
                set.put("metadata.db_password", json.get("password").asText());
                if (config.get("metadata.db_user").isBlank() && json.path("username").isTextual()) {
                    set.put("metadata.db_user", json.get("username").asText());
                }
            }
        }
        return config.with(set);
    }

    /**
     * {@code …catalog_credentials.<catalog>.} → the secret it names, for each catalog naming one.
     */
    private static Map<String, String> catalogSecrets(PcwConfig config) {
        Map<String, String> out = new TreeMap<>();
        for (dev.pcw.schemas.partnercentral.Catalog c :
                dev.pcw.schemas.partnercentral.Catalog.values()) {
            String at = PC + "catalog_credentials." + c.wireName() + ".";
            String name = config.get(at + "credentials_secret").trim();
            if (!name.isEmpty()) {
                out.put(at, name);
            }
        }
        return out;
    }

    /** The secret as a JSON object, or null when it is not one. */
    private static JsonNode json(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("secret '" + name + "' has no SecretString");
        }
        try {
            JsonNode n = MAPPER.readTree(value);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String member(JsonNode json, String secret, String key) {
        for (String k : new String[] {key, "aws_" + key}) {
            if (json.path(k).isTextual() && !json.get(k).asText().isBlank()) {
                return json.get(k).asText();
            }
        }
        throw new IllegalArgumentException(
                "secret '" + secret + "' has no " + key + " (nor aws_" + key + ")");
    }
}
