package dev.pcw.schemas.events;

import dev.pcw.schemas.silver.SilverRow;
import dev.pcw.schemas.silver.SilverTables;
import io.cloudevents.CloudEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Fixed silver rows in two versions per entity, and the golden event of every type from them. */
final class EventFixtures {
    static final Instant OPPORTUNITY_V1_MODIFIED = Instant.parse("2026-11-19T05:52:50.662Z");
    static final Instant OPPORTUNITY_V2_MODIFIED = Instant.parse("2026-11-21T09:15:00.000Z");

    private EventFixtures() {}

    static SilverRow.Builder opportunityBuilder() {
        return SilverRow.builder(SilverTables.OPPORTUNITIES)
                .set("catalog", "AWS")
                .set("id", "O2315351")
                .set(
                        "arn",
                        "arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/opportunity/O2315351")
                .set("opportunity_type", "Net New Business")
                .set("stage", "Prospect")
                .set("review_status", "Submitted")
                .set("target_close_date", LocalDate.parse("2027-03-31"))
                .set("created_date", Instant.parse("2026-10-15T02:00:37.284Z"))
                .set("last_modified_date", OPPORTUNITY_V1_MODIFIED)
                .set("customer_company_name", "Keystone Biotech plc")
                .set("customer_country_code", "US")
                .set("project_title", "Generative AI assistant")
                .set("delivery_models", Arrays.asList("SaaS or PaaS"))
                .set("expected_monthly_revenue_usd", new BigDecimal("10000.00"))
                .set("expected_revenue_usd", new BigDecimal("120000.00"))
                .set("unknown_values", Collections.emptyList())
                .set("fetched_at", Instant.parse("2026-11-20T03:00:00.250Z"))
                .set("updated_at", Instant.parse("2026-11-20T03:00:05.123Z"))
                .set("run_id", "run-20261120-0300");
    }

    static SilverRow opportunityV1() {
        return opportunityBuilder().build();
    }

    /** Stage, review status, target close date, expected revenue and project title changed. */
    static SilverRow opportunityV2() {
        return opportunityBuilder()
                .set("stage", "Qualified")
                .set("review_status", "Approved")
                .set("target_close_date", LocalDate.parse("2027-06-30"))
                .set("expected_monthly_revenue_usd", new BigDecimal("14000.00"))
                .set("expected_revenue_usd", new BigDecimal("168000.00"))
                .set("project_title", "Generative AI assistant on Amazon Bedrock")
                .set("last_modified_date", OPPORTUNITY_V2_MODIFIED)
                .set("fetched_at", Instant.parse("2026-11-22T03:00:00.250Z"))
                .set("updated_at", Instant.parse("2026-11-22T03:00:05.123Z"))
                .set("run_id", "run-20261122-0300")
                .build();
    }

    static SilverRow.Builder solutionBuilder() {
        return SilverRow.builder(SilverTables.SOLUTIONS)
                .set("catalog", "AWS")
                .set("id", "S-1957557")
                .set(
                        "arn",
                        "arn:aws:partnercentral:us-east-1:111122223333:catalog/AWS/solution/S-1957557")
                .set("name", "Keystone Data Platform")
                .set("status", "Draft")
                .set("category", "Software Product")
                .set("created_date", Instant.parse("2026-09-01T10:00:00Z"))
                .set("unknown_values", Collections.emptyList())
                .set("fetched_at", Instant.parse("2026-11-20T03:00:01Z"))
                .set("updated_at", Instant.parse("2026-11-20T03:00:06Z"))
                .set("run_id", "run-20261120-0300");
    }

    static SilverRow solutionV1() {
        return solutionBuilder().build();
    }

    static SilverRow solutionV2() {
        return solutionBuilder()
                .set("status", "Active")
                .set("fetched_at", Instant.parse("2026-11-22T03:00:01Z"))
                .set("updated_at", Instant.parse("2026-11-22T03:00:06Z"))
                .set("run_id", "run-20261122-0300")
                .build();
    }

