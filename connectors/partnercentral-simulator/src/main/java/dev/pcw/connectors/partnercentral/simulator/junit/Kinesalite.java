package dev.pcw.connectors.partnercentral.simulator.junit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

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
