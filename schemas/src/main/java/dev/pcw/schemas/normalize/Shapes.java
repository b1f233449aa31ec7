package dev.pcw.schemas.normalize;

import static dev.pcw.schemas.normalize.Shape.DATE;
import static dev.pcw.schemas.normalize.Shape.DATE_TIME;
import static dev.pcw.schemas.normalize.Shape.DECIMAL_STRING;
import static dev.pcw.schemas.normalize.Shape.INTEGER;
import static dev.pcw.schemas.normalize.Shape.STRING;
import static dev.pcw.schemas.normalize.Shape.enumOf;
import static dev.pcw.schemas.normalize.Shape.key;
import static dev.pcw.schemas.normalize.Shape.list;
import static dev.pcw.schemas.normalize.Shape.opt;
import static dev.pcw.schemas.normalize.Shape.req;
import static dev.pcw.schemas.normalize.Shape.struct;
import static dev.pcw.schemas.normalize.Shape.union;

/**
 * The response shapes pcw normalizes, after AWS's Smithy model of the Partner Central Selling API
 * (2022-07-26) plus the members the AWS SDK for Java 2.40 knows beyond it (lead invitations, lead
 * contexts, engagement {@code ModifiedAt}/{@code ModifiedBy}, context {@code Id}, {@code
 * AwsMarketplaceOfferSets}).
 *
 * <p>Member names, required flags and enum values follow the model; {@code ShapesConformanceTest}
 * checks them against the model file when it is present. Deliberate differences: {@code
 * CountryCode} and {@code CurrencyCode} are checked as strings (their 249 and 168 values are not
 * repeated here); patterns and lengths are not checked (they are AWS's input validation); lead
 * shapes require only the customer and its company name (AWS's pages disagree on the rest); pcw
 * requires the {@code Id} of an engagement (its key) although the model does not.
 */
final class Shapes {
    private Shapes() {}

    static final Shape INDUSTRY =
            enumOf(
                    "Aerospace",
                    "Agriculture",
                    "Automotive",
                    "Computers and Electronics",
                    "Consumer Goods",
                    "Education",
                    "Energy - Oil and Gas",
                    "Energy - Power and Utilities",
                    "Financial Services",
                    "Gaming",
                    "Government",
                    "Healthcare",
                    "Hospitality",
                    "Life Sciences",
                    "Manufacturing",
                    "Marketing and Advertising",
                    "Media and Entertainment",
                    "Mining",
                    "Non-Profit Organization",
                    "Professional Services",
                    "Real Estate and Construction",
                    "Retail",
                    "Software and Internet",
                    "Telecommunications",
                    "Transportation and Logistics",
                    "Travel",
                    "Wholesale and Distribution",
                    "Other");

    static final Shape STAGE =
            enumOf(
                    "Prospect",
                    "Qualified",
                    "Technical Validation",
                    "Business Validation",
                    "Committed",
                    "Launched",
                    "Closed Lost");

    static final Shape REVIEW_STATUS =
            enumOf(
                    "Pending Submission",
                    "Submitted",
                    "In review",
                    "Approved",
                    "Rejected",
                    "Action Required");

    static final Shape CLOSED_LOST_REASON =
            enumOf(
                    "Customer Deficiency",
                    "Delay / Cancellation of Project",
                    "Legal / Tax / Regulatory",
                    "Lost to Competitor - Google",
                    "Lost to Competitor - Microsoft",
                    "Lost to Competitor - SoftLayer",
                    "Lost to Competitor - VMWare",
                    "Lost to Competitor - Other",
                    "No Opportunity",
                    "On Premises Deployment",
                    "Partner Gap",
                    "Price",
                    "Security / Compliance",
                    "Technical Limitations",
                    "Customer Experience",
                    "Other",
                    "People/Relationship/Governance",
                    "Product/Technology",
                    "Financial/Commercial");

    static final Shape OPPORTUNITY_TYPE = enumOf("Net New Business", "Flat Renewal", "Expansion");

    static final Shape YES_NO = enumOf("Yes", "No");

    static final Shape PRIMARY_NEED =
            enumOf(
                    "Co-Sell - Architectural Validation",
                    "Co-Sell - Business Presentation",
                    "Co-Sell - Competitive Information",
                    "Co-Sell - Pricing Assistance",
                    "Co-Sell - Technical Consultation",
                    "Co-Sell - Total Cost of Ownership Evaluation",
                    "Co-Sell - Deal Support",
                    "Co-Sell - Support for Public Tender / RFx");

    static final Shape DELIVERY_MODEL =
            enumOf(
                    "SaaS or PaaS",
                    "BYOL or AMI",
                    "Managed Services",
                    "Professional Services",
                    "Resell",
                    "Other");

