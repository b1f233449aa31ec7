package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/pcw sidecar} as a user runs it: a key added (printed once, never again), the service
 * on a free port printing its URL, the key admitted, a revoked key refused, and nothing of the key
 * in the service's output or in the metadata DB file.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SidecarCommandITCase {
    @TempDir Path home;

    private String pcw(String... args) throws Exception {
        Process p =
                PcwProcess.builder(
                                new java.util.ArrayList<>(
                                        java.util.stream.Stream.concat(
                                                        java.util.Arrays.stream(args),
                                                        java.util.stream.Stream.of(
                                                                "--set", "home=" + home))
                                                .toList()))
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return "exit " + p.exitValue() + "\n" + out;
    }

    @Test
    void aKeyAddedOnTheCommandLineOpensTheServiceUntilRevoked() throws Exception {
        String added = pcw("sidecar", "keys", "add", "ops", "--roles", "viewer");
        assertThat(added).startsWith("exit 0").contains("not shown again");
        Matcher m = Pattern.compile("pcw_[a-z0-9]{8}_[A-Za-z0-9_-]{43}").matcher(added);
        assertThat(m.find()).isTrue();
        String key = m.group();
        assertThat(pcw("sidecar", "keys", "add", "x", "--roles", "root"))
                .startsWith("exit 1")
                .contains("pcw sidecar keys add: unknown role 'root'");
        String listed = pcw("sidecar", "keys", "list");
        assertThat(listed).contains("ops").contains("viewer").doesNotContain(key);

        Path log = home.resolve("sidecar.log");
        Process sidecar =
                PcwProcess.builder(List.of("sidecar", "--port", "0", "--set", "home=" + home))
                        .redirectOutput(log.toFile())
                        .start();
        try {
            URI url = null;
            long deadline = System.currentTimeMillis() + 90_000;
            while (url == null && System.currentTimeMillis() < deadline && sidecar.isAlive()) {
                Matcher u =
                        Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)")
                                .matcher(Files.readString(log));
                if (u.find()) {
                    url = URI.create(u.group(1));
                } else {
                    Thread.sleep(100);
                }
            }
            assertThat(url).as(Files.readString(log)).isNotNull();
            // It says what it may write, where, and how approvals go (the seed's defaults).
            String started = Files.readString(log);
            for (long t = System.currentTimeMillis() + 10_000;
                    !started.contains("write actions") && System.currentTimeMillis() < t; ) {
                Thread.sleep(50);
                started = Files.readString(log);
            }
            assertThat(started)
                    .contains(
                            "write actions            associate_opportunity, create_opportunity,"
                                    + " start_engagement (catalog AWS; approval required)");
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest status =
                    HttpRequest.newBuilder(url.resolve("/status"))
                            .header("Authorization", "Bearer " + key)
                            .build();
            assertThat(http.send(status, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);

            assertThat(pcw("sidecar", "keys", "revoke", "ops")).startsWith("exit 0");
            assertThat(pcw("sidecar", "keys", "revoke", "ops"))
                    .startsWith("exit 1")
                    .contains("no active key");
            HttpResponse<String> refused = http.send(status, HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
        } finally {
            sidecar.destroy();
            assertThat(sidecar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        // The key is nowhere but in what 'keys add' printed.
        assertThat(Files.readString(log)).doesNotContain(key);
        byte[] dbFile = Files.readAllBytes(home.resolve("pcw.db"));
        assertThat(new String(dbFile, StandardCharsets.ISO_8859_1))
                .doesNotContain(key.substring(13));
    }

    /**
     * {@code pcw audit verify} on the metadata DB's audit log: intact after appends, and the row
     * edited behind pcw's back named, with exit code 1.
     */
    @Test
    void auditVerifyNamesTheFirstRowEditedBehindPcwsBack() throws Exception {
        try (dev.pcw.connectors.metadata.MetadataDb db =
                dev.pcw.connectors.metadata.MetadataDb.openSqlite(home)) {
            dev.pcw.connectors.metadata.AuditLog audit =
                    new dev.pcw.connectors.metadata.AuditLog(db, java.time.Clock.systemUTC());
            for (int i = 1; i <= 3; i++) {
                audit.append("alice", "step" + i, "act-1", "OPS-1", "ok", null, null);
            }
        }
        assertThat(pcw("audit", "verify"))
                .startsWith("exit 0")
                .contains("3 rows, the chain is intact");
        try (java.sql.Connection c =
                        java.sql.DriverManager.getConnection(
                                dev.pcw.connectors.metadata.MetadataDb.sqliteUrl(home));
                java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_log SET outcome = 'approved' WHERE seq = 2");
        }
        assertThat(pcw("audit", "verify"))
                .startsWith("exit 1")
                .contains("pcw audit verify: the audit log in jdbc:sqlite:")
                .contains("is broken at row #2 ")
                .contains("does not match its hash");
    }
}
