package dev.pcw.connectors.partnercentral.simulator.data;

import static dev.pcw.connectors.partnercentral.simulator.data.Vocabulary.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates one catalog's records: realistic, consistent with each other (opportunities name
 * existing solutions, invitations existing engagements) and fully determined by the seed, the
 * catalog and the anchor instant. Not thread-safe: the {@link Dataset} that owns it serializes
 * access.
 */
public final class DataGenerator {
    private static final long DAY = 24L * 3600 * 1000;
    private static final String ID_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";

    private final SplittableRandom rnd;
    private final String catalog;
    private final String accountId;
    private final long anchorMillis;
    private final List<String[]> companies = new ArrayList<>();
    private final List<String> solutionIds = new ArrayList<>();
    private final List<String> engagementIds = new ArrayList<>();
    private final List<String> leadEngagementIds = new ArrayList<>();
    private final Set<String> usedIds = new HashSet<>();
    private long nextOpportunity;
    private long nextSolution;

    /**
     * @param seed the dataset seed; each catalog derives its own stream from it
     * @param catalog {@code AWS} or {@code Sandbox}
     * @param accountId the partner's AWS account id, used in ARNs and receivers
     * @param anchorMillis generated history ends here; nothing generated is later
     */
    public DataGenerator(long seed, String catalog, String accountId, long anchorMillis) {
        this.rnd = new SplittableRandom(seed * 31 + catalog.hashCode());
        this.catalog = catalog;
        this.accountId = accountId;
        this.anchorMillis = anchorMillis;
        this.nextOpportunity = 1_000_000 + rnd.nextInt(2_000_000);
        this.nextSolution = 1_000_000 + rnd.nextInt(1_000_000);
    }

    public String catalog() {
        return catalog;
    }

    public String accountId() {
        return accountId;
    }

    /** The random stream shared by generation and changes, so a seed replays both. */
    public SplittableRandom random() {
        return rnd;
    }

    /** Generates the initial records of every entity into {@code dataset}. */
    public void populate(
            Dataset dataset, int opportunities, int solutions, int engagements, int invitations) {
        int companyCount = Math.max(5, opportunities / 3);
        for (int i = 0; i < companyCount; i++) {
            companies.add(company());
        }
        List<StoredRecord> batch = new ArrayList<>();
        for (int i = 0; i < solutions; i++) {
            long created = anchorMillis - (long) (rnd.nextDouble() * 3 * 365 * DAY);
            batch.add(Records.solution(solution(created), 1));
        }
        dataset.solutions().putAll(batch);

        batch.clear();
        for (int i = 0; i < engagements; i++) {
            long created = anchorMillis - (long) (rnd.nextDouble() * 540 * DAY);
            long modified = created + (long) (rnd.nextDouble() * (anchorMillis - created));
            batch.add(engagement(created, modified, rnd.nextInt(10) < 3));
        }
        dataset.engagements().putAll(batch);

        batch.clear();
        for (int i = 0; i < invitations; i++) {
            long invited = anchorMillis - (long) (rnd.nextDouble() * 365 * DAY);
            batch.add(invitation(invited, null));
        }
        dataset.invitations().putAll(batch);

        batch.clear();
        long previousModified = 0;
        for (int i = 0; i < opportunities; i++) {
            long created = anchorMillis - (long) (rnd.nextDouble() * 730 * DAY);
            long modified = created + (long) (rnd.nextDouble() * (anchorMillis - created));
            // Bulk updates on AWS's side give several records the same LastModifiedDate: keep
            // some ties so that clients must handle the inclusive "after" filter.
            if (i > 0 && previousModified > created && rnd.nextInt(20) == 0) {
                modified = previousModified;
            }
            previousModified = modified;
            batch.add(Records.opportunity(opportunity(created, modified), 1));
        }
        dataset.opportunities().putAll(batch);
    }

    // ---------------------------------------------------------------- opportunities