    static final Shape SALES_ACTIVITY =
            enumOf(
                    "Initialized discussions with customer",
                    "Customer has shown interest in solution",
                    "Conducted POC / Demo",
                    "In evaluation / planning stage",
                    "Agreed on solution to Business Problem",
                    "Completed Action Plan",
                    "Finalized Deployment Need",
                    "SOW Signed");

    static final Shape COMPETITOR_NAME =
            enumOf(
                    "Oracle Cloud",
                    "On-Prem",
                    "Co-location",
                    "Akamai",
                    "AliCloud",
                    "Google Cloud Platform",
                    "IBM Softlayer",
                    "Microsoft Azure",
                    "Other- Cost Optimization",
                    "No Competition",
                    "*Other");

    static final Shape MARKETING_SOURCE = enumOf("Marketing Activity", "None");

    static final Shape CHANNEL =
            enumOf(
                    "AWS Marketing Central",
                    "Content Syndication",
                    "Display",
                    "Email",
                    "Live Event",
                    "Out Of Home (OOH)",
                    "Print",
                    "Search",
                    "Social",
                    "Telemarketing",
                    "TV",
                    "Video",
                    "Virtual Event");

    static final Shape REVENUE_MODEL = enumOf("Contract", "Pay-as-you-go", "Subscription");

    static final Shape PAYMENT_FREQUENCY = enumOf("Monthly");

    static final Shape SOLUTION_STATUS = enumOf("Active", "Inactive", "Draft");

    static final Shape INVITATION_STATUS = enumOf("ACCEPTED", "PENDING", "REJECTED", "EXPIRED");

    static final Shape INVITATION_PAYLOAD_TYPE = enumOf("OpportunityInvitation", "LeadInvitation");

    static final Shape RECEIVER_RESPONSIBILITY =
            enumOf(
                    "Distributor",
                    "Reseller",
                    "Hardware Partner",
                    "Managed Service Provider",
                    "Software Partner",
                    "Services Partner",
                    "Training Partner",
                    "Co-Sell Facilitator",
                    "Facilitator");

    static final Shape ENGAGEMENT_CONTEXT_TYPE = enumOf("CustomerProject", "Lead");

    static final Shape MARKET_SEGMENT = enumOf("Enterprise", "Large", "Medium", "Small", "Micro");

    // ------------------------------------------------------------------ shared

    static final Shape EXPECTED_CUSTOMER_SPEND =
            struct(
                    req("Amount", DECIMAL_STRING),
                    req("CurrencyCode", STRING),
                    req("Frequency", PAYMENT_FREQUENCY),
                    req("TargetCompany", STRING),
                    opt("EstimationUrl", STRING));

    static final Shape CONTACT =
            struct(
                    opt("Email", STRING),
                    opt("FirstName", STRING),
                    opt("LastName", STRING),
                    opt("BusinessTitle", STRING),
                    opt("Phone", STRING));

    // ------------------------------------------------------------------ GetOpportunity

    static final Shape ADDRESS =
            struct(
                    opt("City", STRING),
                    opt("PostalCode", STRING),
                    opt("StateOrRegion", STRING),
                    opt("CountryCode", STRING),
                    opt("StreetAddress", STRING));

    static final Shape ACCOUNT =
            struct(
                    opt("Industry", INDUSTRY),
                    opt("OtherIndustry", STRING),
                    req("CompanyName", STRING),
                    opt("WebsiteUrl", STRING),
                    opt("AwsAccountId", STRING),
                    opt("Address", ADDRESS),
                    opt("Duns", STRING));

    static final Shape CUSTOMER = struct(opt("Account", ACCOUNT), opt("Contacts", list(CONTACT)));

    static final Shape PROJECT =
            struct(
                    opt("DeliveryModels", list(DELIVERY_MODEL)),
                    opt("ExpectedCustomerSpend", list(EXPECTED_CUSTOMER_SPEND)),
                    opt("Title", STRING),
                    opt("ApnPrograms", list(STRING)),
                    opt("CustomerBusinessProblem", STRING),
                    opt("CustomerUseCase", STRING),
                    opt("RelatedOpportunityIdentifier", STRING),
                    opt("SalesActivities", list(SALES_ACTIVITY)),
                    opt("CompetitorName", COMPETITOR_NAME),
                    opt("OtherCompetitorNames", STRING),
                    opt("OtherSolutionDescription", STRING),
                    opt("AdditionalComments", STRING));

