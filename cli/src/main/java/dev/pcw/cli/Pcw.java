package dev.pcw.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pcw} command line: one entry point, one subcommand per task. */
@Command(
        name = "pcw",
        mixinStandardHelpOptions = true,
        versionProvider = Pcw.Version.class,
        description = {
            "Partner Central to data lake: sync AWS Partner Central into Iceberg tables,"
                    + " safely and within the API quota.",
            ""
        },
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ReplayCommand.class,
            MaintainCommand.class,
            CheckCommand.class,
            QueryCommand.class,
            SimulatorCommand.class,
            SidecarCommand.class,
            ActionsCommand.class,
            AuditCommand.class,
            TiersCommand.class,
            RunsCommand.class,
            DescribeCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Run 'pcw <command> --help' for a command's options.",
            "Environment: PCW_LOG_LEVEL (WARN), PCW_LOG_FORMAT (text, or json: one object a"
                    + " line), JAVA_OPTS (extra JVM flags)."
        })
public final class Pcw implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Set by {@code --verbose} on any command: errors come with their stack trace. */
    static volatile boolean verbose;

    @CommandLine.Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print its stack trace after the one-line message.")
    void setVerbose(boolean v) {
        verbose = v;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and returns its exit code. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Pcw());
        cli.setExecutionExceptionHandler(
                (ex, cmd, parseResult) -> {
                    cmd.getErr()
                            .println(
                                    cmd.getColorScheme()
                                            .errorText(
                                                    cmd.getCommandSpec().qualifiedName()
                                                            + ": "
                                                            + messageOf(ex)));
                    if (verbose) {
                        ex.printStackTrace(cmd.getErr());
                    } else {
                        cmd.getErr().println("(--verbose shows the stack trace)");
                    }
                    return 1;
                });
        cli.setParameterExceptionHandler(
                (ex, params) -> {
                    CommandLine cmd = ex.getCommandLine();
                    cmd.getErr().println(cmd.getColorScheme().errorText(ex.getMessage()));
                    CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr());
                    cmd.getErr()
                            .println(
                                    "Run '"
                                            + cmd.getCommandSpec().qualifiedName()
                                            + " --help' for the options.");
                    return cmd.getCommandSpec().exitCodeOnInvalidInput();
                });
        return cli.execute(args);
    }

    /**
     * What went wrong, in one line: the message of the deepest of pcw's own exceptions in the chain
     * (they say what to check), else the messages of the chain; the wrappers around them (Flink's
     * "Job execution failed", restart suppression, fetcher and future wrappers) are left out.
     */
    static String messageOf(Throwable ex) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        java.util.Set<Throwable> seen =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable t = chain.get(i);
            if (t.getClass().getName().startsWith("dev.pcw.") && hasMessage(t)) {
                return t.getMessage();
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable t : chain) {
            if (isWrapper(t) && t != chain.get(chain.size() - 1)) {
                continue;
            }
            String m = hasMessage(t) ? t.getMessage() : t.getClass().getSimpleName();
            if (sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        return sb.toString();
    }

    private static boolean hasMessage(Throwable t) {
        return t.getMessage() != null && !t.getMessage().isBlank();
    }

    /** Exceptions that only carry their cause to us. */
    private static boolean isWrapper(Throwable t) {
        String name = t.getClass().getName();
        String m = String.valueOf(t.getMessage());
        return t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.util.concurrent.CompletionException
                || t instanceof java.lang.reflect.InvocationTargetException
                || name.equals("org.apache.flink.runtime.client.JobExecutionException")
                || name.equals("org.apache.flink.runtime.JobException")
                || name.equals("org.apache.flink.runtime.execution.SuppressRestartsException")
                || (t.getCause() != null
                        && (m.startsWith("One or more fetchers have encountered exception")
                                || m.startsWith("SplitFetcher thread")
                                || m.equals(String.valueOf(t.getCause()))));
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Pcw.class.getResourceAsStream("/pcw-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"pcw " + p.getProperty("version", "unknown")};
        }
    }
}