    /** A new opportunity's GetOpportunity body. */
    /** The Id and Arn of a new opportunity (ids keep increasing, as generated ones do). */
    public String[] newOpportunityId() {
        String id = "O" + nextOpportunity;
        nextOpportunity += 1 + rnd.nextInt(37);
        return new String[] {id, arn("opportunity", id)};
    }

    public ObjectNode opportunity(long createdMillis, long modifiedMillis) {
        String id = "O" + nextOpportunity;
        nextOpportunity += 1 + rnd.nextInt(37);
        String[] company = pick(companies);
        String stage = weighted(STAGES, 25, 20, 15, 10, 10, 10, 10);
        String review =
                "Prospect".equals(stage) && rnd.nextInt(3) == 0
                        ? "Pending Submission"
                        : weighted(REVIEW_STATUSES, 0, 5, 5, 80, 5, 5);

        ObjectNode o = Json.object();
        o.put("Catalog", catalog);
        o.put("Id", id);
        o.put("Arn", arn("opportunity", id));
        if (rnd.nextInt(10) < 8) {
            o.put("PartnerOpportunityIdentifier", "SF-006" + (100000 + rnd.nextInt(900000)));
        }
        o.put("OpportunityType", weighted(OPPORTUNITY_TYPES, 70, 10, 20));
        ArrayNode needs = o.putArray("PrimaryNeedsFromAws");
        for (String n : sample(PRIMARY_NEEDS, rnd.nextInt(3))) {
            needs.add(n);
        }
        o.put(
                "NationalSecurity",
                "Government".equals(company[1]) && rnd.nextBoolean() ? "Yes" : "No");
        ArrayNode team = o.putArray("OpportunityTeam");
        team.add(contact(company, true));

        ObjectNode related = o.putObject("RelatedEntityIdentifiers");
        ArrayNode sols = related.putArray("Solutions");
        if (!solutionIds.isEmpty() && rnd.nextInt(10) < 7) {
            sols.add(pick(solutionIds));
        }
        ArrayNode products = related.putArray("AwsProducts");
        for (String p : sample(AWS_PRODUCTS, 1 + rnd.nextInt(3))) {
            products.add(p);
        }
        related.putArray("AwsMarketplaceOffers");

        ObjectNode customer = o.putObject("Customer");
        ObjectNode account = customer.putObject("Account");
        account.put("CompanyName", company[0]);
        account.put("Industry", company[1]);
        if ("Other".equals(company[1])) {
            account.put("OtherIndustry", "Film and Animation");
        }
        account.put("WebsiteUrl", company[2]);
        if (rnd.nextInt(10) < 4) {
            account.put("AwsAccountId", digits(12));
        }
        if (rnd.nextInt(10) < 3) {
            account.put("Duns", digits(9));
        }
        ObjectNode address = account.putObject("Address");
        address.put("StreetAddress", (1 + rnd.nextInt(999)) + " Main Street");
        address.put("City", company[4]);
        address.put("StateOrRegion", company[5]);
        address.put("PostalCode", company[6]);
        address.put("CountryCode", company[3]);
        ArrayNode contacts = customer.putArray("Contacts");
        for (int i = rnd.nextInt(3); i > 0; i--) {
            contacts.add(contact(company, false));
        }

        ObjectNode project = o.putObject("Project");
        String projectName = pick(PROJECTS);
        project.put("Title", projectName + " for " + shortName(company[0]));
        project.put(
                "CustomerBusinessProblem",
                pick(PROBLEMS) + "; " + shortName(company[0]) + " wants to act this year.");
        project.put("CustomerUseCase", pick(USE_CASES));
        ArrayNode models = project.putArray("DeliveryModels");
        for (String m : sample(DELIVERY_MODELS, 1 + rnd.nextInt(2))) {
            models.add(m);
        }
        ArrayNode spend = project.putArray("ExpectedCustomerSpend");
        for (int i = 1 + (rnd.nextInt(5) == 0 ? 1 : 0); i > 0; i--) {
            spend.add(spendLine());
        }
        ArrayNode activities = project.putArray("SalesActivities");
        int done = Math.min(SALES_ACTIVITIES.size(), 1 + STAGES.indexOf(stage));
        for (int i = 0; i < done; i++) {
            activities.add(SALES_ACTIVITIES.get(i));
        }
        String competitor = pick(COMPETITORS);
        project.put("CompetitorName", competitor);
        if ("*Other".equals(competitor)) {
            project.put("OtherCompetitorNames", "Regional hosting provider");
        }
        project.putArray("ApnPrograms");

        ObjectNode lc = o.putObject("LifeCycle");
        lc.put("Stage", stage);
        lc.put("ReviewStatus", review);
        if ("Closed Lost".equals(stage)) {
            lc.put("ClosedLostReason", pick(CLOSED_LOST_REASONS));
        }
        if ("Action Required".equals(review) || "Rejected".equals(review)) {
            lc.put("ReviewComments", "Please add the customer's website and a clearer use case.");
            lc.put("ReviewStatusReason", "Missing or invalid information");
        }
        lc.put("TargetCloseDate", Json.date(createdMillis + (30 + rnd.nextInt(335)) * DAY));
        lc.put("NextSteps", pick(NEXT_STEPS));
        ArrayNode history = lc.putArray("NextStepsHistory");
        int steps = rnd.nextInt(4);
        for (int i = 0; i < steps; i++) {
            ObjectNode h = history.addObject();
            h.put("Value", pick(NEXT_STEPS));
            h.put("Time", Json.dateTime(createdMillis + (modifiedMillis - createdMillis) * i / 4));
        }

        ObjectNode marketing = o.putObject("Marketing");
        if (rnd.nextInt(100) < 15) {
            marketing.put("Source", "Marketing Activity");
            marketing.put("CampaignName", "FY" + (26 + rnd.nextInt(2)) + " Migration Days");
            ArrayNode ch = marketing.putArray("Channels");
            for (String c : sample(CHANNELS, 1 + rnd.nextInt(2))) {
                ch.add(c);
            }
            marketing.putArray("UseCases").add(pick(USE_CASES));
            marketing.put("AwsFundingUsed", rnd.nextBoolean() ? "Yes" : "No");
        } else {
            marketing.put("Source", "None");
        }
        if (rnd.nextInt(100) < 20) {
            ObjectNode revenue = o.putObject("SoftwareRevenue");
            revenue.put("DeliveryModel", pick(REVENUE_MODELS));
            ObjectNode value = revenue.putObject("Value");
            value.put("Amount", (1000 + rnd.nextInt(99_000)) + ".00");
            value.put("CurrencyCode", weighted(REVENUE_CURRENCIES, 60, 15, 15, 5, 5));
            revenue.put("EffectiveDate", Json.date(createdMillis + 30 * DAY));
            revenue.put("ExpirationDate", Json.date(createdMillis + 395 * DAY));
        }
        o.put("CreatedDate", Json.dateTime(createdMillis));
        o.put("LastModifiedDate", Json.dateTime(modifiedMillis));
        return o;
    }