    static final Shape MARKETING =
            struct(
                    opt("CampaignName", STRING),
                    opt("Source", MARKETING_SOURCE),
                    opt("UseCases", list(STRING)),
                    opt("Channels", list(CHANNEL)),
                    opt("AwsFundingUsed", YES_NO));

    static final Shape MONETARY_VALUE =
            struct(req("Amount", DECIMAL_STRING), req("CurrencyCode", STRING));

    static final Shape SOFTWARE_REVENUE =
            struct(
                    opt("DeliveryModel", REVENUE_MODEL),
                    opt("Value", MONETARY_VALUE),
                    opt("EffectiveDate", DATE),
                    opt("ExpirationDate", DATE));

    static final Shape RELATED_ENTITY_IDENTIFIERS =
            struct(
                    opt("AwsMarketplaceOffers", list(STRING)),
                    opt("AwsMarketplaceOfferSets", list(STRING)),
                    opt("Solutions", list(STRING)),
                    opt("AwsProducts", list(STRING)));

    static final Shape NEXT_STEPS_HISTORY = struct(req("Value", STRING), req("Time", DATE_TIME));

    static final Shape LIFE_CYCLE =
            struct(
                    opt("Stage", STAGE),
                    opt("ClosedLostReason", CLOSED_LOST_REASON),
                    opt("NextSteps", STRING),
                    opt("TargetCloseDate", DATE),
                    opt("ReviewStatus", REVIEW_STATUS),
                    opt("ReviewComments", STRING),
                    opt("ReviewStatusReason", STRING),
                    opt("NextStepsHistory", list(NEXT_STEPS_HISTORY)));

    static final Shape GET_OPPORTUNITY_RESPONSE =
            struct(
                    key("Catalog"),
                    opt("PrimaryNeedsFromAws", list(PRIMARY_NEED)),
                    opt("NationalSecurity", YES_NO),
                    opt("PartnerOpportunityIdentifier", STRING),
                    opt("Customer", CUSTOMER),
                    opt("Project", PROJECT),
                    opt("OpportunityType", OPPORTUNITY_TYPE),
                    opt("Marketing", MARKETING),
                    opt("SoftwareRevenue", SOFTWARE_REVENUE),
                    key("Id"),
                    opt("Arn", STRING),
                    req("LastModifiedDate", DATE_TIME),
                    req("CreatedDate", DATE_TIME),
                    req("RelatedEntityIdentifiers", RELATED_ENTITY_IDENTIFIERS),
                    opt("LifeCycle", LIFE_CYCLE),
                    opt("OpportunityTeam", list(CONTACT)));

    // ------------------------------------------------------------------ ListSolutions item

    static final Shape SOLUTION_BASE =
            struct(
                    key("Catalog"),
                    key("Id"),
                    opt("Arn", STRING),
                    req("Name", STRING),
                    req("Status", SOLUTION_STATUS),
                    req("Category", STRING),
                    req("CreatedDate", DATE_TIME));

    // ------------------------------------------------------------------ GetEngagementInvitation

    static final Shape ENGAGEMENT_CUSTOMER =
            struct(
                    req("Industry", INDUSTRY),
                    req("CompanyName", STRING),
                    req("WebsiteUrl", STRING),
                    req("CountryCode", STRING));

    static final Shape PROJECT_DETAILS =
            struct(
                    req("BusinessProblem", STRING),
                    req("Title", STRING),
                    req("TargetCompletionDate", DATE),
                    req("ExpectedCustomerSpend", list(EXPECTED_CUSTOMER_SPEND)));

    static final Shape SENDER_CONTACT =
            struct(
                    req("Email", STRING),
                    opt("FirstName", STRING),
                    opt("LastName", STRING),
                    opt("BusinessTitle", STRING),
                    opt("Phone", STRING));

    static final Shape OPPORTUNITY_INVITATION_PAYLOAD =
            struct(
                    opt("SenderContacts", list(SENDER_CONTACT)),
                    req("ReceiverResponsibilities", list(RECEIVER_RESPONSIBILITY)),
                    req("Customer", ENGAGEMENT_CUSTOMER),
                    req("Project", PROJECT_DETAILS));

    static final Shape LEAD_INVITATION_CUSTOMER =
            struct(
                    opt("Industry", INDUSTRY),
                    req("CompanyName", STRING),
                    opt("WebsiteUrl", STRING),
                    opt("CountryCode", STRING),
                    opt("AwsMaturity", STRING),
                    opt("MarketSegment", MARKET_SEGMENT));

    static final Shape LEAD_INVITATION_INTERACTION =
            struct(
                    opt("SourceType", STRING),
                    opt("SourceId", STRING),
                    opt("SourceName", STRING),
                    opt("Usecase", STRING),
                    opt("ContactBusinessTitle", STRING));

