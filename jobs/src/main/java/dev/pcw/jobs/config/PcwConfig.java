package dev.pcw.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pcw.connectors.partnercentral.client.PartnerCentralClientConfig;
import dev.pcw.schemas.partnercentral.Catalog;
import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * pcw's configuration, read once: {@code connectors.yaml} in the seed's shape, then the
 * environment, then command-line overrides ({@code --set key=value}), each overriding the one
 * before; defaults fill the rest. Keys are dotted paths ({@code
 * connectors.partner_central.schedule_cron}). An unknown key under a section pcw owns is an error
 * that names it, so a typo never silently falls back to a default. Secrets are never printed
 * ({@link #describe()} masks them).
 *
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>variable</th><th>sets</th></tr>
 *   <tr><td>PC_CATALOG</td><td>connectors.partner_central.catalogs (one catalog)</td></tr>
 *   <tr><td>PC_ACCOUNT_ID</td><td>connectors.partner_central.account_id</td></tr>
 *   <tr><td>S3_LAKE_BUCKET</td><td>lake.root = s3://BUCKET</td></tr>
 *   <tr><td>EVENTBRIDGE_BUS</td><td>events.eventbridge_bus</td></tr>
 *   <tr><td>PCW_DB_URL, PCW_DB_USER, PCW_DB_PASSWORD</td><td>metadata.db_url, .db_user, .db_password</td></tr>
 *   <tr><td>PCW_HOME</td><td>the folder for local state (default ./var)</td></tr>
 *   <tr><td>PC_CREDENTIALS_SECRET</td><td>connectors.partner_central.credentials_secret</td></tr>
 *   <tr><td>PC_ROLE_ARN, PC_EXTERNAL_ID</td><td>connectors.partner_central.role_arn, .external_id</td></tr>
 *   <tr><td>PCW_DB_PASSWORD_SECRET</td><td>metadata.db_password_secret</td></tr>
 *   <tr><td>VAULT_ROOT</td><td>partner_tiers.vault (the Obsidian vault)</td></tr>
 * </table>
 */
public final class PcwConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final String PC = "connectors.partner_central.";

    /** The partner tier settings; {@code tiers.*} and {@code oems.*} below it are open maps. */
    public static final String TIERS = "partner_tiers.";

    /** Every key pcw reads, with its default ("" = none). Lake keys pass through to the lake. */
    /** The settings of one catalog's own credentials. */
    static final List<String> CATALOG_CREDENTIAL_KEYS =
            List.of(
                    "role_arn",
                    "external_id",
                    "credentials_secret",
                    "access_key_id",
                    "secret_access_key");

    private static final Map<String, String> DEFAULTS = new TreeMap<>();

    static {
        DEFAULTS.put(PC + "enabled", "true");
        DEFAULTS.put(PC + "mode", "batch");
        DEFAULTS.put(PC + "schedule_cron", "0 */6 * * *");
        DEFAULTS.put(PC + "entities", "opportunities,solutions,engagement_invitations,engagements");
        DEFAULTS.put(
                PC + "write_actions", "create_opportunity,associate_opportunity,start_engagement");
        DEFAULTS.put(PC + "ticket_pattern", "^[A-Z][A-Z0-9]*-[0-9]+$");
        DEFAULTS.put(PC + "action_approval_mode", "required");
        DEFAULTS.put(PC + "action_approval_expiry_days", "7");
        for (dev.pcw.connectors.partnercentral.client.write.WriteAction a :
                dev.pcw.connectors.partnercentral.client.write.WriteAction.values()) {
            // Empty: as action_approval_mode, one approver.
            DEFAULTS.put(PC + "action_approval_modes." + a.key(), "");
            DEFAULTS.put(PC + "action_approvers." + a.key(), "");
        }
        DEFAULTS.put(PC + "catalogs", "AWS");
        DEFAULTS.put(PC + "account_id", "");
        DEFAULTS.put(PC + "endpoint", "");
        DEFAULTS.put(PC + "page_size", "100");
        DEFAULTS.put(PC + "fetch_aws_summary", "false");
        DEFAULTS.put(PC + "quota.read_rate", "10");
        DEFAULTS.put(PC + "quota.read_daily", "100000");
        DEFAULTS.put(PC + "quota.write_rate", "1");
        DEFAULTS.put(PC + "quota.write_daily", "10000");
        DEFAULTS.put(PC + "max_attempts", "8");
        DEFAULTS.put(PC + "events.stream", "");
        DEFAULTS.put(PC + "events.endpoint", "");
        DEFAULTS.put(PC + "events.region", "us-east-1");
        DEFAULTS.put(PC + "events.initial_position", "LATEST");
        DEFAULTS.put(PC + "events.dedupe_window", "2s");
        DEFAULTS.put(PC + "quota.events_share", "0.3");
        DEFAULTS.put(PC + "access_key_id", "");
        DEFAULTS.put(PC + "secret_access_key", "");
        DEFAULTS.put("metadata.db_url", "");
        DEFAULTS.put("metadata.db_user", "");
        DEFAULTS.put("metadata.db_password", "");
        DEFAULTS.put("metadata.db_password_secret", "");
        DEFAULTS.put(PC + "credentials_secret", "");
        DEFAULTS.put(PC + "role_arn", "");
        DEFAULTS.put(PC + "external_id", "");
        DEFAULTS.put(PC + "sts_endpoint", "");
        for (Catalog cat : Catalog.values()) {
            String c = cat.wireName();
            // One catalog's calls with credentials of their own (see catalogCredentials).
            for (String k : CATALOG_CREDENTIAL_KEYS) {
                DEFAULTS.put(PC + "catalog_credentials." + c + "." + k, "");
            }
        }
        DEFAULTS.put("secrets.region", "us-east-1");
        DEFAULTS.put("secrets.endpoint", "");
        DEFAULTS.put("events.enabled", "true");
        DEFAULTS.put("events.sinks", "auto");
        DEFAULTS.put("events.file_dir", "");
        DEFAULTS.put("events.eventbridge_bus", "");
        DEFAULTS.put("events.eventbridge_endpoint", "");
        DEFAULTS.put("events.kinesis_stream", "");
        DEFAULTS.put("events.kinesis_endpoint", "");
        DEFAULTS.put("events.region", "us-east-1");
        DEFAULTS.put("events.access_key_id", "");
        DEFAULTS.put("events.secret_access_key", "");
        DEFAULTS.put("metrics.cloudwatch.enabled", "false");
        DEFAULTS.put("metrics.cloudwatch.namespace", "PCW/Connectors/PartnerCentral");
        DEFAULTS.put("metrics.cloudwatch.environment", "");
        DEFAULTS.put("metrics.cloudwatch.region", "us-east-1");
        DEFAULTS.put("metrics.cloudwatch.endpoint", "");
        DEFAULTS.put("logging.include_payloads", "false");
        DEFAULTS.put("dead_letters.payload", "redacted");
        DEFAULTS.put("silver.personal_data", "keep");
        DEFAULTS.put("flink.checkpoint_interval", "30s");
        DEFAULTS.put("maintenance.snapshot_retention", "7d");
        DEFAULTS.put("maintenance.retain_last", "20");
        DEFAULTS.put("maintenance.target_file_size_mb", "128");
        DEFAULTS.put("maintenance.in_job", "false");
        DEFAULTS.put("maintenance.in_job_interval", "1h");
        DEFAULTS.put("flink.parallelism", "1");
        DEFAULTS.put("flink.state_backend", "hashmap");
        DEFAULTS.put("home", "./var");
        DEFAULTS.put(TIERS + "input", "data/partners/");
        DEFAULTS.put(TIERS + "poll_interval", "10s");
        DEFAULTS.put(TIERS + "vault", "");
        DEFAULTS.put(TIERS + "obsidian_properties", "false");
        DEFAULTS.put("sidecar.oidc.issuer", "");
        DEFAULTS.put("sidecar.oidc.audience", "");
        DEFAULTS.put("sidecar.oidc.jwks_url", "");
        DEFAULTS.put("sidecar.oidc.roles_claim", "roles");
        DEFAULTS.put("sidecar.oidc.principal_claim", "sub");
    }

    private static final Set<String> SECRETS =
            Set.of(
                    PC + "secret_access_key",
                    "events.secret_access_key",
                    "metadata.db_password",
                    "lake.jdbc.password",
                    "lake.s3.secret-access-key");

    private final Map<String, String> values;

    private PcwConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Loads the configuration.
     *
     * @param yaml {@code connectors.yaml}, or null for defaults only
     * @param env the environment ({@code System.getenv()} outside tests)
     * @param overrides {@code key=value} overrides from the command line
     * @throws IllegalArgumentException naming the file, key or value that is wrong
     */
    public static PcwConfig load(
            Path yaml, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> v = new TreeMap<>();
        if (yaml != null) {
            if (!Files.isRegularFile(yaml)) {
                throw new IllegalArgumentException(
                        "configuration file " + yaml + " does not exist");
            }
            JsonNode root;
            try {
                root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read " + yaml + ": " + e.getMessage().split("\n", 2)[0], e);
            }
            if (root != null && !root.isMissingNode() && !root.isNull()) {
                if (!root.isObject()) {
                    throw new IllegalArgumentException(yaml + " must be a YAML mapping");
                }
                flatten("", root, v, yaml.toString());
                resolvePaths(v, yaml);
            }
        }
        fromEnv(env, v);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            v.put(e.getKey(), e.getValue());
        }
        for (String key : v.keySet()) {
            if (!DEFAULTS.containsKey(key)
                    && !key.startsWith("lake.")
                    && !key.startsWith(TIERS + "tiers.")
                    && !key.startsWith(TIERS + "oems.")
                    && !passThrough(key)) {
                throw new IllegalArgumentException(
                        "unknown configuration key '"
                                + key
                                + "'"
                                + suggestion(key)
                                + (yaml == null ? "" : " (in " + yaml + " or an override)"));
            }
        }
        Map<String, String> all = new TreeMap<>(DEFAULTS);
        all.putAll(v);
        PcwConfig c = new PcwConfig(all);
        c.validate();
        return c;
    }

    /** Settings that are local paths: relative ones in a file are relative to the file's folder. */
    private static final List<String> PATH_KEYS =
            List.of(
                    "home",
                    "lake.root",
                    "lake.warehouse",
                    "events.file_dir",
                    TIERS + "input",
                    TIERS + "vault");

    /**
     * Resolves the relative local paths a configuration file sets against the file's folder, so
     * that the same file means the same lake from any working directory. URIs ({@code s3://…},
     * {@code file:…}) and absolute paths are kept.
     */
    private static void resolvePaths(Map<String, String> v, Path yaml) {
        Path dir = yaml.toAbsolutePath().getParent();
        for (String key : PATH_KEYS) {
            String value = v.get(key);
            if (value == null || value.isBlank() || value.contains(":")) {
                continue;
            }
            Path p = Path.of(value.trim());
            if (!p.isAbsolute()) {
                v.put(key, dir.resolve(p).normalize().toString());
            }
        }
    }

    private static boolean passThrough(String key) {
        // Sections of the seed's connectors.yaml that pcw does not read (other connectors).
        return key.startsWith("connectors.") && !key.startsWith(PC);
    }

    private static void flatten(
            String prefix, JsonNode node, Map<String, String> out, String file) {
        node.fields()
                .forEachRemaining(
                        e -> {
                            String key = prefix + e.getKey();
                            JsonNode value = e.getValue();
                            if (value.isObject()) {
                                flatten(key + ".", value, out, file);
                            } else if (value.isArray()) {
                                List<String> items = new ArrayList<>();
                                value.forEach(i -> items.add(i.asText()));
                                out.put(key, String.join(",", items));
                            } else if (!value.isNull()) {
                                out.put(key, value.asText());
                            }
                        });
    }

    private static void fromEnv(Map<String, String> env, Map<String, String> v) {
        put(env, "PC_CATALOG", v, PC + "catalogs");
        put(env, "PC_ACCOUNT_ID", v, PC + "account_id");
        put(env, "EVENTBRIDGE_BUS", v, "events.eventbridge_bus");
        put(env, "PCW_DB_URL", v, "metadata.db_url");
        put(env, "PCW_DB_USER", v, "metadata.db_user");
        put(env, "PCW_DB_PASSWORD", v, "metadata.db_password");
        put(env, "PCW_HOME", v, "home");
        put(env, "PCW_DB_PASSWORD_SECRET", v, "metadata.db_password_secret");
        put(env, "PC_CREDENTIALS_SECRET", v, PC + "credentials_secret");
        put(env, "PC_ROLE_ARN", v, PC + "role_arn");
        put(env, "PC_EXTERNAL_ID", v, PC + "external_id");
        put(env, "VAULT_ROOT", v, TIERS + "vault");
        String bucket = env.get("S3_LAKE_BUCKET");
        if (bucket != null && !bucket.isBlank()) {
            v.put("lake.root", bucket.startsWith("s3://") ? bucket : "s3://" + bucket);
        }
    }

    private static void put(
            Map<String, String> env, String var, Map<String, String> v, String key) {
        String value = env.get(var);
        if (value != null && !value.isBlank()) {
            v.put(key, value.trim());
        }
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = 4;
        for (String k : DEFAULTS.keySet()) {
            int d = distance(k, key);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private void validate() {
        String mode = mode();
        if (!Set.of("batch", "streaming", "hybrid").contains(mode)) {
            throw new IllegalArgumentException(
                    PC + "mode is '" + mode + "': use batch, streaming or hybrid");
        }
        catalogs();
        entities();
        redactsDeadLetters();
        omitsPersonalData();
        for (String k :
                List.of(
                        "metrics.cloudwatch.enabled",
                        "logging.include_payloads",
                        "maintenance.in_job")) {
            String b = get(k).trim();
            if (!b.equals("true") && !b.equals("false")) {
                throw new IllegalArgumentException(k + " is '" + b + "': use true or false");
            }
        }
        writeActions();
        intValue(PC + "page_size", 1, 100);
        intValue("flink.parallelism", 1, 1024);
        stateBackend();
        checkpointInterval();
        clientConfig();
        eventSinks();
        eventsDedupeWindow();
        eventsQuotaShare();
        tierVocabulary();
        tierPollInterval();
        String position = get(PC + "events.initial_position").trim();
        if (!position.equals("LATEST") && !position.equals("TRIM_HORIZON")) {
            throw new IllegalArgumentException(
                    PC
                            + "events.initial_position is '"
                            + position
                            + "': use LATEST or TRIM_HORIZON");
        }
        if (mode.equals("streaming") && eventsStream().isEmpty()) {
            throw new IllegalArgumentException(
                    PC
                            + "mode is streaming but "
                            + PC
                            + "events.stream is not set: name the Kinesis stream that an"
                            + " EventBridge rule fills with Partner Central's events (see the"
                            + " README's hybrid mode), or use mode hybrid or batch");
        }
    }

    /** The event sinks that are valid in {@code events.sinks}. */
    public static final List<String> EVENT_SINKS = List.of("file", "eventbridge", "kinesis");

    /**
     * Where change events go: {@code file}, {@code eventbridge} and/or {@code kinesis}, from {@code
     * events.sinks}; empty when events are off ({@code events.enabled: false} or {@code
     * events.sinks: none}). {@code auto} (the default) is {@code eventbridge} when a bus is set
     * ({@code EVENTBRIDGE_BUS}), else {@code file}.
     *
     * @throws IllegalArgumentException for an unknown sink, or a sink whose target is not set
     */
    public List<String> eventSinks() {
        if (!Boolean.parseBoolean(get("events.enabled").trim())) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String raw : get("events.sinks").split(",")) {
            String sink = raw.trim().toLowerCase(Locale.ROOT);
            if (sink.isEmpty()) {
                continue;
            }
            if (sink.equals("none")) {
                return List.of();
            } else if (sink.equals("auto")) {
                out.add(get("events.eventbridge_bus").isBlank() ? "file" : "eventbridge");
            } else if (EVENT_SINKS.contains(sink)) {
                out.add(sink);
            } else {
                throw new IllegalArgumentException(
                        "events.sinks names '"
                                + raw.trim()
                                + "': use file, eventbridge, kinesis (several, comma-separated),"
                                + " auto or none");
            }
        }
        if (out.contains("eventbridge") && get("events.eventbridge_bus").isBlank()) {
            throw new IllegalArgumentException(
                    "events.sinks includes eventbridge but no bus is set: set EVENTBRIDGE_BUS or"
                            + " events.eventbridge_bus (a bus name or ARN)");
        }
        if (out.contains("kinesis") && get("events.kinesis_stream").isBlank()) {
            throw new IllegalArgumentException(
                    "events.sinks includes kinesis but events.kinesis_stream is not set");
        }
        return new ArrayList<>(out);
    }

    /**
     * This configuration with {@code overrides} applied (validated again), for values resolved
     * after loading, such as secrets.
     */
    public PcwConfig with(Map<String, String> overrides) {
        Map<String, String> all = new TreeMap<>(values);
        all.putAll(overrides);
        PcwConfig c = new PcwConfig(all);
        c.validate();
        return c;
    }

    /** The raw value of a key ({@code ""} when unset). */
    public String get(String key) {
        String v = values.get(key);
        return v == null ? "" : v;
    }

    public boolean enabled() {
        return Boolean.parseBoolean(get(PC + "enabled"));
    }

    /**
     * {@code batch} (sync once, bounded), {@code hybrid} (syncs on the schedule, plus a fetch of
     * each record Partner Central's events name) or {@code streaming} (one catch-up sync, then
     * events only).
     */
    public String mode() {
        return get(PC + "mode").trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The write actions the sidecar accepts ({@code connectors.partner_central.write_actions}).
     *
     * @throws IllegalArgumentException naming an action that does not exist
     */
    public List<dev.pcw.connectors.partnercentral.client.write.WriteAction> writeActions() {
        List<dev.pcw.connectors.partnercentral.client.write.WriteAction> out = new ArrayList<>();
        for (String a : get(PC + "write_actions").split(",")) {
            if (a.isBlank()) {
                continue;
            }
            out.add(
                    dev.pcw.connectors.partnercentral.client.write.WriteAction.of(a)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    PC
                                                            + "write_actions: unknown action '"
                                                            + a.trim()
                                                            + "'; use create_opportunity,"
                                                            + " update_opportunity,"
                                                            + " submit_opportunity,"
                                                            + " associate_opportunity,"
                                                            + " start_engagement")));
        }
        return out;
    }

    /**
     * The approval settings in {@code ApprovalPolicy}'s terms: {@code mode}, {@code mode.<action>},
     * {@code approvers.<action>}, {@code expiry_days}; unset ones left out.
     */
    public Map<String, String> approvalSettings() {
        Map<String, String> out = new TreeMap<>();
        out.put("mode", get(PC + "action_approval_mode").trim());
        out.put("expiry_days", get(PC + "action_approval_expiry_days").trim());
        for (dev.pcw.connectors.partnercentral.client.write.WriteAction a :
                dev.pcw.connectors.partnercentral.client.write.WriteAction.values()) {
            String mode = get(PC + "action_approval_modes." + a.key()).trim();
            if (!mode.isEmpty()) {
                out.put("mode." + a.key(), mode);
            }
            String n = get(PC + "action_approvers." + a.key()).trim();
            if (!n.isEmpty()) {
                out.put("approvers." + a.key(), n);
            }
        }
        return out;
    }

    /** The form a ticket id must have ({@code connectors.partner_central.ticket_pattern}). */
    public String ticketPattern() {
        return get(PC + "ticket_pattern").trim();
    }

    public String scheduleCron() {
        return get(PC + "schedule_cron");
    }

    public List<Catalog> catalogs() {
        List<Catalog> out = new ArrayList<>();
        for (String c : get(PC + "catalogs").split(",")) {
            if (!c.isBlank()) {
                out.add(Catalog.parse(c));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(PC + "catalogs is empty: name AWS and/or Sandbox");
        }
        return out;
    }

    /**
     * The entities to sync. The seed's {@code leads} means engagement invitations and engagements
     * (Partner Central's leads are lead invitations and lead engagements).
     */
    public List<PartnerCentralEntity> entities() {
        Set<PartnerCentralEntity> out = new LinkedHashSet<>();
        for (String e : get(PC + "entities").split(",")) {
            String name = e.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("leads")) {
                out.add(PartnerCentralEntity.ENGAGEMENT_INVITATIONS);
                out.add(PartnerCentralEntity.ENGAGEMENTS);
            } else if (name.equals("profiles")) {
                throw new IllegalArgumentException(
                        PC
                                + "entities: 'profiles' live in the separate partnercentral-account"
                                + " API, which pcw does not sync yet; remove it from the list");
            } else {
                out.add(PartnerCentralEntity.parse(name));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(PC + "entities is empty");
        }
        return new ArrayList<>(out);
    }

    public int pageSize() {
        return intValue(PC + "page_size", 1, 100);
    }

    public boolean fetchAwsSummary() {
        return Boolean.parseBoolean(get(PC + "fetch_aws_summary"));
    }

    public int parallelism() {
        return intValue("flink.parallelism", 1, 1024);
    }

    /**
     * Where the local Flink of {@code bin/pcw} keeps the jobs' keyed state: {@code hashmap} (the
     * heap, the default) or {@code rocksdb} (native memory and local disk, checkpointed
     * incrementally). The jobs keep a few hundred bytes per record synced (the versions the guards
     * and the history dedupe have seen), so above about half a million records a 512 MB heap wants
     * {@code rocksdb}. A cluster's own configuration decides there.
     */
    public String stateBackend() {
        String b = get("flink.state_backend").trim().toLowerCase(java.util.Locale.ROOT);
        if (!b.equals("hashmap") && !b.equals("rocksdb")) {
            throw new IllegalArgumentException(
                    "flink.state_backend is '"
                            + get("flink.state_backend").trim()
                            + "': use hashmap (the heap, the default) or rocksdb (for large"
                            + " accounts: state off the heap)");
        }
        return b;
    }

    /**
     * How often the job checkpoints; at least 100 ms, because pcw's commits (bronze, silver, change
     * events, run ends) all happen at checkpoints.
     */
    public Duration checkpointInterval() {
        Duration d = duration("flink.checkpoint_interval");
        if (d.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "flink.checkpoint_interval is '"
                            + get("flink.checkpoint_interval").trim()
                            + "': it must be at least 100ms (pcw commits bronze, silver, events"
                            + " and run ends at checkpoints; 30s is the default)");
        }
        return d;
    }

    /**
     * Whether the job reads Partner Central's events: {@code mode: streaming}, or {@code hybrid}
     * with an events stream (hybrid without one, as in the seed's connectors.yaml, syncs on the
     * schedule only).
     */
    public boolean eventDriven() {
        return mode().equals("streaming") || (mode().equals("hybrid") && !eventsStream().isEmpty());
    }

    /** The Kinesis stream an EventBridge rule fills with Partner Central's events. */
    public String eventsStream() {
        return get(PC + "events.stream").trim();
    }

    /** Events for one record within this window cost one fetch. */
    public Duration eventsDedupeWindow() {
        return duration(PC + "events.dedupe_window");
    }

    /**
     * The share of the account's read quota that event-driven fetches may use in hybrid and
     * streaming modes; the scheduled syncs use the rest. 1 in batch mode (no event fetches).
     */
    public double eventsQuotaShare() {
        double share = doubleValue(PC + "quota.events_share");
        if (share <= 0 || share >= 1) {
            throw new IllegalArgumentException(
                    PC
                            + "quota.events_share is "
                            + get(PC + "quota.events_share")
                            + ": use a number between 0 and 1 (exclusive), e.g. 0.3");
        }
        return share;
    }

    public Duration duration(String key) {
        String s = get(key).trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            } else if (s.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            } else if (s.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            } else if (s.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            } else if (s.endsWith("d")) {
                return Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            return Duration.ofMillis(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + " is '" + s + "': use e.g. 500ms, 30s, 5m, 12h or 7d");
        }
    }

    /**
     * How long {@code pcw maintain} keeps snapshots ({@code maintenance.snapshot_retention},
     * default 7d): the reach of time travel and of a savepoint restore.
     */
    public Duration snapshotRetention() {
        return duration("maintenance.snapshot_retention");
    }

    /**
     * The fewest snapshots {@code pcw maintain} keeps per table ({@code maintenance.retain_last}).
     */
    public int retainLast() {
        return positiveInt("maintenance.retain_last");
    }

    /**
     * The size compaction aims its files at, in bytes ({@code maintenance.target_file_size_mb}).
     */
    public long targetFileSize() {
        return positiveInt("maintenance.target_file_size_mb") * (1L << 20);
    }

    private int positiveInt(String key) {
        String v = get(key).trim();
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(key + " is '" + v + "': use a whole number above 0");
    }

    /** Where partner tier files are read: a local folder or an {@code s3://} prefix. */
    public String tierInput() {
        return get(TIERS + "input").trim();
    }

    /** How often the partner-tiers job looks at its input folder in unbounded mode. */
    public Duration tierPollInterval() {
        Duration d = duration(TIERS + "poll_interval");
        if (d.toMillis() < 100) {
            throw new IllegalArgumentException(
                    TIERS
                            + "poll_interval is '"
                            + get(TIERS + "poll_interval").trim()
                            + "': at least 100ms (10s is the default)");
        }
        return d;
    }

    /**
     * The tier and OEM names: the seed's, plus {@code partner_tiers.tiers.<written>: <stored>} and
     * {@code partner_tiers.oems.<written>: <stored>}.
     */
    public dev.pcw.schemas.tiers.TierVocabulary tierVocabulary() {
        return dev.pcw.schemas.tiers.TierVocabulary.fromConfig(values, TIERS);
    }

    /** The Obsidian vault ({@code VAULT_ROOT}); null when unset. */
    public Path vault() {
        String v = get(TIERS + "vault").trim();
        return v.isEmpty() ? null : Path.of(v);
    }

    /** Whether Obsidian notes start with properties (YAML front matter) by default. */
    public boolean obsidianProperties() {
        return Boolean.parseBoolean(get(TIERS + "obsidian_properties").trim());
    }

    /** The folder for local state: lake, metadata DB, checkpoints. */
    public Path home() {
        return Path.of(get("home"));
    }

    /** The {@code lake.*} keys, for the lake module's {@code LakeConfig}. */
    public Map<String, String> lakeProperties() {
        Map<String, String> out = new TreeMap<>();
        values.forEach(
                (k, val) -> {
                    if (k.startsWith("lake.")) {
                        out.put(k, val);
                    }
                });
        return out;
    }

    public PartnerCentralClientConfig clientConfig() {
        PartnerCentralClientConfig.Builder b =
                PartnerCentralClientConfig.builder()
                        .readRate(doubleValue(PC + "quota.read_rate"))
                        .readDaily(longValue(PC + "quota.read_daily"))
                        .writeRate(doubleValue(PC + "quota.write_rate"))
                        .writeDaily(longValue(PC + "quota.write_daily"))
                        .maxAttempts(intValue(PC + "max_attempts", 1, 100));
        String endpoint = get(PC + "endpoint");
        if (!endpoint.isBlank()) {
            b.endpoint(URI.create(endpoint.trim()));
        }
        if (!get(PC + "access_key_id").isBlank()) {
            b.staticCredentials(get(PC + "access_key_id"), get(PC + "secret_access_key"));
        }
        String role = get(PC + "role_arn").trim();
        String externalId = get(PC + "external_id").trim();
        if (!role.isEmpty()) {
            if (!role.matches("arn:aws[a-z-]*:iam::[0-9]{12}:role/.+")) {
                throw new IllegalArgumentException(
                        PC
                                + "role_arn is '"
                                + role
                                + "': use a role ARN, e.g. arn:aws:iam::111122223333:role/pcw-partnercentral");
            }
            b.assumeRole(role, externalId.isEmpty() ? null : externalId);
        } else if (!externalId.isEmpty()) {
            throw new IllegalArgumentException(
                    PC + "external_id is set without " + PC + "role_arn: set the role to assume");
        }
        if (!get(PC + "sts_endpoint").isBlank()) {
            b.stsEndpoint(URI.create(get(PC + "sts_endpoint").trim()));
        }
        catalogCredentials().forEach(b::catalogCredentials);
        return b.build();
    }

    /**
     * The catalogs whose calls use credentials of their own: {@code
     * connectors.partner_central.catalog_credentials.<catalog>.role_arn} (with {@code
     * .external_id}), and base keys from {@code .credentials_secret} (else the client's base: its
     * keys, its secret or the default chain). Every other catalog uses the client's credentials.
     *
     * @throws IllegalArgumentException for a catalog not synced, or an external id without a role
     */
    public java.util.SortedMap<String, PartnerCentralClientConfig.CatalogCredentials>
            catalogCredentials() {
        java.util.SortedMap<String, PartnerCentralClientConfig.CatalogCredentials> out =
                new TreeMap<>();
        List<String> synced = new ArrayList<>();
        for (Catalog c : catalogs()) {
            synced.add(c.wireName());
        }
        for (Catalog cat : Catalog.values()) {
            String c = cat.wireName();
            String at = PC + "catalog_credentials." + c + ".";
            String role = get(at + "role_arn").trim();
            String externalId = get(at + "external_id").trim();
            String key = get(at + "access_key_id").trim();
            boolean set =
                    !role.isEmpty()
                            || !externalId.isEmpty()
                            || !key.isEmpty()
                            || !get(at + "credentials_secret").isBlank();
            if (!set) {
                continue;
            }
            if (!synced.contains(c)) {
                throw new IllegalArgumentException(
                        at
                                + "* is set, but "
                                + c
                                + " is not in "
                                + PC
                                + "catalogs ("
                                + String.join(", ", synced)
                                + "): add the catalog or remove its credentials");
            }
            if (!role.isEmpty() && !role.matches("arn:aws[a-z-]*:iam::[0-9]{12}:role/.+")) {
                throw new IllegalArgumentException(
                        at
                                + "role_arn is '"
                                + role
                                + "': use a role ARN, e.g. arn:aws:iam::111122223333:role/pcw-sandbox");
            }
            if (role.isEmpty() && key.isEmpty()) {
                throw new IllegalArgumentException(
                        at
                                + " needs role_arn (a role to assume) or credentials_secret (keys of"
                                + " its own)"
                                + (externalId.isEmpty() ? "" : ": external_id goes with role_arn"));
            }
            out.put(
                    c,
                    new PartnerCentralClientConfig.CatalogCredentials(
                            role.isEmpty() ? null : role,
                            externalId.isEmpty() ? null : externalId,
                            key.isEmpty() ? null : key,
                            key.isEmpty() ? null : get(at + "secret_access_key")));
        }
        return out;
    }

    private int intValue(String key, int min, int max) {
        long v = longValue(key);
        if (v < min || v > max) {
            throw new IllegalArgumentException(key + " is " + v + ": use " + min + " to " + max);
        }
        return (int) v;
    }

    private long longValue(String key) {
        try {
            return Long.parseLong(get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + " is '" + get(key) + "': a whole number is needed");
        }
    }

    private double doubleValue(String key) {
        try {
            return Double.parseDouble(get(key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is '" + get(key) + "': a number is needed");
        }
    }

    /**
     * {@code dead_letters.payload}: {@code redacted} (the default: the row keeps the payload with
     * its personal data taken out, bronze keeps it whole) or {@code full}.
     */
    public boolean redactsDeadLetters() {
        String v = get("dead_letters.payload").trim();
        switch (v) {
            case "redacted":
                return true;
            case "full":
                return false;
            default:
                throw new IllegalArgumentException(
                        "dead_letters.payload is '"
                                + v
                                + "': use redacted (personal data taken out; bronze keeps the"
                                + " payload whole) or full");
        }
    }

    /**
     * {@code silver.personal_data}: {@code keep} (the default) or {@code omit} (the columns that
     * can hold personal data stay null; bronze keeps the payloads whole).
     */
    public boolean omitsPersonalData() {
        String v = get("silver.personal_data").trim();
        if (v.equals("keep") || v.equals("omit")) {
            return v.equals("omit");
        }
        throw new IllegalArgumentException(
                "silver.personal_data is '"
                        + v
                        + "': use keep, or omit to leave the columns that can hold personal data"
                        + " empty");
    }

    /** The metadata DB's URL: {@code metadata.db_url}, or the SQLite file in pcw's home. */
    public String metadataDbUrl() {
        String url = get("metadata.db_url").trim();
        return url.isEmpty() ? dev.pcw.connectors.metadata.MetadataDb.sqliteUrl(home()) : url;
    }

    /** A true/false setting. */
    public boolean flag(String key) {
        return Boolean.parseBoolean(get(key).trim());
    }

    /** Every setting, one per line, secrets masked. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        values.forEach(
                (k, v) -> {
                    boolean secret =
                            SECRETS.contains(k) || k.contains("password") || k.contains("secret");
                    sb.append(k)
                            .append(" = ")
                            .append(secret && !v.isEmpty() ? "****" : v)
                            .append('\n');
                });
        return sb.toString();
    }

    /** All values (secrets included): for passing on to other components, never for printing. */
    public Map<String, String> values() {
        return values;
    }
}