    ObjectNode spendLine() {
        ObjectNode line = Json.object();
        int[] scale = {500, 2_000, 10_000, 50_000};
        int amount = scale[rnd.nextInt(scale.length)] * (1 + rnd.nextInt(9));
        line.put("Amount", amount + ".00");
        line.put("CurrencyCode", "USD");
        line.put("Frequency", "Monthly");
        line.put("TargetCompany", "AWS");
        if (rnd.nextInt(4) == 0) {
            line.put("EstimationUrl", "https://calculator.aws/#/estimate?id=" + hex(40));
        }
        return line;
    }

    /**
     * The AWS side of an opportunity (GetAwsOpportunitySummary), derived from the opportunity so
     * that repeated calls agree.
     */
    public static ObjectNode awsSummary(ObjectNode opportunity) {
        String id = opportunity.path("Id").asText();
        SplittableRandom r = new SplittableRandom(id.hashCode());
        ObjectNode s = Json.object();
        s.put("Catalog", opportunity.path("Catalog").asText());
        s.put("RelatedOpportunityId", id);
        s.put("Origin", r.nextInt(5) == 0 ? "AWS Referral" : "Partner Referral");
        s.put("InvolvementType", r.nextInt(3) == 0 ? "For Visibility Only" : "Co-Sell");
        s.put("Visibility", r.nextInt(4) == 0 ? "Limited" : "Full");
        ObjectNode lc = s.putObject("LifeCycle");
        lc.put("Stage", opportunity.path("LifeCycle").path("Stage").asText("Prospect"));
        if (opportunity.path("LifeCycle").has("TargetCloseDate")) {
            lc.put(
                    "TargetCloseDate",
                    opportunity.path("LifeCycle").path("TargetCloseDate").asText());
        }
        if (opportunity.path("LifeCycle").has("ClosedLostReason")) {
            lc.put("ClosedLostReason", "Other");
        }
        lc.put("NextSteps", "AWS account team reviewing the co-sell request");
        ArrayNode team = s.putArray("OpportunityTeam");
        ObjectNode rep = team.addObject();
        rep.put("FirstName", FIRST_NAMES.get(r.nextInt(FIRST_NAMES.size())));
        rep.put("LastName", LAST_NAMES.get(r.nextInt(LAST_NAMES.size())));
        rep.put(
                "Email",
                (rep.get("FirstName").asText() + "." + rep.get("LastName").asText())
                                .toLowerCase(Locale.ROOT)
                        + "@amazon.com");
        rep.put("BusinessTitle", AWS_MEMBER_TITLES.get(r.nextInt(AWS_MEMBER_TITLES.size())));
        ObjectNode insights = s.putObject("Insights");
        insights.put("EngagementScore", ENGAGEMENT_SCORES.get(r.nextInt(3)));
        insights.put("NextBestActions", "Validate the customer's budget and timeline with AWS");
        ObjectNode related = s.putObject("RelatedEntityIds");
        related.set(
                "AwsProducts",
                opportunity.path("RelatedEntityIdentifiers").path("AwsProducts").deepCopy());
        related.set(
                "Solutions",
                opportunity.path("RelatedEntityIdentifiers").path("Solutions").deepCopy());
        s.putObject("Customer")
                .set("Contacts", opportunity.path("Customer").path("Contacts").deepCopy());
        s.putObject("Project")
                .set(
                        "ExpectedCustomerSpend",
                        opportunity.path("Project").path("ExpectedCustomerSpend").deepCopy());
        return s;
    }

