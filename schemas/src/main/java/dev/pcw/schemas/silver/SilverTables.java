package dev.pcw.schemas.silver;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The one place that defines pcw's silver tables (Glue database / Iceberg namespace {@value
 * #NAMESPACE}): Iceberg schemas, partition specs and table properties, as {@link SilverTable}
 * descriptors that the lake module creates through the Iceberg API.
 *
 * <h2>Field ids are stable</h2>
 *
 * Every field id below is written out and must never change: Iceberg, Parquet files and every
 * engine resolve columns by id, so renumbering, reusing or reordering ids silently reads one
 * column's data as another's. The ids follow the order in which Iceberg's {@code createTable}
 * assigns fresh ids (top-level columns first, then nested fields column by column), so a table
 * created from these schemas gets exactly these ids ({@code SilverTablesTest} checks it, and pins
 * every id in a golden file). To evolve a table, add a column with the next unused id, through
 * {@code UpdateSchema} on the existing table; never remove, rename or reuse an id.
 *
 * <h2>Keys</h2>
 *
 * Partner Central catalogs ({@code AWS}, {@code Sandbox}) are namespaces: the same id may exist in
 * both. Current-state tables are therefore keyed by {@code (catalog, id)}, both required, and
 * written as Flink upserts (equality deletes on the identifier fields). The opportunity history is
 * append-only, one row per {@code (catalog, id, last_modified_date)}; the writing job deduplicates
 * on that key (it is declared as the identifier so every engine sees it), so the table stays free
 * of delete files and readable by every engine.
 *
 * <h2>Partitioning</h2>
 *
 * <ul>
 *   <li>Current tables are unpartitioned. They hold one row per record (thousands to a few million
 *       rows, well under a gigabyte), queries filter on stage, company or dates rather than on id,
 *       and the upsert writer commits on every checkpoint: {@code bucket(16, id)} would multiply
 *       the small data and equality-delete files of each commit by sixteen for no pruning benefit.
 *       Compaction keeps them fast.
 *   <li>{@value #OPPORTUNITY_HISTORY_NAME} is partitioned by {@code month(last_modified_date)}:
 *       history grows with every change, and "as of" and trend queries filter on that column.
 *   <li>{@value #DEAD_LETTERS_NAME} is partitioned by {@code day(at)}: operators look at recent
 *       days.
 * </ul>
 *
 * Only year/month/day/hour/bucket/truncate transforms are allowed (Athena engine v3).
 *
 * <h2>Types</h2>
 *
 * Only types Athena engine v3 reads: string, int, long, double, decimal, boolean, date, timestamp
 * with zone (stored at millisecond precision), list and struct. Never tinyint, smallint, char,
 * time, fixed, uuid, binary, nanosecond timestamps, variant or geospatial types. Money is {@code
 * decimal(20,2)}.
 *
 * <h2>What the runbook's null checks mean</h2>
 *
 * <ul>
 *   <li>{@code customer_company_name IS NULL}: the payload has no {@code Customer.Account} at all
 *       (the model allows it). A {@code CompanyName} missing inside an account never reaches
 *       silver: it is a dead letter ({@code MISSING_REQUIRED}), so look at {@value
 *       #DEAD_LETTERS_NAME} too.
 *   <li>{@code expected_revenue_usd IS NULL}: the opportunity has no Monthly USD line in {@code
 *       Project.ExpectedCustomerSpend} (none estimated yet, or only other currencies, which stay in
 *       {@code spend_lines}). See {@code dev.pcw.schemas.normalize.ExpectedRevenue}.
 * </ul>
 */
public final class SilverTables {
    /** The Glue database / Iceberg namespace of every silver table. */
    public static final String NAMESPACE = "pcw_silver";

    public static final String OPPORTUNITIES_NAME = "partnercentral_opportunities";
    public static final String OPPORTUNITY_HISTORY_NAME = "partnercentral_opportunity_history";
    public static final String SOLUTIONS_NAME = "partnercentral_solutions";
    public static final String ENGAGEMENT_INVITATIONS_NAME =
            "partnercentral_engagement_invitations";
    public static final String ENGAGEMENTS_NAME = "partnercentral_engagements";
    public static final String DEAD_LETTERS_NAME = "dead_letters";

    /**
     * The columns that can hold personal data, whatever the table: free text people type, and the
     * customer's identity and address below the country (personal for a sole trader). {@code
     * silver.personal_data: omit} leaves them null. All are optional columns.
     */
    public static final java.util.Set<String> PERSONAL_DATA_COLUMNS =
            java.util.Set.of(
                    "project_title",
                    "review_comments",
                    "other_competitor_names",
                    "marketing_campaign_name",
                    "customer_company_name",
                    "customer_website_url",
                    "customer_duns",
                    "customer_aws_account_id",
                    "customer_city",
                    "customer_state_or_region",
                    "customer_postal_code");

    public static final String PARTNER_TIERS_NAME = "partner_tiers";
    public static final String PARTNER_TIER_HISTORY_NAME = "partner_tier_history";

    /** Money: amounts are strings with two decimals on the wire; 18 integer digits is plenty. */
    public static final Types.DecimalType MONEY = Types.DecimalType.of(20, 2);

    /** Properties every silver table is created with. */
    private static final Map<String, String> COMMON_PROPERTIES =
            props(
                    "format-version", "2",
                    "write.format.default", "parquet",
                    "write.parquet.compression-codec", "zstd",
                    // Flink commits on every checkpoint: keep the metadata folder bounded.
                    "write.metadata.delete-after-commit.enabled", "true",
                    "write.metadata.previous-versions-max", "100");

    private static final Map<String, String> UPSERT_PROPERTIES =
            with(COMMON_PROPERTIES, "write.upsert.enabled", "true");

    private static final Set<Integer> CATALOG_AND_ID = Set.of(1, 2);

    /** Opportunities, current state: one row per (catalog, id), upserted. */
    public static final SilverTable OPPORTUNITIES =
            new SilverTable(
                    NAMESPACE,
                    OPPORTUNITIES_NAME,
                    "Partner Central opportunities, current state: one row per (catalog, id).",
                    new Schema(opportunityColumns(), CATALOG_AND_ID),
                    PartitionSpec.unpartitioned(),
                    UPSERT_PROPERTIES,
                    true);

    /** Every opportunity version seen: one row per (catalog, id, last_modified_date), appended. */
    public static final SilverTable OPPORTUNITY_HISTORY;

    static {
        // The same columns as the current table, so one row map serves both.
        Schema schema = new Schema(opportunityColumns(), Set.of(1, 2, 13));
        OPPORTUNITY_HISTORY =
                new SilverTable(
                        NAMESPACE,
                        OPPORTUNITY_HISTORY_NAME,
                        "Partner Central opportunities, every version seen: one row per (catalog,"
                                + " id, last_modified_date), append-only.",
                        schema,
                        PartitionSpec.builderFor(schema).month("last_modified_date").build(),
                        COMMON_PROPERTIES,
                        false);
    }

    /** Solutions (ListSolutions items), current state. */
    public static final SilverTable SOLUTIONS =
            new SilverTable(
                    NAMESPACE,
                    SOLUTIONS_NAME,
                    "Partner Central solutions, current state: one row per (catalog, id).",
                    new Schema(
                            Arrays.asList(
                                    required(
                                            1,
                                            "catalog",
                                            Types.StringType.get(),
                                            "Partner Central catalog: AWS or Sandbox"),
                                    required(
                                            2,
                                            "id",
                                            Types.StringType.get(),
                                            "Solution id (S- + digits)"),
                                    optional(3, "arn", Types.StringType.get()),
                                    optional(4, "name", Types.StringType.get()),
                                    optional(5, "status", Types.StringType.get()),
                                    optional(6, "category", Types.StringType.get()),
                                    required(7, "created_date", Types.TimestampType.withZone()),
                                    optional(
                                            8,
                                            "unknown_values",
                                            Types.ListType.ofRequired(12, Types.StringType.get()),
                                            "Enum values the model does not know, as Member.Path=value"),
                                    optional(
                                            9,
                                            "fetched_at",
                                            Types.TimestampType.withZone(),
                                            "When pcw fetched the payload (bronze envelope)"),
                                    required(
                                            10,
                                            "updated_at",
                                            Types.TimestampType.withZone(),
                                            "When pcw fetched the version this row holds (the fetched_at bronze keeps, so a replay writes the same value)"),
                                    required(
                                            11,
                                            "run_id",
                                            Types.StringType.get(),
                                            "The ingestion run that fetched the payload")),
                            CATALOG_AND_ID),
                    PartitionSpec.unpartitioned(),
                    UPSERT_PROPERTIES,
                    true);

    /** Engagement invitations (opportunity and lead invitations), current state. */
    public static final SilverTable ENGAGEMENT_INVITATIONS =
            new SilverTable(
                    NAMESPACE,
                    ENGAGEMENT_INVITATIONS_NAME,
                    "Partner Central engagement invitations (opportunity and lead invitations),"
                            + " current state: one row per (catalog, id).",
                    new Schema(
                            Arrays.asList(
                                    required(
                                            1,
                                            "catalog",
                                            Types.StringType.get(),
                                            "Partner Central catalog: AWS or Sandbox"),
                                    required(
                                            2,
                                            "id",
                                            Types.StringType.get(),
                                            "Engagement invitation id (engi-...)"),
                                    optional(3, "arn", Types.StringType.get()),
                                    optional(
                                            4,
                                            "payload_type",
                                            Types.StringType.get(),
                                            "OpportunityInvitation or LeadInvitation"),
                                    optional(5, "engagement_id", Types.StringType.get()),
                                    optional(6, "engagement_title", Types.StringType.get()),
                                    optional(7, "engagement_description", Types.StringType.get()),
                                    optional(8, "status", Types.StringType.get()),
                                    optional(9, "invitation_date", Types.TimestampType.withZone()),
                                    optional(10, "expiration_date", Types.TimestampType.withZone()),
                                    optional(11, "sender_aws_account_id", Types.StringType.get()),
                                    optional(12, "sender_company_name", Types.StringType.get()),
                                    optional(13, "receiver_aws_account_id", Types.StringType.get()),
                                    optional(14, "receiver_alias", Types.StringType.get()),
                                    optional(15, "rejection_reason", Types.StringType.get()),
                                    optional(16, "invitation_message", Types.StringType.get()),
                                    optional(17, "customer_company_name", Types.StringType.get()),
                                    optional(18, "customer_industry", Types.StringType.get()),
                                    optional(19, "customer_website_url", Types.StringType.get()),
                                    optional(20, "customer_country_code", Types.StringType.get()),
                                    optional(
                                            21,
                                            "customer_aws_maturity",
                                            Types.StringType.get(),
                                            "Lead invitations only"),
                                    optional(
                                            22,
                                            "customer_market_segment",
                                            Types.StringType.get(),
                                            "Lead invitations only"),
                                    optional(
                                            23,
                                            "project_title",
                                            Types.StringType.get(),
                                            "Opportunity invitations only"),
                                    optional(
                                            24,
                                            "project_target_completion_date",
                                            Types.DateType.get(),
                                            "Opportunity invitations only"),
                                    optional(
                                            25,
                                            "receiver_responsibilities",
                                            Types.ListType.ofRequired(38, Types.StringType.get()),
                                            "Opportunity invitations only"),
                                    optional(
                                            26,
                                            "spend_lines",
                                            spendLines(39, 40),
                                            "Opportunity invitations only: Project.ExpectedCustomerSpend as sent"),
                                    optional(
                                            27,
                                            "expected_monthly_revenue_usd",
                                            MONEY,
                                            "Sum of the Monthly USD spend lines; null when there is none"),
                                    optional(
                                            28,
                                            "expected_revenue_usd",
                                            MONEY,
                                            "Annualized: 12 x expected_monthly_revenue_usd; null when there is no Monthly USD spend line"),
                                    optional(
                                            29,
                                            "lead_source_type",
                                            Types.StringType.get(),
                                            "Lead invitations only"),
                                    optional(
                                            30,
                                            "lead_source_id",
                                            Types.StringType.get(),
                                            "Lead invitations only"),
                                    optional(
                                            31,
                                            "lead_source_name",
                                            Types.StringType.get(),
                                            "Lead invitations only"),
                                    optional(
                                            32,
                                            "lead_use_case",
                                            Types.StringType.get(),
                                            "Lead invitations only"),
                                    optional(
                                            33,
                                            "existing_member_company_names",
                                            Types.ListType.ofRequired(46, Types.StringType.get())),
                                    optional(
                                            34,
                                            "unknown_values",
                                            Types.ListType.ofRequired(47, Types.StringType.get()),
                                            "Enum values the model does not know, as Member.Path=value"),
                                    optional(
                                            35,
                                            "fetched_at",
                                            Types.TimestampType.withZone(),
                                            "When pcw fetched the payload (bronze envelope)"),
                                    required(
                                            36,
                                            "updated_at",
                                            Types.TimestampType.withZone(),
                                            "When pcw fetched the version this row holds (the fetched_at bronze keeps, so a replay writes the same value)"),
                                    required(
                                            37,
                                            "run_id",
                                            Types.StringType.get(),
                                            "The ingestion run that fetched the payload")),
                            CATALOG_AND_ID),
                    PartitionSpec.unpartitioned(),
                    UPSERT_PROPERTIES,
                    true);

    /** Engagements (customer project and lead contexts), current state. */
    public static final SilverTable ENGAGEMENTS =
            new SilverTable(
                    NAMESPACE,
                    ENGAGEMENTS_NAME,
                    "Partner Central engagements (customer project and lead contexts), current"
                            + " state: one row per (catalog, id).",
                    new Schema(
                            Arrays.asList(
                                    required(
                                            1,
                                            "catalog",
                                            Types.StringType.get(),
                                            "Partner Central catalog: AWS or Sandbox (from the bronze envelope: GetEngagement does not echo it)"),
                                    required(
                                            2,
                                            "id",
                                            Types.StringType.get(),
                                            "Engagement id (eng-...)"),
                                    optional(3, "arn", Types.StringType.get()),
                                    optional(4, "title", Types.StringType.get()),
                                    optional(5, "description", Types.StringType.get()),
                                    optional(6, "created_at", Types.TimestampType.withZone()),
                                    optional(7, "created_by", Types.StringType.get()),
                                    optional(8, "modified_at", Types.TimestampType.withZone()),
                                    optional(9, "modified_by", Types.StringType.get()),
                                    optional(10, "member_count", Types.IntegerType.get()),
                                    optional(
                                            11,
                                            "context_types",
                                            Types.ListType.ofRequired(30, Types.StringType.get()),
                                            "Contexts[].Type in payload order"),
                                    optional(
                                            12,
                                            "customer_company_name",
                                            Types.StringType.get(),
                                            "From the first CustomerProject context, else the first Lead context"),
                                    optional(13, "customer_industry", Types.StringType.get()),
                                    optional(14, "customer_website_url", Types.StringType.get()),
                                    optional(15, "customer_country_code", Types.StringType.get()),
                                    optional(
                                            16,
                                            "customer_city",
                                            Types.StringType.get(),
                                            "Lead contexts only"),
                                    optional(
                                            17,
                                            "customer_state_or_region",
                                            Types.StringType.get(),
                                            "Lead contexts only"),
                                    optional(
                                            18,
                                            "customer_postal_code",
                                            Types.StringType.get(),
                                            "Lead contexts only"),
                                    optional(
                                            19,
                                            "customer_aws_maturity",
                                            Types.StringType.get(),
                                            "Lead contexts only"),
                                    optional(
                                            20,
                                            "customer_market_segment",
                                            Types.StringType.get(),
                                            "Lead contexts only"),
                                    optional(
                                            21,
                                            "project_title",
                                            Types.StringType.get(),
                                            "CustomerProject contexts only"),
                                    optional(
                                            22,
                                            "project_target_completion_date",
                                            Types.DateType.get(),
                                            "CustomerProject contexts only; null when the text is not yyyy-MM-dd"),
                                    optional(
                                            23,
                                            "lead_qualification_status",
                                            Types.StringType.get(),
                                            "Lead contexts only"),
                                    optional(
                                            24,
                                            "lead_interaction_count",
                                            Types.IntegerType.get(),
                                            "Lead contexts only"),
                                    optional(
                                            25,
                                            "lead_last_interaction_date",
                                            Types.TimestampType.withZone(),
                                            "Lead contexts only: the newest Interactions[].InteractionDate"),
                                    optional(
                                            26,
                                            "unknown_values",
                                            Types.ListType.ofRequired(31, Types.StringType.get()),
                                            "Enum values the model does not know, as Member.Path=value"),
                                    optional(
                                            27,
                                            "fetched_at",
                                            Types.TimestampType.withZone(),
                                            "When pcw fetched the payload (bronze envelope)"),
                                    required(
                                            28,
                                            "updated_at",
                                            Types.TimestampType.withZone(),
                                            "When pcw fetched the version this row holds (the fetched_at bronze keeps, so a replay writes the same value)"),
                                    required(
                                            29,
                                            "run_id",
                                            Types.StringType.get(),
                                            "The ingestion run that fetched the payload")),
                            CATALOG_AND_ID),
                    PartitionSpec.unpartitioned(),
                    UPSERT_PROPERTIES,
                    true);

    /** Payloads that could not be normalized, with the reason; appended. */
    public static final SilverTable DEAD_LETTERS;

    static {
        Schema schema =
                new Schema(
                        required(
                                1,
                                "source",
                                Types.StringType.get(),
                                "What produced the payload: partnercentral"),
                        optional(
                                2,
                                "entity",
                                Types.StringType.get(),
                                "Configured entity name (opportunities, solutions, ...)"),
                        optional(3, "catalog", Types.StringType.get()),
                        optional(
                                4,
                                "operation",
                                Types.StringType.get(),
                                "API operation that returned the payload"),
                        optional(
                                5,
                                "record_id",
                                Types.StringType.get(),
                                "The record's Id when it could be read, else null"),
                        required(
                                6,
                                "reason_code",
                                Types.StringType.get(),
                                "INVALID_JSON, NOT_AN_OBJECT, MISSING_REQUIRED, WRONG_TYPE, INVALID_VALUE, CATALOG_MISMATCH, UNSUPPORTED_OPERATION, INVALID_ENVELOPE, INTERNAL_ERROR"),
                        required(
                                7,
                                "reason",
                                Types.StringType.get(),
                                "What is wrong, precise enough to act on"),
                        required(
                                8,
                                "raw_payload",
                                Types.StringType.get(),
                                "The payload exactly as bronze keeps it"),
                        optional(9, "run_id", Types.StringType.get()),
                        optional(
                                10,
                                "request_id",
                                Types.StringType.get(),
                                "AWS request id of the call"),
                        optional(11, "fetched_at", Types.TimestampType.withZone()),
                        required(
                                12,
                                "at",
                                Types.TimestampType.withZone(),
                                "When the payload was fetched (bronze's fetched_at; a replay gives the same); for partner tier files, when the file was refused"));
        DEAD_LETTERS =
                new SilverTable(
                        NAMESPACE,
                        DEAD_LETTERS_NAME,
                        "Payloads pcw could not normalize, kept verbatim with the reason;"
                                + " append-only.",
                        schema,
                        PartitionSpec.builderFor(schema).day("at").build(),
                        COMMON_PROPERTIES,
                        false);
    }

    /**
     * Partner tiers, current state: one row per (oem, name). The partner-tiers job, the sidecar and
     * the CLI rewrite it in one Iceberg commit per apply (copy-on-write: it stays free of delete
     * files, so every engine reads it without compaction); the key columns hold the stored
     * spelling, and pcw keeps them unique after case-folding.
     */
    public static final SilverTable PARTNER_TIERS;

    /** Every partner tier version an apply stored: one row per (oem, name, apply_id), appended. */
    public static final SilverTable PARTNER_TIER_HISTORY;

    static {
        PARTNER_TIERS =
                new SilverTable(
                        NAMESPACE,
                        PARTNER_TIERS_NAME,
                        "OEM partner tiers, current state: one row per (oem, name), from partner"
                                + " tier files.",
                        new Schema(partnerTierColumns(false), Set.of(1, 2)),
                        PartitionSpec.unpartitioned(),
                        COMMON_PROPERTIES,
                        false);
        PARTNER_TIER_HISTORY =
                new SilverTable(
                        NAMESPACE,
                        PARTNER_TIER_HISTORY_NAME,
                        "Every partner tier version stored: one row per (oem, name, apply_id),"
                                + " append-only.",
                        new Schema(partnerTierColumns(true), Set.of(1, 2, 9)),
                        PartitionSpec.unpartitioned(),
                        COMMON_PROPERTIES,
                        false);
    }

    private static final List<SilverTable> ALL =
            List.of(
                    OPPORTUNITIES,
                    OPPORTUNITY_HISTORY,
                    SOLUTIONS,
                    ENGAGEMENT_INVITATIONS,
                    ENGAGEMENTS,
                    DEAD_LETTERS);

    private static final List<SilverTable> PARTNER_TIER_TABLES =
            List.of(PARTNER_TIERS, PARTNER_TIER_HISTORY);

    private static final List<SilverTable> EVERY =
            List.of(
                    OPPORTUNITIES,
                    OPPORTUNITY_HISTORY,
                    SOLUTIONS,
                    ENGAGEMENT_INVITATIONS,
                    ENGAGEMENTS,
                    DEAD_LETTERS,
                    PARTNER_TIERS,
                    PARTNER_TIER_HISTORY);

    private SilverTables() {}

    /** The ingest job's silver tables (Partner Central and dead letters), in creation order. */
    public static List<SilverTable> all() {
        return ALL;
    }

    /** The partner-tier tables: {@code partner_tiers} and {@code partner_tier_history}. */
    public static List<SilverTable> partnerTiers() {
        return PARTNER_TIER_TABLES;
    }

    /** Every table pcw writes: {@link #all()} then {@link #partnerTiers()}. */
    public static List<SilverTable> everyTable() {
        return EVERY;
    }

    /**
     * The table called {@code name} (unqualified, or qualified with {@value #NAMESPACE}).
     *
     * @throws IllegalArgumentException naming the known tables
     */
    public static SilverTable byName(String name) {
        String n = name == null ? "" : name.trim();
        if (n.startsWith(NAMESPACE + ".")) {
            n = n.substring(NAMESPACE.length() + 1);
        }
        for (SilverTable t : EVERY) {
            if (t.name().equals(n)) {
                return t;
            }
        }
        StringBuilder names = new StringBuilder();
        for (SilverTable t : EVERY) {
            names.append(names.length() == 0 ? "" : ", ").append(t.name());
        }
        throw new IllegalArgumentException(
                "Unknown silver table '" + name + "': use one of " + names);
    }

    /** The partner tier columns; the history adds what each version's apply did. */
    private static List<Types.NestedField> partnerTierColumns(boolean history) {
        List<Types.NestedField> c =
                new java.util.ArrayList<>(
                        Arrays.asList(
                                required(
                                        1,
                                        "oem",
                                        Types.StringType.get(),
                                        "OEM, canonical spelling (Cisco, HPE, VMware, ...)"),
                                required(2, "name", Types.StringType.get(), "Partner name"),
                                required(
                                        3,
                                        "tier",
                                        Types.StringType.get(),
                                        "Tier in the OEM's program, normalized (Gold, Premier, ...)"),
                                required(4, "program", Types.StringType.get(), "Partner program"),
                                optional(5, "poc", Types.StringType.get(), "Point of contact"),
                                optional(6, "notes", Types.StringType.get()),
                                required(
                                        7,
                                        "created_at",
                                        Types.TimestampType.withZone(),
                                        "When the partner was first stored (or the file's created_at)"),
                                required(
                                        8,
                                        "updated_at",
                                        Types.TimestampType.withZone(),
                                        "When this version was stored (or the file's updated_at for a new partner)"),
                                required(
                                        9,
                                        "apply_id",
                                        Types.StringType.get(),
                                        "The apply that stored this version (one Iceberg commit)"),
                                optional(
                                        10,
                                        "source_file",
                                        Types.StringType.get(),
                                        "The input file the record came from")));
        if (!history) {
            c.add(
                    optional(
                            11,
                            "content_hash",
                            Types.LongType.get(),
                            "Hash of name, tier, program, oem, poc and notes: a dry run diffs on it"
                                    + " without reading every column"));
        }
        if (history) {
            c.add(
                    required(
                            11,
                            "change",
                            Types.StringType.get(),
                            "added or updated: what the apply did to the partner"));
            c.add(
                    required(
                            12,
                            "applied_at",
                            Types.TimestampType.withZone(),
                            "When the apply committed"));
            c.add(
                    optional(
                            13,
                            "changed_fields",
                            Types.ListType.ofRequired(15, Types.StringType.get()),
                            "For an update: the fields that changed (name, tier, program, oem, poc,"
                                    + " notes)"));
            c.add(
                    optional(
                            14,
                            "previous",
                            Types.StructType.of(
                                    optional(16, "name", Types.StringType.get()),
                                    optional(17, "tier", Types.StringType.get()),
                                    optional(18, "program", Types.StringType.get()),
                                    optional(19, "oem", Types.StringType.get()),
                                    optional(20, "poc", Types.StringType.get()),
                                    optional(21, "notes", Types.StringType.get()),
                                    optional(22, "updated_at", Types.TimestampType.withZone())),
                            "For an update: the version it replaced"));
        }
        return c;
    }

    /**
     * The opportunity columns, shared by the current and the history table (a new list each call:
     * {@link Schema} keeps its own copy).
     */
    private static List<Types.NestedField> opportunityColumns() {
        return Arrays.asList(
                required(
                        1,
                        "catalog",
                        Types.StringType.get(),
                        "Partner Central catalog: AWS or Sandbox (a namespace: ids are unique per catalog)"),
                required(2, "id", Types.StringType.get(), "Opportunity id (O + digits)"),
                optional(3, "arn", Types.StringType.get()),
                optional(
                        4,
                        "partner_opportunity_identifier",
                        Types.StringType.get(),
                        "The partner's own CRM id"),
                optional(5, "opportunity_type", Types.StringType.get()),
                optional(
                        6,
                        "stage",
                        Types.StringType.get(),
                        "LifeCycle.Stage as sent; values the model does not know pass through (see unknown_values)"),
                optional(
                        7,
                        "review_status",
                        Types.StringType.get(),
                        "LifeCycle.ReviewStatus as sent"),
                optional(8, "review_status_reason", Types.StringType.get()),
                optional(9, "review_comments", Types.StringType.get()),
                optional(10, "closed_lost_reason", Types.StringType.get()),
                optional(11, "target_close_date", Types.DateType.get()),
                required(12, "created_date", Types.TimestampType.withZone()),
                required(
                        13,
                        "last_modified_date",
                        Types.TimestampType.withZone(),
                        "Partner Central's LastModifiedDate (ms precision)"),
                optional(
                        14,
                        "customer_company_name",
                        Types.StringType.get(),
                        "Customer.Account.CompanyName; null only when the payload has no Customer.Account"),
                optional(15, "customer_industry", Types.StringType.get()),
                optional(16, "customer_other_industry", Types.StringType.get()),
                optional(17, "customer_website_url", Types.StringType.get()),
                optional(18, "customer_aws_account_id", Types.StringType.get()),
                optional(19, "customer_duns", Types.StringType.get()),
                optional(20, "customer_city", Types.StringType.get()),
                optional(21, "customer_state_or_region", Types.StringType.get()),
                optional(22, "customer_postal_code", Types.StringType.get()),
                optional(23, "customer_country_code", Types.StringType.get()),
                optional(24, "project_title", Types.StringType.get()),
                optional(25, "customer_use_case", Types.StringType.get()),
                optional(
                        26,
                        "delivery_models",
                        Types.ListType.ofRequired(54, Types.StringType.get())),
                optional(
                        27,
                        "sales_activities",
                        Types.ListType.ofRequired(55, Types.StringType.get())),
                optional(
                        28,
                        "primary_needs_from_aws",
                        Types.ListType.ofRequired(56, Types.StringType.get())),
                optional(29, "competitor_name", Types.StringType.get()),
                optional(30, "other_competitor_names", Types.StringType.get()),
                optional(31, "related_opportunity_id", Types.StringType.get()),
                optional(32, "apn_programs", Types.ListType.ofRequired(57, Types.StringType.get())),
                optional(33, "national_security", Types.StringType.get()),
                optional(
                        34,
                        "related_solution_ids",
                        Types.ListType.ofRequired(58, Types.StringType.get())),
                optional(
                        35,
                        "aws_product_ids",
                        Types.ListType.ofRequired(59, Types.StringType.get())),
                optional(
                        36,
                        "aws_marketplace_offer_ids",
                        Types.ListType.ofRequired(60, Types.StringType.get())),
                optional(
                        37,
                        "spend_lines",
                        spendLines(61, 62),
                        "Project.ExpectedCustomerSpend as sent, every currency and frequency"),
                optional(
                        38,
                        "expected_monthly_revenue_usd",
                        MONEY,
                        "Sum of the Monthly USD spend lines; null when there is none"),
                optional(
                        39,
                        "expected_revenue_usd",
                        MONEY,
                        "Annualized: 12 x expected_monthly_revenue_usd; null when there is no Monthly USD spend line"),
                optional(40, "marketing_source", Types.StringType.get()),
                optional(41, "marketing_campaign_name", Types.StringType.get()),
                optional(
                        42,
                        "marketing_channels",
                        Types.ListType.ofRequired(68, Types.StringType.get())),
                optional(
                        43,
                        "marketing_use_cases",
                        Types.ListType.ofRequired(69, Types.StringType.get())),
                optional(44, "marketing_aws_funding_used", Types.StringType.get()),
                optional(45, "software_revenue_model", Types.StringType.get()),
                optional(46, "software_revenue_amount", MONEY),
                optional(47, "software_revenue_currency", Types.StringType.get()),
                optional(48, "software_revenue_effective_date", Types.DateType.get()),
                optional(49, "software_revenue_expiration_date", Types.DateType.get()),
                optional(
                        50,
                        "unknown_values",
                        Types.ListType.ofRequired(70, Types.StringType.get()),
                        "Enum values the model does not know, as Member.Path=value"),
                optional(
                        51,
                        "fetched_at",
                        Types.TimestampType.withZone(),
                        "When pcw fetched the payload (bronze envelope)"),
                required(
                        52,
                        "updated_at",
                        Types.TimestampType.withZone(),
                        "When pcw fetched the version this row holds (the fetched_at bronze keeps, so a replay writes the same value)"),
                required(
                        53,
                        "run_id",
                        Types.StringType.get(),
                        "The ingestion run that fetched the payload"));
    }

    /** {@code list<struct<…>>} of Partner Central {@code ExpectedCustomerSpend} lines. */
    private static Types.ListType spendLines(int elementId, int firstFieldId) {
        int id = firstFieldId;
        return Types.ListType.ofRequired(
                elementId,
                Types.StructType.of(
                        required(id++, "amount", Types.StringType.get(), "Amount exactly as sent"),
                        required(
                                id++,
                                "amount_decimal",
                                MONEY,
                                "Amount as decimal(20,2), rounded half-even to cents"),
                        required(id++, "currency_code", Types.StringType.get()),
                        required(id++, "frequency", Types.StringType.get()),
                        required(id++, "target_company", Types.StringType.get()),
                        optional(id, "estimation_url", Types.StringType.get())));
    }

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return Collections.unmodifiableMap(m);
    }
}