    static SilverRow.Builder invitationBuilder() {
        return SilverRow.builder(SilverTables.ENGAGEMENT_INVITATIONS)
                .set("catalog", "Sandbox")
                .set("id", "engi-0000001a2b3c4d")
                .set("payload_type", "OpportunityInvitation")
                .set("engagement_id", "eng-0000007e8f9a0b")
                .set("status", "PENDING")
                .set("invitation_date", Instant.parse("2026-11-18T12:00:00Z"))
                .set("expiration_date", Instant.parse("2026-12-03T12:00:00Z"))
                .set("customer_company_name", "Northwind Traders")
                .set("expected_revenue_usd", new BigDecimal("60000.00"))
                .set("unknown_values", Collections.emptyList())
                .set("fetched_at", Instant.parse("2026-11-20T03:00:02Z"))
                .set("updated_at", Instant.parse("2026-11-20T03:00:07Z"))
                .set("run_id", "run-20261120-0300");
    }

    static SilverRow invitationV1() {
        return invitationBuilder().build();
    }

    static SilverRow invitationV2() {
        return invitationBuilder()
                .set("status", "ACCEPTED")
                .set("fetched_at", Instant.parse("2026-11-22T03:00:02Z"))
                .set("updated_at", Instant.parse("2026-11-22T03:00:07Z"))
                .set("run_id", "run-20261122-0300")
                .build();
    }

    static CloudEvent runCompleted() {
        return ChangeEvents.runCompleted(
                "run-20261122-0300",
                "AWS",
                "opportunity",
                "incremental",
                Instant.parse("2026-11-22T03:00:00Z"),
                Instant.parse("2026-11-22T03:04:12.500Z"),
                1250,
                27,
                3,
                1);
    }

    /** Every change event of the fixtures: created from v1, then the changes from v1 to v2. */
    static List<ChangeEvent> allChanges() {
        ChangeDetector detector = new ChangeDetector();
        List<ChangeEvent> events = new ArrayList<>();
        List<List<SilverRow>> pairs =
                Arrays.asList(
                        Arrays.asList(opportunityV1(), opportunityV2()),
                        Arrays.asList(solutionV1(), solutionV2()),
                        Arrays.asList(invitationV1(), invitationV2()));
        for (List<SilverRow> pair : pairs) {
            ChangeDetector.Detection first = detector.detect(null, pair.get(0));
            events.addAll(first.changes());
            events.addAll(detector.detect(first.next(), pair.get(1)).changes());
        }
        return events;
    }

    /** Type → the golden event of that type. */
    static Map<String, CloudEvent> goldenEvents() {
        Map<String, CloudEvent> byType = new LinkedHashMap<>();
        for (ChangeEvent change : allChanges()) {
            byType.put(change.type(), ChangeEvents.toCloudEvent(change));
        }
        byType.put(EventTypes.PARTNER_TIER_ADDED, TierEvents.toCloudEvent(tierAdded()));
        byType.put(EventTypes.PARTNER_TIER_UPDATED, TierEvents.toCloudEvent(tierUpdated()));
        byType.put(EventTypes.CONNECTOR_RUN_COMPLETED, runCompleted());
        return byType;
    }

    static final java.time.Instant TIER_APPLIED = Instant.parse("2026-11-30T20:00:00Z");

    static dev.pcw.schemas.tiers.PartnerTier redRiverGold() {
        return new dev.pcw.schemas.tiers.PartnerTier(
                "Red River Technology",
                "Gold",
                "Cisco PTP",
                "Cisco",
                "John Doe",
                "Premier partner",
                Instant.parse("2025-10-30T20:00:00Z"),
                Instant.parse("2025-10-30T20:00:00Z"));
    }

    static dev.pcw.schemas.tiers.TierVersion tierAdded() {
        return new dev.pcw.schemas.tiers.TierVersion(
                redRiverGold(),
                dev.pcw.schemas.tiers.TierVersion.Change.ADDED,
                "a-20251030-1",
                Instant.parse("2025-10-30T20:00:00Z"),
                "partners_cisco.csv",
                null);
    }

    static dev.pcw.schemas.tiers.TierVersion tierUpdated() {
        dev.pcw.schemas.tiers.PartnerTier gold = redRiverGold();
        dev.pcw.schemas.tiers.PartnerTier platinum =
                new dev.pcw.schemas.tiers.PartnerTier(
                        gold.name(),
                        "Platinum",
                        gold.program(),
                        gold.oem(),
                        "Jane Smith",
                        gold.notes(),
                        gold.createdAt(),
                        TIER_APPLIED);
        return new dev.pcw.schemas.tiers.TierVersion(
                platinum,
                dev.pcw.schemas.tiers.TierVersion.Change.UPDATED,
                "a-20261130-7",
                TIER_APPLIED,
                "partners_cisco.csv",
                gold);
    }
}