    // ---------------------------------------------------------------- solutions

    ObjectNode solution(long createdMillis) {
        String id = "S-" + String.format(Locale.ROOT, "%07d", nextSolution);
        nextSolution += 1 + rnd.nextInt(11);
        solutionIds.add(id);
        ObjectNode s = Json.object();
        s.put("Catalog", catalog);
        s.put("Id", id);
        s.put("Arn", arn("solution", id));
        s.put("Name", pick(SOLUTION_NAMES) + " " + (1 + rnd.nextInt(4)) + "." + rnd.nextInt(10));
        s.put("Status", weighted(SOLUTION_STATUSES, 80, 10, 10));
        s.put("Category", weighted(SOLUTION_CATEGORIES, 30, 30, 25, 3, 2, 5, 5));
        s.put("CreatedDate", Json.dateTime(createdMillis));
        return s;
    }

    // ---------------------------------------------------------------- engagements

    StoredRecord engagement(long createdMillis, long modifiedMillis, boolean lead) {
        String id = uniqueId("eng-", 14);
        (lead ? leadEngagementIds : engagementIds).add(id);
        String[] company = pick(companies);
        ObjectNode e = Json.object();
        e.put("Id", id);
        e.put("Arn", arn("engagement", id));
        String title = shortName(company[0]) + " " + (lead ? "lead" : "co-sell");
        e.put("Title", title.length() > 40 ? title.substring(0, 40) : title);
        e.put("Description", "Joint engagement with AWS for " + company[0]);
        e.put("CreatedAt", Json.dateTime(createdMillis));
        e.put("CreatedBy", lead ? "aws" : accountId);
        int members = 1 + rnd.nextInt(lead ? 2 : 5);
        e.put("MemberCount", members);
        e.put("ModifiedAt", Json.dateTime(modifiedMillis));
        e.put("ModifiedBy", rnd.nextBoolean() ? "aws" : accountId);
        ArrayNode contexts = e.putArray("Contexts");
        ObjectNode ctx = contexts.addObject();
        ctx.put("Id", uniqueId("ctx-", 13));
        if (lead) {
            ctx.put("Type", "Lead");
            ObjectNode leadNode = ctx.putObject("Payload").putObject("Lead");
            leadNode.put("QualificationStatus", rnd.nextBoolean() ? "Qualified" : "Unqualified");
            ObjectNode customer = leadNode.putObject("Customer");
            customer.put("Industry", company[1]);
            customer.put("CompanyName", company[0]);
            customer.put("WebsiteUrl", company[2]);
            ObjectNode address = customer.putObject("Address");
            address.put("City", company[4]);
            address.put("PostalCode", company[6]);
            address.put("StateOrRegion", company[5]);
            address.put("CountryCode", company[3]);
            customer.put("AwsMaturity", pick(AWS_MATURITY));
            customer.put("MarketSegment", pick(MARKET_SEGMENTS));
            ArrayNode interactions = leadNode.putArray("Interactions");
            ObjectNode it = interactions.addObject();
            it.put("SourceType", pick(LEAD_SOURCES));
            it.put("SourceId", "src-" + hex(8));
            it.put("SourceName", "AWS Summit " + company[4]);
            it.put("Usecase", pick(USE_CASES));
            it.put("InteractionDate", Json.dateTime(createdMillis - DAY));
            it.put("CustomerAction", "Requested a follow-up");
            it.put("BusinessProblem", pick(PROBLEMS));
            ObjectNode contact = it.putObject("Contact");
            contact.put("BusinessTitle", pick(JOB_TITLES));
            contact.put("Email", email(company, pick(FIRST_NAMES), pick(LAST_NAMES)));
            contact.put("FirstName", pick(FIRST_NAMES));
            contact.put("LastName", pick(LAST_NAMES));
            contact.put("Phone", phone(company[3]));
        } else {
            ctx.put("Type", "CustomerProject");
            ObjectNode cp = ctx.putObject("Payload").putObject("CustomerProject");
            ObjectNode customer = cp.putObject("Customer");
            customer.put("Industry", company[1]);
            customer.put("CompanyName", company[0]);
            customer.put("WebsiteUrl", company[2]);
            customer.put("CountryCode", company[3]);
            ObjectNode project = cp.putObject("Project");
            project.put("Title", pick(PROJECTS));
            project.put("BusinessProblem", pick(PROBLEMS));
            project.put(
                    "TargetCompletionDate",
                    Json.date(createdMillis + (60 + rnd.nextInt(300)) * DAY));
        }
        ArrayNode memberList = Json.MAPPER.createArrayNode();
        ObjectNode aws = memberList.addObject();
        aws.put("CompanyName", "Amazon Web Services");
        aws.put("WebsiteUrl", "https://aws.amazon.com");
        aws.put("AccountId", "aws");
        for (int i = 1; i < members; i++) {
            ObjectNode m = memberList.addObject();
            String[] partner = pick(companies);
            m.put("CompanyName", i == 1 ? "Our Partner Org" : partner[0]);
            m.put("WebsiteUrl", i == 1 ? "https://partner.example.com" : partner[2]);
            m.put("AccountId", i == 1 ? accountId : digits(12));
        }
        return Records.engagement(e, memberList, 1);
    }