    static final Shape LEAD_INVITATION_PAYLOAD =
            struct(
                    req("Customer", LEAD_INVITATION_CUSTOMER),
                    opt("Interaction", LEAD_INVITATION_INTERACTION));

    static final Shape INVITATION_PAYLOAD =
            union(
                    opt("OpportunityInvitation", OPPORTUNITY_INVITATION_PAYLOAD),
                    opt("LeadInvitation", LEAD_INVITATION_PAYLOAD));

    static final Shape RECEIVER =
            union(opt("Account", struct(opt("Alias", STRING), req("AwsAccountId", STRING))));

    static final Shape ENGAGEMENT_MEMBER_SUMMARY =
            struct(opt("CompanyName", STRING), opt("WebsiteUrl", STRING));

    static final Shape GET_ENGAGEMENT_INVITATION_RESPONSE =
            struct(
                    opt("Arn", STRING),
                    opt("PayloadType", INVITATION_PAYLOAD_TYPE),
                    key("Id"),
                    opt("EngagementId", STRING),
                    opt("EngagementTitle", STRING),
                    opt("Status", INVITATION_STATUS),
                    opt("InvitationDate", DATE_TIME),
                    opt("ExpirationDate", DATE_TIME),
                    opt("SenderAwsAccountId", STRING),
                    opt("SenderCompanyName", STRING),
                    opt("Receiver", RECEIVER),
                    key("Catalog"),
                    opt("RejectionReason", STRING),
                    opt("Payload", INVITATION_PAYLOAD),
                    opt("InvitationMessage", STRING),
                    opt("EngagementDescription", STRING),
                    opt("ExistingMembers", list(ENGAGEMENT_MEMBER_SUMMARY)));

    // ------------------------------------------------------------------ GetEngagement

    static final Shape ENGAGEMENT_CUSTOMER_PROJECT_DETAILS =
            struct(
                    req("Title", STRING),
                    req("BusinessProblem", STRING),
                    // A plain string in the model, not a Date: read as a date when it is one.
                    req("TargetCompletionDate", STRING));

    static final Shape CUSTOMER_PROJECTS_CONTEXT =
            struct(
                    opt("Customer", ENGAGEMENT_CUSTOMER),
                    opt("Project", ENGAGEMENT_CUSTOMER_PROJECT_DETAILS));

    static final Shape ADDRESS_SUMMARY =
            struct(
                    opt("City", STRING),
                    opt("PostalCode", STRING),
                    opt("StateOrRegion", STRING),
                    opt("CountryCode", STRING));

    static final Shape LEAD_CUSTOMER =
            struct(
                    opt("Industry", INDUSTRY),
                    req("CompanyName", STRING),
                    opt("WebsiteUrl", STRING),
                    opt("Address", ADDRESS_SUMMARY),
                    opt("AwsMaturity", STRING),
                    opt("MarketSegment", MARKET_SEGMENT));

    static final Shape LEAD_INTERACTION =
            struct(
                    opt("SourceType", STRING),
                    opt("SourceId", STRING),
                    opt("SourceName", STRING),
                    opt("Usecase", STRING),
                    opt("InteractionDate", DATE_TIME),
                    opt("CustomerAction", STRING),
                    opt("BusinessProblem", STRING),
                    opt("Contact", CONTACT));

    static final Shape LEAD_CONTEXT =
            struct(
                    opt("QualificationStatus", STRING),
                    opt("Customer", LEAD_CUSTOMER),
                    opt("Interactions", list(LEAD_INTERACTION)));

    static final Shape ENGAGEMENT_CONTEXT_PAYLOAD =
            union(opt("CustomerProject", CUSTOMER_PROJECTS_CONTEXT), opt("Lead", LEAD_CONTEXT));

    static final Shape ENGAGEMENT_CONTEXT_DETAILS =
            struct(
                    opt("Id", STRING),
                    req("Type", ENGAGEMENT_CONTEXT_TYPE),
                    opt("Payload", ENGAGEMENT_CONTEXT_PAYLOAD));

    static final Shape GET_ENGAGEMENT_RESPONSE =
            struct(
                    key("Id"),
                    opt("Arn", STRING),
                    opt("Title", STRING),
                    opt("Description", STRING),
                    opt("CreatedAt", DATE_TIME),
                    opt("CreatedBy", STRING),
                    opt("MemberCount", INTEGER),
                    opt("ModifiedAt", DATE_TIME),
                    opt("ModifiedBy", STRING),
                    opt("Contexts", list(ENGAGEMENT_CONTEXT_DETAILS)));
}
