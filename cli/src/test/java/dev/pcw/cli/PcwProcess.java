package dev.pcw.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** What the CLI ITCases share: {@code bin/pcw} as a process, and its output read as it comes. */
final class PcwProcess {
    static final Path ROOT =
            Paths.get(System.getProperty("pcw.project.root", "..")).toAbsolutePath().normalize();

    /**
     * The JVM options of every {@code bin/pcw} a test starts: these processes live seconds to
     * minutes, and with only the C1 compiler and the serial collector they spend about 40% less CPU
     * (JIT and GC threads) than with the defaults, which on 2 cores is most of the CLI tests' time.
     * Nothing of pcw's behaviour depends on them.
     */
    static final String TEST_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private PcwProcess() {}

    /**
     * {@code bin/pcw ARGS} with stderr into stdout, on the build Maven just made (never rebuilt
     * from inside a test).
     */
    static ProcessBuilder builder(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("bin/pcw").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PCW_SKIP_BUILD", "1");
        pb.environment().put("JAVA_OPTS", TEST_JVM);
        return pb;
    }

    /**
     * {@code bin/pcw ARGS --set home=HOME} run to its end in {@code dir}; its output, once its exit
     * code is checked to be {@code exit}.
     */
    static String run(Path dir, Path home, int exit, List<String> args) throws Exception {
        List<String> all = new ArrayList<>(args);
        all.add("--set");
        all.add("home=" + home);
        Process p = builder(all).directory(dir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/pcw " + args + " did not end within 180 s: " + out);
        }
        if (p.exitValue() != exit) {
            throw new AssertionError(
                    "bin/pcw " + args + " exited " + p.exitValue() + ", not " + exit + ":\n" + out);
        }
        return out;
    }

    /**
     * {@code pcw sidecar keys add NAME --roles ROLES} on {@code home}; the key it printed (once).
     */
    static String addKey(Path home, String name, String roles) throws Exception {
        Process p =
                builder(
                                List.of(
                                        "sidecar",
                                        "keys",
                                        "add",
                                        name,
                                        "--roles",
                                        roles,
                                        "--set",
                                        "home=" + home))
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("pcw sidecar keys add did not end: " + out);
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("pcw_[a-z0-9]{8}_[A-Za-z0-9_-]{43}").matcher(out);
        if (!m.find()) {
            throw new AssertionError("no key printed by pcw sidecar keys add: " + out);
        }
        return m.group();
    }

    /** {@code run ingest --bounded} on {@code home} against a simulator, then {@code more}. */
    static String[] boundedIngest(Path home, java.net.URI endpoint, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "run",
                                "ingest",
                                "--bounded",
                                "--set",
                                "home=" + home,
                                "--set",
                                "connectors.partner_central.endpoint=" + endpoint));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    /**
     * A process's output, read on a thread of its own so the process never blocks on a full pipe.
     * Note that {@link Process#destroy()} closes the pipe: what a signalled process prints while it
     * stops is lost here (redirect it to a file instead).
     */
    static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Thread reader;

        Output(InputStream in) {
            reader =
                    new Thread(
                            () -> {
                                byte[] buf = new byte[8192];
                                try {
                                    for (int n; (n = in.read(buf)) > 0; ) {
                                        synchronized (bytes) {
                                            bytes.write(buf, 0, n);
                                        }
                                    }
                                } catch (IOException e) {
                                    // the process ended or was killed
                                }
                            });
            reader.start();
        }

        /** All of it, once the process has ended. */
        String text() throws InterruptedException {
            reader.join(10_000);
            return soFar();
        }

        String soFar() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits until the output contains {@code text} or the process ends. */
        void await(String text, Process p, long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            while (!soFar().contains(text)
                    && p.isAlive()
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        }
    }
}
