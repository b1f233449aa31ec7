package dev.pcw.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.connectors.partnercentral.simulator.secretsmanager.LocalSecretsManager;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Secrets named in the configuration, read through the real Secrets Manager client from a local
 * endpoint that keeps GetSecretValue's contract.
 */
class SecretsTest {
    private LocalSecretsManager sm;
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        sm = LocalSecretsManager.start();
        // The client uses the default credentials chain; these system properties are part of it.
        for (String p : new String[] {"aws.accessKeyId", "aws.secretAccessKey"}) {
            saved.put(p, System.getProperty(p));
            System.setProperty(p, "secrets-test");
        }
    }

    @AfterEach
    void stop() {
        sm.close();
        saved.forEach(
                (k, v) -> {
                    if (v == null) {
                        System.clearProperty(k);
                    } else {
                        System.setProperty(k, v);
                    }
                });
    }

    private PcwConfig config(Map<String, String> env, Map<String, String> set) {
        Map<String, String> s = new HashMap<>(set);
        s.put("secrets.endpoint", sm.endpoint().toString());
        return PcwConfig.load(null, env, s);
    }

    @Test
    void partnerCentralKeysAndTheDbPasswordComeFromTheirSecrets() {
        sm.put(
                "/prod/partnercentral/credentials",
                "{\"access_key_id\":\"AKIAEXAMPLE\",\"secret_access_key\":\"s3cr3t\"}");
        sm.put(
                "/prod/pcw/metadata-db",
                "{\"username\":\"pcw_app\",\"password\":\"hunter2\",\"engine\":\"postgres\"}");

        PcwConfig c =
                Secrets.resolve(
                        config(
                                Map.of(
                                        "PC_CREDENTIALS_SECRET",
                                        "/prod/partnercentral/credentials",
                                        "PCW_DB_PASSWORD_SECRET",
                                        "/prod/pcw/metadata-db"),
                                Map.of()));

        assertThat(c.get("connectors.partner_central.access_key_id")).isEqualTo("AKIAEXAMPLE");
        assertThat(c.get("connectors.partner_central.secret_access_key")).isEqualTo("s3cr3t");
        assertThat(c.get("metadata.db_password")).isEqualTo("hunter2");
        assertThat(c.get("metadata.db_user")).isEqualTo("pcw_app");
        assertThat(c.describe()).doesNotContain("s3cr3t").doesNotContain("hunter2");
    }

    @Test
    void aPlainTextSecretIsThePasswordAndAConfiguredUserIsKept() {
        sm.put("db-password", "plain-text-password");
        PcwConfig c =
                Secrets.resolve(
                        config(
                                Map.of(),
                                Map.of(
                                        "metadata.db_password_secret",
                                        "db-password",
                                        "metadata.db_user",
                                        "ops")));
        assertThat(c.get("metadata.db_password")).isEqualTo("plain-text-password");
        assertThat(c.get("metadata.db_user")).isEqualTo("ops");
    }

    @Test
    void noSecretNamedMeansNoCallAtAll() {
        sm.close(); // nothing listens: a call would fail
        PcwConfig c =
                PcwConfig.load(null, Map.of(), Map.of("secrets.endpoint", "http://127.0.0.1:9"));
        assertThat(Secrets.resolve(c)).isSameAs(c);
    }

    @Test
    void eachBadSecretSaysWhatIsWrong() {
        assertThatThrownBy(
                        () ->
                                Secrets.resolve(
                                        config(
                                                Map.of("PC_CREDENTIALS_SECRET", "missing"),
                                                Map.of())))
                .hasMessage(
                        "secret 'missing' does not exist in us-east-1 (secrets.region); check its"
                                + " name or ARN");
        sm.put("denied", "{}");
        sm.deny("denied");
        assertThatThrownBy(
                        () ->
                                Secrets.resolve(
                                        config(
                                                Map.of("PCW_DB_PASSWORD_SECRET", "denied"),
                                                Map.of())))
                .hasMessageStartingWith("cannot read secret 'denied': AccessDeniedException:")
                .hasMessageEndingWith("(the job's role needs secretsmanager:GetSecretValue on it)");
        sm.put("half", "{\"access_key_id\":\"AKIA\"}");
        assertThatThrownBy(
                        () ->
                                Secrets.resolve(
                                        config(Map.of("PC_CREDENTIALS_SECRET", "half"), Map.of())))
                .hasMessage("secret 'half' has no secret_access_key (nor aws_secret_access_key)");
        sm.put("text", "not json");
        assertThatThrownBy(
                        () ->
                                Secrets.resolve(
                                        config(Map.of("PC_CREDENTIALS_SECRET", "text"), Map.of())))
                .hasMessage(
                        "secret 'text' is not JSON: it needs access_key_id and secret_access_key");
        sm.put("rds", "{\"username\":\"u\"}");
        assertThatThrownBy(
                        () ->
                                Secrets.resolve(
                                        config(Map.of("PCW_DB_PASSWORD_SECRET", "rds"), Map.of())))
                .hasMessage("secret 'rds' is JSON without a \"password\" member");
        sm.put("creds", "{\"aws_access_key_id\":\"A\",\"aws_secret_access_key\":\"B\"}");
        assertThatThrownBy(
                        () ->
                                Secrets.resolve(
                                        config(
                                                Map.of("PC_CREDENTIALS_SECRET", "creds"),
                                                Map.of(
                                                        "connectors.partner_central.access_key_id",
                                                        "static"))))
                .hasMessage(
                        "connectors.partner_central.credentials_secret and"
                                + " connectors.partner_central.access_key_id are both set: keep"
                                + " one");
    }

    /**
     * The catalog-to-credentials mapping: Sandbox's calls with keys of their own from a secret and
     * a role to assume; AWS's with the client's; and what each mistake in it gets.
     */
    @Test
    void aCatalogsOwnCredentialsComeFromItsSecretAndTheMappingIsExplicit() {
        sm.put(
                "/prod/partnercentral/sandbox",
                "{\"aws_access_key_id\":\"AKIASANDBOX\",\"aws_secret_access_key\":\"sandb0x\"}");
        String at = "connectors.partner_central.catalog_credentials.Sandbox.";
        PcwConfig c =
                Secrets.resolve(
                        config(
                                Map.of(),
                                Map.of(
                                        "connectors.partner_central.catalogs",
                                        "AWS,Sandbox",
                                        at + "credentials_secret",
                                        "/prod/partnercentral/sandbox",
                                        at + "role_arn",
                                        "arn:aws:iam::111122223333:role/sandbox",
                                        at + "external_id",
                                        "ext-7")));
        var mapping = c.clientConfig().catalogCredentials();
        assertThat(mapping).containsOnlyKeys("Sandbox");
        assertThat(mapping.get("Sandbox").toString())
                .isEqualTo("role arn:aws:iam::111122223333:role/sandbox (with keys of its own)");
        assertThat(c.clientConfig().toString()).doesNotContain("sandb0x").doesNotContain("ext-7");
        assertThat(c.describe()).doesNotContain("sandb0x");

        // A catalog not synced, an external id without a role, a bad role ARN: each says so.
        assertThatThrownBy(
                        () ->
                                config(
                                                Map.of(),
                                                Map.of(
                                                        at + "role_arn",
                                                        "arn:aws:iam::111122223333:role/sandbox"))
                                        .clientConfig())
                .hasMessageContaining(
                        "Sandbox is not in connectors.partner_central.catalogs (AWS)");
        assertThatThrownBy(
                        () ->
                                config(
                                                Map.of(),
                                                Map.of(
                                                        "connectors.partner_central.catalogs",
                                                        "AWS,Sandbox",
                                                        at + "external_id",
                                                        "ext-7"))
                                        .clientConfig())
                .hasMessageContaining("needs role_arn")
                .hasMessageContaining("external_id goes with role_arn");
        assertThatThrownBy(
                        () ->
                                config(
                                                Map.of(),
                                                Map.of(
                                                        "connectors.partner_central.catalogs",
                                                        "AWS,Sandbox",
                                                        at + "role_arn",
                                                        "sandbox-role"))
                                        .clientConfig())
                .hasMessageContaining("role_arn is 'sandbox-role': use a role ARN");
        assertThatThrownBy(
                        () ->
                                config(
                                        Map.of(),
                                        Map.of(
                                                "connectors.partner_central.catalog_credentials.Prod.role_arn",
                                                "x")))
                .hasMessageContaining("unknown configuration key");
    }
}