    // ---------------------------------------------------------------- invitations

    /**
     * A new engagement invitation.
     *
     * @param status the status to give it, or null for a realistic random one
     */
    public StoredRecord invitation(long invitedMillis, String status) {
        boolean lead = !leadEngagementIds.isEmpty() && rnd.nextInt(10) < 3;
        List<String> pool = lead ? leadEngagementIds : engagementIds;
        String engagementId = pool.isEmpty() ? uniqueId("eng-", 14) : pick(pool);
        String[] company = pick(companies);
        boolean received = rnd.nextInt(100) < 85;
        String id = uniqueId("engi-", 13);
        String st = status != null ? status : weighted(INVITATION_STATUSES, 60, 20, 10, 10);

        ObjectNode i = Json.object();
        i.put(
                "Arn",
                "arn:aws:partnercentral::"
                        + accountId
                        + ":catalog/"
                        + catalog
                        + "/engagement-invitation/"
                        + id);
        i.put("PayloadType", lead ? "LeadInvitation" : "OpportunityInvitation");
        i.put("Id", id);
        i.put("EngagementId", engagementId);
        String title = shortName(company[0]) + (lead ? " lead" : " referral");
        i.put("EngagementTitle", title.length() > 40 ? title.substring(0, 40) : title);
        i.put("Status", st);
        i.put("InvitationDate", Json.dateTime(invitedMillis));
        i.put("ExpirationDate", Json.dateTime(invitedMillis + 15 * DAY));
        i.put("SenderAwsAccountId", received ? "aws" : accountId);
        i.put("SenderCompanyName", received ? "AWS" : "Our Partner Org");
        ObjectNode receiver = i.putObject("Receiver").putObject("Account");
        receiver.put("AwsAccountId", received ? accountId : digits(12));
        receiver.put("Alias", received ? "Our Partner Org" : pick(companies)[0]);
        i.put("Catalog", catalog);
        if ("REJECTED".equals(st)) {
            i.put("RejectionReason", pick(REJECTION_REASONS));
        }
        ObjectNode payload = i.putObject("Payload");
        if (lead) {
            ObjectNode li = payload.putObject("LeadInvitation");
            ObjectNode customer = li.putObject("Customer");
            customer.put("Industry", company[1]);
            customer.put("CompanyName", company[0]);
            customer.put("WebsiteUrl", company[2]);
            customer.put("CountryCode", company[3]);
            customer.put("AwsMaturity", pick(AWS_MATURITY));
            customer.put("MarketSegment", pick(MARKET_SEGMENTS));
            ObjectNode interaction = li.putObject("Interaction");
            interaction.put("SourceType", pick(LEAD_SOURCES));
            interaction.put("SourceId", "src-" + hex(8));
            interaction.put("SourceName", "AWS Summit " + company[4]);
            interaction.put("Usecase", pick(USE_CASES));
            interaction.put("ContactBusinessTitle", pick(JOB_TITLES));
        } else {
            ObjectNode oi = payload.putObject("OpportunityInvitation");
            ArrayNode senders = oi.putArray("SenderContacts");
            for (int k = 1 + rnd.nextInt(2); k > 0; k--) {
                String first = pick(FIRST_NAMES);
                String last = pick(LAST_NAMES);
                ObjectNode c = senders.addObject();
                c.put("Email", (first + "." + last).toLowerCase(Locale.ROOT) + "@amazon.com");
                c.put("FirstName", first);
                c.put("LastName", last);
                c.put("BusinessTitle", "Partner Development Manager");
                c.put("Phone", phone("US"));
            }
            ArrayNode resp = oi.putArray("ReceiverResponsibilities");
            for (String r : sample(RECEIVER_RESPONSIBILITIES, 1 + rnd.nextInt(2))) {
                resp.add(r);
            }
            ObjectNode customer = oi.putObject("Customer");
            customer.put("Industry", company[1]);
            customer.put("CompanyName", company[0]);
            customer.put("WebsiteUrl", company[2]);
            customer.put("CountryCode", company[3]);
            ObjectNode project = oi.putObject("Project");
            project.put("BusinessProblem", pick(PROBLEMS));
            project.put("Title", pick(PROJECTS));
            project.put(
                    "TargetCompletionDate",
                    Json.date(invitedMillis + (60 + rnd.nextInt(300)) * DAY));
            project.putArray("ExpectedCustomerSpend").add(spendLine());
        }
        i.put("InvitationMessage", "AWS would like to work with you on this customer need.");
        i.put("EngagementDescription", "Engagement for " + company[0]);
        ArrayNode existing = i.putArray("ExistingMembers");
        ObjectNode awsMember = existing.addObject();
        awsMember.put("CompanyName", "Amazon Web Services");
        awsMember.put("WebsiteUrl", "https://aws.amazon.com");
        return Records.invitation(i, received ? "RECEIVER" : "SENDER", 1);
    }

