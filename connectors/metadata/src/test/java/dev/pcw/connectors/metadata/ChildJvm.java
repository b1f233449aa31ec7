package dev.pcw.connectors.metadata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a main class from the test classpath; its stdout and stderr are collected
 * line by line and its stdin takes commands. Closing it kills it if still alive.
 */
final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final Writer stdin;

    private ChildJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader in =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    process.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    output.add(line);
                                }
                            } catch (IOException e) {
                                output.add("[reader] " + e);
                            }
                        },
                        "child-jvm-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java [jvmArgs] -cp <test classpath> <main> [args]} with the parent's
     * environment plus {@code env}.
     */
    static ChildJvm start(
            String name,
            Class<?> main,
            Map<String, String> env,
            List<String> jvmArgs,
            String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        Collections.addAll(command, args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new ChildJvm(name, builder.start());
    }

    /** Waits until the child printed exactly {@code line}; fails with its output otherwise. */
    void awaitLine(String line, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(line)) {
                return;
            }
            if (!process.isAlive() && !output().contains(line)) {
                Thread.sleep(100); // let the reader drain the last lines
                if (output().contains(line)) {
                    return;
                }
                throw new AssertionError(
                        name + " exited before printing " + line + ": " + output());
            }
            Thread.sleep(10);
        }
        throw new AssertionError(
                name + " did not print " + line + " in " + timeout + ": " + output());
    }

    void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Waits for the exit code; kills the child and fails on timeout. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not exit in " + timeout + ": " + output());
        }
        Thread.sleep(100); // let the reader drain the last lines
        return process.exitValue();
    }

    List<String> output() {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
