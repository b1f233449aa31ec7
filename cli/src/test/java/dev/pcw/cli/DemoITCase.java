package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/pcw demo} as a user runs it: what it prints and what it leaves under ./var/demo. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DemoITCase {
    @TempDir Path workdir;

    private static final class Run {
        final int exit;
        final String output;

        Run(int exit, String output) {
            this.exit = exit;
            this.output = output;
        }
    }

    /** {@code bin/pcw} with {@code args} in the demo's working folder. */
    private Run run(String... args) throws Exception {
        Process p = PcwProcess.builder(List.of(args)).directory(workdir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theDemoSyncsFullyThenOnlyTheChangesAndQueries() throws Exception {
        Process p =
                PcwProcess.builder(List.of("demo", "--opportunities", "800"))
                        .directory(workdir.toFile())
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        assertThat(out)
                .contains("AWS      800 opportunities")
                .contains("read quota raised from AWS's 10/s to 250/s")
                .contains("Run 1 full sync")
                .contains("at AWS's real read quota (10/s for the whole account)")
                .contains("Run 2 incremental sync")
                .contains("only the changed opportunities were fetched")
                .containsPattern("\\|\\s+Prospect \\|")
                .contains("pcw demo: done in")
                .doesNotContain("Exception");
        Matcher m =
                Pattern.compile("GetOpportunity calls: (\\d+) for (\\d+) changed opportunities")
                        .matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(m.group(1)).isEqualTo(m.group(2));
        assertThat(Integer.parseInt(m.group(2))).isPositive();
        // Invitations and engagements: only the changed ones are fetched, from the fingerprints
        // the first run left in the metadata DB.
        Matcher others =
                Pattern.compile(
                                "GetEngagementInvitation and GetEngagement calls: (\\d+) for (\\d+)"
                                        + " changed")
                        .matcher(out);
        assertThat(others.find()).as(out).isTrue();
        assertThat(others.group(1)).isEqualTo(others.group(2));
        // Change events: the first sync reports every record as created (800 AWS opportunities
        // and the Sandbox ones), the second one only what changed, with one event in full.
        Matcher created =
                Pattern.compile("pcw\\.partnercentral\\.opportunity\\.created\\s+([\\d,]+)")
                        .matcher(out);
        assertThat(created.find()).as(out).isTrue();
        assertThat(Integer.parseInt(created.group(1).replace(",", ""))).isGreaterThanOrEqualTo(800);
        assertThat(out.split("Run 2 incremental sync")[1])
                .contains("pcw.partnercentral.opportunity.updated")
                .contains("pcw.connector.run.completed")
                .contains("one of them:")
                .contains("\"type\" : \"pcw.partnercentral.opportunity.");

        // The write half: requested by one principal, approved by another, executed once, then
        // read back from silver by the third sync.
        assertThat(out)
                .contains(
                        "POST /actions/opportunity as demo-sales (ticket DEMO-1): pending_approval")
                .containsPattern("POST /actions/[0-9a-f-]{36}/approve as demo-lead: approved")
                .contains("CreateOpportunity calls 1;")
                .contains("Run 3 incremental sync");
        Matcher written =
                Pattern.compile(
                                "executed once by the sidecar's worker \\(ClientToken pcw-[0-9a-f-]+\\):"
                                        + " opportunity (O\\d+)")
                        .matcher(out);
        assertThat(written.find()).as(out).isTrue();
        assertThat(out.split("the written opportunity in silver:")[1])
                .contains(written.group(1))
                .contains("Demo Written Corp");

        Path home = workdir.resolve("var/demo");
        // Silver: every AWS and Sandbox opportunity, read back through the Iceberg API.
        HadoopCatalog catalog =
                new HadoopCatalog(
                        new Configuration(), home.resolve("lake/warehouse").toUri().toString());
        Table t =
                catalog.loadTable(
                        TableIdentifier.of(
                                Namespace.of("pcw_silver"), "partnercentral_opportunities"));
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(t).build()) {
            it.forEach(rows::add);
        }
        assertThat(rows.stream().filter(r -> "AWS".equals(r.getField("catalog"))))
                .hasSizeGreaterThanOrEqualTo(800);
        assertThat(rows.stream().filter(r -> "Sandbox".equals(r.getField("catalog"))))
                .hasSizeGreaterThanOrEqualTo(80);
        assertThat(rows).allMatch(r -> r.getField("customer_company_name") != null);

        // The written opportunity was announced like any other new one: one created event.
        long createdOfWritten = 0;
        try (var files = Files.walk(home.resolve("lake/events"))) {
            for (Path f :
                    files.filter(x -> x.getFileName().toString().startsWith("events-"))
                            .collect(java.util.stream.Collectors.toList())) {
                for (String line : Files.readAllLines(f)) {
                    com.fasterxml.jackson.databind.JsonNode e =
                            new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                    if (e.path("type").asText().equals("pcw.partnercentral.opportunity.created")
                            && e.path("subject").asText().equals(written.group(1))) {
                        createdOfWritten++;
                    }
                }
            }
        }
        assertThat(createdOfWritten).as("created events of " + written.group(1)).isEqualTo(1);

        // Partner tiers: the sample's dry-run diff, the job's apply and its events, an upgrade.
        String tiers = out.split("Partner tiers: ")[1];
        assertThat(tiers)
                .contains("the dry run's diff (pcw tiers sync): 5 added, 0 updated, 0 unchanged")
                .containsPattern(
                        "added\\s+HPE\\s+Smith, Jones & Co\\s+Premier\\s+HPE Partner Ready")
                .containsPattern("added\\s+Red Hat\\s+Northwind Systems\\s+Select")
                .containsPattern("pcw.partners.tier.added\\s+5\\n")
                .contains("after an upgrade in the file: 0 added, 1 updated, 4 unchanged")
                .containsPattern("updated\\s+AWS\\s+Blue Harbor Cloud\\s+Gold\\s+\\(was Silver\\)")
                .containsPattern("pcw.partners.tier.updated\\s+1\\n");
        Run list = run("tiers", "list", "--json", "--set", "home=" + home);
        assertThat(list.exit).as(list.output).isZero();
        assertThat(list.output)
                .contains("\"name\" : \"Blue Harbor Cloud\"")
                .contains("\"tier\" : \"Gold\"")
                .contains("\"notes\" : \"Moved up from Registered\\nin 2025\"");

        // Bronze: JSON lines under bronze/partnercentral/<entity>/<yyyy>/<MM>/<dd>/run-<id>/.
        try (var files = Files.walk(home.resolve("lake/bronze/partnercentral/opportunities"))) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".jsonl")))
                    .isNotEmpty()
                    .allMatch(
                            f ->
                                    f.toString()
                                            .matches(
                                                    ".*/opportunities/\\d{4}/\\d{2}/\\d{2}/run-[^/]+/part-[^/]+\\.jsonl"));
        }

        // A bare pcw query in the same folder finds the demo's lake, and prints whole values.
        Run csv =
                run(
                        "query",
                        "SELECT id, customer_company_name FROM partnercentral_opportunities"
                                + " WHERE catalog = 'AWS' ORDER BY id LIMIT 3",
                        "--format",
                        "csv");
        assertThat(csv.exit).as(csv.output).isZero();
        assertThat(csv.output)
                .contains("using the one pcw demo left in var/demo")
                .contains("id,customer_company_name\r\n");
        assertThat(csv.output.split("\r\n")).hasSizeGreaterThanOrEqualTo(4);
        // Read-only by default: the table is still there after a DROP.
        Run drop = run("query", "DROP TABLE partnercentral_opportunities");
        assertThat(drop.exit).isEqualTo(1);
        assertThat(drop.output).contains("pcw query is read-only");
        assertThat(
                        catalog.tableExists(
                                TableIdentifier.of(
                                        Namespace.of("pcw_silver"),
                                        "partnercentral_opportunities")))
                .isTrue();

        // demo --home never empties a folder pcw did not create.
        Path mine = Files.createDirectories(workdir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "mine");
        Run refused = run("demo", "--home", mine.toString());
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.output)
                .contains("refusing to empty " + mine)
                .contains("pcw did not create it")
                .contains("notes.txt");
        assertThat(mine.resolve("notes.txt")).hasContent("mine");

        // The runbook's health query on the metadata DB.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("pcw.db"));
                ResultSet rs =
                        c.createStatement()
                                .executeQuery(
                                        "SELECT entity, status, stats_json->>'records_processed' AS records"
                                                + " FROM ingestion_runs WHERE connector_id = (SELECT id FROM connectors"
                                                + " WHERE kind = 'partner_central') ORDER BY started_at DESC LIMIT 10")) {
            int n = 0;
            while (rs.next()) {
                assertThat(rs.getString("status")).isEqualTo("SUCCEEDED");
                n++;
            }
            assertThat(n).isEqualTo(10);
        }
    }
}