    // ---------------------------------------------------------------- helpers

    private String[] company() {
        String first = pick(COMPANY_FIRST);
        String[] sector = COMPANY_SECTOR[rnd.nextInt(COMPANY_SECTOR.length)];
        String name = first + " " + sector[0] + " " + pick(COMPANY_SUFFIX);
        String slug = (first + "-" + sector[0]).toLowerCase(Locale.ROOT).replace(' ', '-');
        String[] place =
                rnd.nextInt(2) == 0 ? PLACES[rnd.nextInt(8)] : PLACES[rnd.nextInt(PLACES.length)];
        return new String[] {
            name,
            sector[1],
            "https://www." + slug + ".example.com",
            place[0],
            place[1],
            place[2],
            place[3]
        };
    }

    private ObjectNode contact(String[] company, boolean partner) {
        String first = pick(FIRST_NAMES);
        String last = pick(LAST_NAMES);
        ObjectNode c = Json.object();
        c.put("FirstName", first);
        c.put("LastName", last);
        c.put(
                "Email",
                partner
                        ? (first + "." + last).toLowerCase(Locale.ROOT) + "@partner.example.com"
                        : email(company, first, last));
        c.put("BusinessTitle", pick(partner ? PARTNER_TITLES : JOB_TITLES));
        c.put("Phone", phone(partner ? "US" : company[3]));
        return c;
    }

