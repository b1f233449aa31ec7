package dev.pcw.schemas.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pcw.schemas.bronze.BronzeRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures normalization throughput against plain Jackson tree parsing of the same bronze {@code
 * GetOpportunity} lines, in the same run and on the same thread: the ratio normalize ÷ parse is the
 * figure to watch (target {@value #TARGET_RATIO} or more), not the absolute rates, which depend on
 * the machine.
 *
 * <pre>{@code
 * NormalizationBenchmark.Result r = NormalizationBenchmark.run(20_000, 10, System.out);
 * r.ratio();   // normalize lines/s ÷ parse lines/s
 * }</pre>
 *
 * The lines are built from realistic payload templates (about 1.9 KB of payload each, as the
 * simulator serves them) varied by id, dates and amounts. Both sides read every line once per
 * round; rounds alternate between the two after a warm-up of a fifth of the time.
 */
public final class NormalizationBenchmark {
    /** The ratio normalize ÷ parse that normalization should reach. */
    public static final double TARGET_RATIO = 0.5;

    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** GetOpportunity payloads as the simulator serves them, with placeholders. */
    private static final String[] TEMPLATES = {
        "{\"Catalog\":\"AWS\",\"Id\":\"@ID@\",\"Arn\":\"arn:aws:partnercentral:us-east-1:1"
                + "11122223333:catalog/AWS/opportunity/@ID@\",\"PartnerOpportunityIdentifie"
                + "r\":\"SF-006654633\",\"OpportunityType\":\"Net New Business\",\"PrimaryNeedsFr"
                + "omAws\":[],\"NationalSecurity\":\"No\",\"OpportunityTeam\":[{\"FirstName\":\"Sof"
                + "ia\",\"LastName\":\"Garcia\",\"Email\":\"sofia.garcia@partner.example.com\",\"Bu"
                + "sinessTitle\":\"Solutions Architect\",\"Phone\":\"+17335558907\"}],\"RelatedEn"
                + "tityIdentifiers\":{\"Solutions\":[\"S-1957548\"],\"AwsProducts\":[\"AmazonDyna"
                + "moDB\"],\"AwsMarketplaceOffers\":[]},\"Customer\":{\"Account\":{\"CompanyName\""
                + ":\"Granite Consulting Ltd\",\"Industry\":\"Professional Services\",\"WebsiteU"
                + "rl\":\"https://www.granite-consulting.example.com\",\"Duns\":\"175047424\",\"A"
                + "ddress\":{\"StreetAddress\":\"502 Main Street\",\"City\":\"Manchester\",\"StateO"
                + "rRegion\":\"England\",\"PostalCode\":\"M1 1AE\",\"CountryCode\":\"GB\"}},\"Contact"
                + "s\":[]},\"Project\":{\"Title\":\"Kubernetes platform on Amazon EKS for Grani"
                + "te Consulting\",\"CustomerBusinessProblem\":\"Support teams need faster an"
                + "swers from internal documentation; Granite Consulting wants to act thi"
                + "s year.\",\"CustomerUseCase\":\"End User Computing\",\"DeliveryModels\":[\"Man"
                + "aged Services\"],\"ExpectedCustomerSpend\":[{\"Amount\":\"@AMOUNT0@\",\"Curren"
                + "cyCode\":\"USD\",\"Frequency\":\"Monthly\",\"TargetCompany\":\"AWS\",\"EstimationU"
                + "rl\":\"https://calculator.aws/#/estimate?id=0459671b81c4677cde569467e723"
                + "42fc36f225f2\"}],\"SalesActivities\":[\"Initialized discussions with custo"
                + "mer\"],\"CompetitorName\":\"Akamai\",\"ApnPrograms\":[]},\"LifeCycle\":{\"Stage\""
                + ":\"Prospect\",\"ReviewStatus\":\"Approved\",\"TargetCloseDate\":\"@CLOSE@\",\"Nex"
                + "tSteps\":\"Customer security review in progress\",\"NextStepsHistory\":[]},"
                + "\"Marketing\":{\"Source\":\"Marketing Activity\",\"CampaignName\":\"FY26 Migrat"
                + "ion Days\",\"Channels\":[\"Email\"],\"UseCases\":[\"IOT\"],\"AwsFundingUsed\":\"Ye"
                + "s\"},\"CreatedDate\":\"@CREATED@\",\"LastModifiedDate\":\"@MODIFIED@\"}",
        "{\"Catalog\":\"AWS\",\"Id\":\"@ID@\",\"Arn\":\"arn:aws:partnercentral:us-east-1:1"
                + "11122223333:catalog/AWS/opportunity/@ID@\",\"OpportunityType\":\"Net New B"
                + "usiness\",\"PrimaryNeedsFromAws\":[\"Co-Sell - Pricing Assistance\"],\"Natio"
                + "nalSecurity\":\"No\",\"OpportunityTeam\":[{\"FirstName\":\"Noah\",\"LastName\":\"C"
                + "ohen\",\"Email\":\"noah.cohen@partner.example.com\",\"BusinessTitle\":\"Allian"
                + "ce Manager\",\"Phone\":\"+12005551669\"}],\"RelatedEntityIdentifiers\":{\"Solu"
                + "tions\":[\"S-1957559\"],\"AwsProducts\":[\"AmazonS3\"],\"AwsMarketplaceOffers\""
                + ":[]},\"Customer\":{\"Account\":{\"CompanyName\":\"Keystone Telecom Ltd\",\"Indu"
                + "stry\":\"Telecommunications\",\"WebsiteUrl\":\"https://www.keystone-telecom."
                + "example.com\",\"Address\":{\"StreetAddress\":\"712 Main Street\",\"City\":\"New "
                + "York\",\"StateOrRegion\":\"NY\",\"PostalCode\":\"10001\",\"CountryCode\":\"US\"}},\""
                + "Contacts\":[]},\"Project\":{\"Title\":\"Mainframe modernization for Keystone"
                + " Telecom\",\"CustomerBusinessProblem\":\"Call center agents lack context a"
                + "nd customers wait too long; Keystone Telecom wants to act this year.\","
                + "\"CustomerUseCase\":\"AI Machine Learning and Analytics\",\"DeliveryModels\""
                + ":[\"Managed Services\"],\"ExpectedCustomerSpend\":[{\"Amount\":\"@AMOUNT0@\",\""
                + "CurrencyCode\":\"USD\",\"Frequency\":\"Monthly\",\"TargetCompany\":\"AWS\",\"Estim"
                + "ationUrl\":\"https://calculator.aws/#/estimate?id=19ed50220675cc4a32ddd7"
                + "c1ba06468144914f9e\"}],\"SalesActivities\":[\"Initialized discussions with"
                + " customer\",\"Customer has shown interest in solution\"],\"CompetitorName\""
                + ":\"Other- Cost Optimization\",\"ApnPrograms\":[]},\"LifeCycle\":{\"Stage\":\"Qu"
                + "alified\",\"ReviewStatus\":\"Approved\",\"TargetCloseDate\":\"@CLOSE@\",\"NextSt"
                + "eps\":\"Align with AWS account manager\",\"NextStepsHistory\":[{\"Value\":\"Se"
                + "nd pricing proposal\",\"Time\":\"@CREATED@\"},{\"Value\":\"Run proof of concep"
                + "t in customer account\",\"Time\":\"@HISTORY1@\"}]},\"Marketing\":{\"Source\":\"N"
                + "one\"},\"CreatedDate\":\"@CREATED@\",\"LastModifiedDate\":\"@MODIFIED@\"}",
        "{\"Catalog\":\"AWS\",\"Id\":\"@ID@\",\"Arn\":\"arn:aws:partnercentral:us-east-1:1"
                + "11122223333:catalog/AWS/opportunity/@ID@\",\"PartnerOpportunityIdentifie"
                + "r\":\"SF-006312777\",\"OpportunityType\":\"Net New Business\",\"PrimaryNeedsFr"
                + "omAws\":[\"Co-Sell - Support for Public Tender / RFx\"],\"NationalSecurity"
                + "\":\"No\",\"OpportunityTeam\":[{\"FirstName\":\"Maya\",\"LastName\":\"Nguyen\",\"Ema"
                + "il\":\"maya.nguyen@partner.example.com\",\"BusinessTitle\":\"Alliance Manage"
                + "r\",\"Phone\":\"+14115559427\"}],\"RelatedEntityIdentifiers\":{\"Solutions\":[\""
                + "S-1957544\"],\"AwsProducts\":[\"AmazonBedrock\"],\"AwsMarketplaceOffers\":[]}"
                + ",\"Customer\":{\"Account\":{\"CompanyName\":\"Granite Motors Ltd\",\"Industry\":"
                + "\"Automotive\",\"WebsiteUrl\":\"https://www.granite-motors.example.com\",\"Ad"
                + "dress\":{\"StreetAddress\":\"624 Main Street\",\"City\":\"Denver\",\"StateOrRegi"
                + "on\":\"CO\",\"PostalCode\":\"80202\",\"CountryCode\":\"US\"}},\"Contacts\":[{\"First"
                + "Name\":\"Ethan\",\"LastName\":\"Kowalski\",\"Email\":\"ethan.kowalski@granite-mo"
                + "tors.example.com\",\"BusinessTitle\":\"CTO\",\"Phone\":\"+12915557104\"}]},\"Pro"
                + "ject\":{\"Title\":\"Security posture assessment for Granite Motors\",\"Custo"
                + "merBusinessProblem\":\"Core banking batch jobs run on an aging mainframe"
                + "; Granite Motors wants to act this year.\",\"CustomerUseCase\":\"Storage &"
                + " Backup\",\"DeliveryModels\":[\"Managed Services\",\"Professional Services\"]"
                + ",\"ExpectedCustomerSpend\":[{\"Amount\":\"@AMOUNT0@\",\"CurrencyCode\":\"USD\",\""
                + "Frequency\":\"Monthly\",\"TargetCompany\":\"AWS\"},{\"Amount\":\"@AMOUNT1@\",\"Cur"
                + "rencyCode\":\"USD\",\"Frequency\":\"Monthly\",\"TargetCompany\":\"AWS\"}],\"SalesA"
                + "ctivities\":[\"Initialized discussions with customer\",\"Customer has show"
                + "n interest in solution\",\"Conducted POC / Demo\",\"In evaluation / planni"
                + "ng stage\",\"Agreed on solution to Business Problem\",\"Completed Action P"
                + "lan\",\"Finalized Deployment Need\"],\"CompetitorName\":\"AliCloud\",\"ApnProg"
                + "rams\":[]},\"LifeCycle\":{\"Stage\":\"Closed Lost\",\"ReviewStatus\":\"Approved\""
                + ",\"ClosedLostReason\":\"Lost to Competitor - Other\",\"TargetCloseDate\":\"@C"
                + "LOSE@\",\"NextSteps\":\"Waiting for budget approval\",\"NextStepsHistory\":[]"
                + "},\"Marketing\":{\"Source\":\"None\"},\"CreatedDate\":\"@CREATED@\",\"LastModifie"
                + "dDate\":\"@MODIFIED@\"}"
    };

    private NormalizationBenchmark() {}

    /**
     * Builds {@code lines} bronze lines, then measures for about {@code seconds} and prints the
     * figures to {@code out}.
     *
     * @throws IllegalArgumentException when {@code lines} or {@code seconds} is not positive
     */
    public static Result run(int lines, int seconds, PrintStream out) {
        if (lines <= 0 || seconds <= 0) {
            throw new IllegalArgumentException(
                    "lines and seconds must be positive, got " + lines + " and " + seconds);
        }
        List<String> input = bronzeLines(lines, 42L);
        long bytes = 0;
        for (String l : input) {
            bytes += l.length();
        }
        out.printf(
                Locale.ROOT,
                "normalization benchmark: %,d bronze GetOpportunity lines, %,d bytes each on"
                        + " average, %d s%n",
                lines,
                bytes / lines,
                seconds);

        long budget = seconds * 1_000_000_000L;
        long warmUpEnd = System.nanoTime() + budget / 5;
        Sink sink = new Sink();
        while (System.nanoTime() < warmUpEnd) {
            parseRound(input, sink);
            normalizeRound(input, sink);
        }
        long measureEnd = System.nanoTime() + budget * 4 / 5;
        long parseNanos = 0;
        long normalizeNanos = 0;
        long rounds = 0;
        sink = new Sink();
        do {
            long t0 = System.nanoTime();
            parseRound(input, sink);
            long t1 = System.nanoTime();
            normalizeRound(input, sink);
            long t2 = System.nanoTime();
            parseNanos += t1 - t0;
            normalizeNanos += t2 - t1;
            rounds++;
        } while (System.nanoTime() < measureEnd);

        Result r =
                new Result(
                        lines,
                        bytes / lines,
                        rounds * lines * 1e9 / parseNanos,
                        rounds * lines * 1e9 / normalizeNanos,
                        sink.deadLetters / rounds,
                        sink.rows / rounds);
        out.printf(
                Locale.ROOT,
                "  jackson tree parse    %,12.0f lines/s  %7.1f MB/s%n",
                r.parseLinesPerSecond(),
                r.parseLinesPerSecond() * r.averageLineBytes() / 1e6);
        out.printf(
                Locale.ROOT,
                "  parse + normalize     %,12.0f lines/s  %7.1f MB/s  (%,d rows, %,d dead letters"
                        + " per round)%n",
                r.normalizeLinesPerSecond(),
                r.normalizeLinesPerSecond() * r.averageLineBytes() / 1e6,
                r.rowsPerRound(),
                r.deadLettersPerRound());
        out.printf(
                Locale.ROOT,
                "  ratio normalize/parse %12.2f  (target >= %.2f: %s)%n",
                r.ratio(),
                TARGET_RATIO,
                r.meetsTarget() ? "met" : "NOT met");
        return r;
    }

    /**
     * {@code n} realistic bronze GetOpportunity lines, the same for the same seed: three payload
     * templates varied by id, created / modified / close dates, history times and amounts.
     */
    public static List<String> bronzeLines(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long anchor = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
        long day = 86_400_000L;
        int[] scale = {500, 2_000, 10_000, 50_000};
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long created = anchor - (long) (rnd.nextDouble() * 700 * day);
            long modified = created + (long) (rnd.nextDouble() * (anchor - created));
            String payload =
                    TEMPLATES[i % TEMPLATES.length]
                            .replace("@ID@", "O" + (2_000_000 + i))
                            .replace("@CREATED@", Instant.ofEpochMilli(created).toString())
                            .replace("@MODIFIED@", Instant.ofEpochMilli(modified).toString())
                            .replace("@HISTORY0@", Instant.ofEpochMilli(created + 1000).toString())
                            .replace("@HISTORY1@", Instant.ofEpochMilli(modified - 1000).toString())
                            .replace(
                                    "@CLOSE@",
                                    LocalDate.ofEpochDay((created / day) + 30 + rnd.nextInt(330))
                                            .toString())
                            .replace(
                                    "@AMOUNT0@",
                                    (scale[rnd.nextInt(4)] * (1 + rnd.nextInt(9))) + ".00")
                            .replace(
                                    "@AMOUNT1@",
                                    (scale[rnd.nextInt(4)] * (1 + rnd.nextInt(9))) + ".00");
            BronzeRecord record =
                    new BronzeRecord(
                            "bench-" + (i / 1000),
                            "opportunities",
                            "AWS",
                            OpportunityNormalizer.OPERATION,
                            "req-" + Long.toHexString(rnd.nextLong()),
                            Instant.ofEpochMilli(anchor),
                            payload,
                            true);
            out.add(record.toJsonLine());
        }
        return out;
    }

    private static void parseRound(List<String> lines, Sink sink) {
        try {
            for (String line : lines) {
                JsonNode n = PLAIN.readTree(line);
                sink.nodes += n.size();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void normalizeRound(List<String> lines, Sink sink) {
        Instant now = Instant.now();
        for (String line : lines) {
            NormalizationResult r = Normalizers.normalizeLine(line, now);
            if (r.isDeadLetter()) {
                sink.deadLetters++;
            } else {
                sink.rows += r.rows().size();
            }
        }
    }

    /** Keeps the JIT from discarding the work measured. */
    private static final class Sink {
        long nodes;
        long rows;
        long deadLetters;
    }

    /** The figures of one run. */
    public static final class Result {
        private final int lines;
        private final long averageLineBytes;
        private final double parseLinesPerSecond;
        private final double normalizeLinesPerSecond;
        private final long deadLettersPerRound;
        private final long rowsPerRound;

        Result(
                int lines,
                long averageLineBytes,
                double parseLinesPerSecond,
                double normalizeLinesPerSecond,
                long deadLettersPerRound,
                long rowsPerRound) {
            this.lines = lines;
            this.averageLineBytes = averageLineBytes;
            this.parseLinesPerSecond = parseLinesPerSecond;
            this.normalizeLinesPerSecond = normalizeLinesPerSecond;
            this.deadLettersPerRound = deadLettersPerRound;
            this.rowsPerRound = rowsPerRound;
        }

        public int lines() {
            return lines;
        }

        public long averageLineBytes() {
            return averageLineBytes;
        }

        /** Plain Jackson {@code readTree} of each line. */
        public double parseLinesPerSecond() {
            return parseLinesPerSecond;
        }

        /** {@link Normalizers#normalizeLine}: envelope, payload tree, check and rows. */
        public double normalizeLinesPerSecond() {
            return normalizeLinesPerSecond;
        }

        /** Normalize ÷ parse. */
        public double ratio() {
            return normalizeLinesPerSecond / parseLinesPerSecond;
        }

        public boolean meetsTarget() {
            return ratio() >= TARGET_RATIO;
        }

        /** Should be 0: every generated line is valid. */
        public long deadLettersPerRound() {
            return deadLettersPerRound;
        }

        public long rowsPerRound() {
            return rowsPerRound;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "parse %.0f lines/s, normalize %.0f lines/s, ratio %.2f",
                    parseLinesPerSecond,
                    normalizeLinesPerSecond,
                    ratio());
        }
    }
}
