package dev.pcw.connectors.partnercentral.simulator.data;

import java.util.List;

/**
 * The enum values of the Partner Central Selling model that the simulator serves and validates, and
 * the word lists its generator draws realistic values from. Enum lists follow AWS's model; the
 * conformance test checks them against it.
 */
public final class Vocabulary {
    private Vocabulary() {}

    public static final List<String> STAGES =
            List.of(
                    "Prospect",
                    "Qualified",
                    "Technical Validation",
                    "Business Validation",
                    "Committed",
                    "Launched",
                    "Closed Lost");

    public static final List<String> REVIEW_STATUSES =
            List.of(
                    "Pending Submission",
                    "Submitted",
                    "In review",
                    "Approved",
                    "Rejected",
                    "Action Required");

    public static final List<String> OPPORTUNITY_TYPES =
            List.of("Net New Business", "Flat Renewal", "Expansion");

    public static final List<String> INDUSTRIES =
            List.of(
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

    public static final List<String> DELIVERY_MODELS =
            List.of(
                    "SaaS or PaaS",
                    "BYOL or AMI",
                    "Managed Services",
                    "Professional Services",
                    "Resell",
                    "Other");

    public static final List<String> PRIMARY_NEEDS =
            List.of(
                    "Co-Sell - Architectural Validation",
                    "Co-Sell - Business Presentation",
                    "Co-Sell - Competitive Information",
                    "Co-Sell - Pricing Assistance",
                    "Co-Sell - Technical Consultation",
                    "Co-Sell - Total Cost of Ownership Evaluation",
                    "Co-Sell - Deal Support",
                    "Co-Sell - Support for Public Tender / RFx");

    public static final List<String> SALES_ACTIVITIES =
            List.of(
                    "Initialized discussions with customer",
                    "Customer has shown interest in solution",
                    "Conducted POC / Demo",
                    "In evaluation / planning stage",
                    "Agreed on solution to Business Problem",
                    "Completed Action Plan",
                    "Finalized Deployment Need",
                    "SOW Signed");

    public static final List<String> COMPETITORS =
            List.of(
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

    public static final List<String> CLOSED_LOST_REASONS =
            List.of(
                    "Customer Deficiency",
                    "Delay / Cancellation of Project",
                    "Legal / Tax / Regulatory",
                    "Lost to Competitor - Google",
                    "Lost to Competitor - Microsoft",
                    "Lost to Competitor - Other",
                    "No Opportunity",
                    "On Premises Deployment",
                    "Partner Gap",
                    "Price",
                    "Security / Compliance",
                    "Technical Limitations",
                    "Financial/Commercial");

    public static final List<String> CHANNELS =
            List.of(
                    "AWS Marketing Central",
                    "Content Syndication",
                    "Email",
                    "Live Event",
                    "Search",
                    "Social",
                    "Virtual Event");

    public static final List<String> REVENUE_MODELS =
            List.of("Contract", "Pay-as-you-go", "Subscription");

    /** Currencies seen in SoftwareRevenue; spend lines are USD only (the model's pattern). */
    public static final List<String> REVENUE_CURRENCIES =
            List.of("USD", "EUR", "GBP", "JPY", "AUD");

    public static final List<String> SOLUTION_STATUSES = List.of("Active", "Inactive", "Draft");

    public static final List<String> SOLUTION_CATEGORIES =
            List.of(
                    "Software Product",
                    "Consulting Service",
                    "Managed Service",
                    "Hardware Product",
                    "Communications Product",
                    "Value-Added Resale AWS Service",
                    "Training Service");

    public static final List<String> INVITATION_STATUSES =
            List.of("ACCEPTED", "PENDING", "REJECTED", "EXPIRED");

    public static final List<String> PARTICIPANT_TYPES = List.of("SENDER", "RECEIVER");

    public static final List<String> PAYLOAD_TYPES =
            List.of("OpportunityInvitation", "LeadInvitation");

    public static final List<String> CONTEXT_TYPES = List.of("CustomerProject", "Lead");

    public static final List<String> RECEIVER_RESPONSIBILITIES =
            List.of(
                    "Distributor",
                    "Reseller",
                    "Hardware Partner",
                    "Managed Service Provider",
                    "Software Partner",
                    "Services Partner",
                    "Training Partner",
                    "Co-Sell Facilitator",
                    "Facilitator");

    public static final List<String> MARKET_SEGMENTS =
            List.of("Enterprise", "Large", "Medium", "Small", "Micro");

    public static final List<String> ORIGINS = List.of("AWS Referral", "Partner Referral");
    public static final List<String> INVOLVEMENT_TYPES = List.of("For Visibility Only", "Co-Sell");
    public static final List<String> VISIBILITIES = List.of("Full", "Limited");
    public static final List<String> ENGAGEMENT_SCORES = List.of("High", "Medium", "Low");
    public static final List<String> AWS_MEMBER_TITLES =
            List.of("AWSSalesRep", "AWSAccountOwner", "WWPSPDM", "PDM", "PSM", "ISVSM");

    static final List<String> COMPANY_FIRST =
            List.of(
                    "Acme",
                    "Northwind",
                    "Blue Harbor",
                    "Summit",
                    "Redwood",
                    "Ironclad",
                    "Silver Lake",
                    "Crescent",
                    "Evergreen",
                    "Pinnacle",
                    "Granite",
                    "Lighthouse",
                    "Horizon",
                    "Cobalt",
                    "Meridian",
                    "Keystone",
                    "Atlas",
                    "Brightwater",
                    "Copperline",
                    "Driftwood",
                    "Falcon",
                    "Harborview",
                    "Juniper",
                    "Kestrel",
                    "Lakeshore",
                    "Maple Leaf",
                    "Nimbus",
                    "Oakridge",
                    "Pioneer",
                    "Riverbend",
                    "Sagebrush",
                    "Tidewater",
                    "Upland",
                    "Vantage",
                    "Westfield",
                    "Zenith",
                    "Aurora",
                    "Bluebird",
                    "Cedar Point",
                    "Starling");

    /** Second word of a company name and the industry it implies. */
    static final String[][] COMPANY_SECTOR = {
        {"Health", "Healthcare"},
        {"Logistics", "Transportation and Logistics"},
        {"Financial", "Financial Services"},
        {"Manufacturing", "Manufacturing"},
        {"Retail", "Retail"},
        {"Energy", "Energy - Power and Utilities"},
        {"Petroleum", "Energy - Oil and Gas"},
        {"Media", "Media and Entertainment"},
        {"Biotech", "Life Sciences"},
        {"Airlines", "Travel"},
        {"Foods", "Consumer Goods"},
        {"Insurance", "Financial Services"},
        {"Analytics", "Software and Internet"},
        {"Robotics", "Computers and Electronics"},
        {"Telecom", "Telecommunications"},
        {"Hotels", "Hospitality"},
        {"Mining", "Mining"},
        {"Motors", "Automotive"},
        {"Pharma", "Life Sciences"},
        {"Software", "Software and Internet"},
        {"Games", "Gaming"},
        {"University", "Education"},
        {"County", "Government"},
        {"Farms", "Agriculture"},
        {"Aerospace", "Aerospace"},
        {"Builders", "Real Estate and Construction"},
        {"Distribution", "Wholesale and Distribution"},
        {"Consulting", "Professional Services"},
        {"Foundation", "Non-Profit Organization"},
        {"Marketing", "Marketing and Advertising"},
        {"Studios", "Other"},
    };

    static final List<String> COMPANY_SUFFIX =
            List.of(
                    "Inc.",
                    "LLC",
                    "Group",
                    "Corp.",
                    "GmbH",
                    "Ltd",
                    "S.A.",
                    "plc",
                    "Co.",
                    "Holdings");

    /** Country code, city, state or region, postal code. */
    static final String[][] PLACES = {
        {"US", "Seattle", "WA", "98101"},
        {"US", "Austin", "TX", "78701"},
        {"US", "New York", "NY", "10001"},
        {"US", "Chicago", "IL", "60601"},
        {"US", "Atlanta", "GA", "30303"},
        {"US", "Denver", "CO", "80202"},
        {"US", "Boston", "MA", "02108"},
        {"US", "San Jose", "CA", "95113"},
        {"GB", "London", "England", "EC1A 1BB"},
        {"GB", "Manchester", "England", "M1 1AE"},
        {"DE", "Berlin", "Berlin", "10115"},
        {"DE", "Munich", "Bavaria", "80331"},
        {"FR", "Paris", "Ile-de-France", "75001"},
        {"IN", "Bengaluru", "Karnataka", "560001"},
        {"IN", "Mumbai", "Maharashtra", "400001"},
        {"JP", "Tokyo", "Tokyo", "100-0001"},
        {"AU", "Sydney", "NSW", "2000"},
        {"CA", "Toronto", "ON", "M5H 2N2"},
        {"BR", "Sao Paulo", "SP", "01000-000"},
        {"SG", "Singapore", "Singapore", "018956"},
        {"NL", "Amsterdam", "North Holland", "1012 AB"},
        {"SE", "Stockholm", "Stockholm", "111 20"},
        {"ES", "Madrid", "Madrid", "28001"},
        {"MX", "Mexico City", "CDMX", "06000"},
    };

    static final List<String> FIRST_NAMES =
            List.of(
                    "Ava", "Liam", "Maya", "Noah", "Priya", "Lucas", "Sofia", "Mateo", "Hana",
                    "Ethan", "Amara", "Diego", "Chloe", "Kenji", "Zara", "Omar", "Ingrid", "Ravi",
                    "Elena", "Tomas");

    static final List<String> LAST_NAMES =
            List.of(
                    "Johnson",
                    "Patel",
                    "Garcia",
                    "Nguyen",
                    "Schmidt",
                    "Okafor",
                    "Rossi",
                    "Tanaka",
                    "Silva",
                    "Kowalski",
                    "Andersson",
                    "Dubois",
                    "Khan",
                    "Murphy",
                    "Haddad",
                    "Novak",
                    "Reyes",
                    "Fischer",
                    "Cohen",
                    "Larsen");

    static final List<String> JOB_TITLES =
            List.of(
                    "CTO",
                    "VP Engineering",
                    "Head of Data",
                    "IT Director",
                    "Cloud Architect",
                    "CIO",
                    "Procurement Manager",
                    "Director of Platform");

    static final List<String> PARTNER_TITLES =
            List.of(
                    "Partner Account Manager",
                    "Solutions Architect",
                    "Alliance Manager",
                    "Sales Director");

    static final List<String> USE_CASES =
            List.of(
                    "AI Machine Learning and Analytics",
                    "Migration / Database Migration",
                    "Business Applications: SAP Solutions",
                    "Containers & Serverless",
                    "Storage & Backup",
                    "Security & Compliance",
                    "End User Computing",
                    "IOT",
                    "Contact Center",
                    "Business Applications & Contact Center");

    static final List<String> PROJECTS =
            List.of(
                    "Data lake modernization",
                    "SAP migration to AWS",
                    "Contact center on Amazon Connect",
                    "Generative AI assistant on Amazon Bedrock",
                    "Windows workloads migration",
                    "Disaster recovery on AWS",
                    "Kubernetes platform on Amazon EKS",
                    "Analytics on Amazon Redshift",
                    "IoT telemetry platform",
                    "Mainframe modernization",
                    "Cost optimization program",
                    "Security posture assessment");

    static final List<String> PROBLEMS =
            List.of(
                    "On-premises data warehouse cannot keep up with reporting demand",
                    "Data center lease ends next year and hardware is out of support",
                    "Call center agents lack context and customers wait too long",
                    "Support teams need faster answers from internal documentation",
                    "Licensing costs of the current platform keep rising every renewal",
                    "Outages of the primary site would stop order processing for days",
                    "Release cycles are slow because environments are built by hand",
                    "Analysts wait hours for queries over sales and inventory data",
                    "Field devices send telemetry that nobody can analyze in time",
                    "Core banking batch jobs run on an aging mainframe");

    static final List<String> NEXT_STEPS =
            List.of(
                    "Schedule architecture review with customer",
                    "Send pricing proposal",
                    "Run proof of concept in customer account",
                    "Align with AWS account manager",
                    "Prepare statement of work",
                    "Customer security review in progress",
                    "Waiting for budget approval",
                    "Kick-off meeting booked");

    static final List<String> AWS_PRODUCTS =
            List.of(
                    "AmazonEC2",
                    "AmazonS3",
                    "AmazonRDS",
                    "AWSLambda",
                    "AmazonRedshift",
                    "AmazonBedrock",
                    "AmazonEKS",
                    "AmazonConnect",
                    "AmazonDynamoDB",
                    "AWSGlue",
                    "AmazonAthena",
                    "AmazonSageMaker");

    static final List<String> SOLUTION_NAMES =
            List.of(
                    "Lakehouse Accelerator",
                    "Migration Factory",
                    "Managed Kubernetes",
                    "SOC as a Service",
                    "GenAI Quickstart",
                    "SAP on AWS Launchpad",
                    "Contact Center Suite",
                    "FinOps Advisor",
                    "Edge Analytics Kit",
                    "Backup Vault",
                    "Data Mesh Blueprint",
                    "Zero Trust Gateway");

    static final List<String> LEAD_SOURCES = List.of("MarketingActivity", "Event", "Website");

    static final List<String> AWS_MATURITY = List.of("Low", "Medium", "High");

    static final List<String> REJECTION_REASONS =
            List.of(
                    "Customer is not a fit for our solution",
                    "No capacity this quarter",
                    "Duplicate of an existing opportunity");
}
