package dev.pcw.connectors.partnercentral.simulator.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * kinesalite (a Kinesis emulator from npm) started by the test that needs it, on 127.0.0.1 and a
 * free port, from a small node script (its own CLI would listen on every interface). Installs it
 * under {@code target/kinesalite} with npm the first time.
 */
public final class Kinesalite implements AutoCloseable {
    private final Process process;
    private final int port;

    private Kinesalite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts kinesalite, installing it with npm under {@code target/kinesalite} if needed. */
    public static Kinesalite start() throws Exception {
        return start(Paths.get("target", "kinesalite"));
    }

    /** Starts kinesalite, installing it with npm under {@code installDir} if needed. */
    public static Kinesalite start(Path installDir) throws Exception {
        Path dir = installDir.toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules/kinesalite"))) {
            Files.createDirectories(dir);
            Process npm =
                    new ProcessBuilder(
                                    "npm",
                                    "install",
                                    "--no-audit",
                                    "--no-fund",
                                    "--prefix",
                                    dir.toString(),
                                    "kinesalite@3.3.3")
                            .redirectErrorStream(true)
                            .start();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                throw new IllegalStateException(
                        "npm install kinesalite failed (node and npm are needed): " + out);
            }
        }
        Path script = dir.resolve("start.js");
        Files.writeString(
                script,
                "const kinesalite = require('kinesalite');\n"
                        + "const server = kinesalite({createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0});\n"
                        + "server.listen(0, '127.0.0.1', () => console.log('PORT=' + server.address().port));\n");
        Process p =
                new ProcessBuilder("node", script.toString())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT=")) {
            p.destroyForcibly();
            throw new IllegalStateException("kinesalite did not start: " + line);
        }
        return new Kinesalite(p, Integer.parseInt(line.substring(5).trim()));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A Kinesis client of the AWS SDK for this kinesalite (it accepts any keys); close it. */
    public KinesisClient client() {
        return KinesisClient.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("kinesalite", "kinesalite")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Creates a stream of {@code shards} shards and waits until it exists. */
    public void createStream(String name, int shards) {
        try (KinesisClient kinesis = client()) {
            kinesis.createStream(b -> b.streamName(name).shardCount(shards));
            kinesis.waiter().waitUntilStreamExists(b -> b.streamName(name));
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