    private static String email(String[] company, String first, String last) {
        String domain = company[2].substring("https://www.".length());
        return (first + "." + last).toLowerCase(Locale.ROOT) + "@" + domain;
    }

    private String phone(String country) {
        String prefix;
        switch (country) {
            case "US":
            case "CA":
                prefix = "+1";
                break;
            case "GB":
                prefix = "+44";
                break;
            case "DE":
                prefix = "+49";
                break;
            case "IN":
                prefix = "+91";
                break;
            case "JP":
                prefix = "+81";
                break;
            default:
                prefix = "+3";
        }
        return prefix + (200 + rnd.nextInt(700)) + "555" + digits(4);
    }

    private static String shortName(String companyName) {
        int space = companyName.lastIndexOf(' ');
        return space > 0 ? companyName.substring(0, space) : companyName;
    }

    private String arn(String type, String id) {
        return "arn:aws:partnercentral:us-east-1:"
                + accountId
                + ":catalog/"
                + catalog
                + "/"
                + type
                + "/"
                + id;
    }

    private String uniqueId(String prefix, int length) {
        while (true) {
            StringBuilder sb = new StringBuilder(prefix);
            for (int i = 0; i < length; i++) {
                sb.append(ID_CHARS.charAt(rnd.nextInt(ID_CHARS.length())));
            }
            if (usedIds.add(sb.toString())) {
                return sb.toString();
            }
        }
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder();
        sb.append((char) ('1' + rnd.nextInt(9)));
        for (int i = 1; i < n; i++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        return sb.toString();
    }

    private String hex(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(ID_CHARS.charAt(rnd.nextInt(16)));
        }
        return sb.toString();
    }

    <T> T pick(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    private List<String> sample(List<String> list, int n) {
        List<String> copy = new ArrayList<>(list);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n && !copy.isEmpty(); i++) {
            out.add(copy.remove(rnd.nextInt(copy.size())));
        }
        return out;
    }

    /** Picks from {@code values} with the given relative weights. */
    String weighted(List<String> values, int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = rnd.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return values.get(i);
            }
        }
        return values.get(values.size() - 1);
    }
}
