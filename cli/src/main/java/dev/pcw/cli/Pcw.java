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
            QueryCommand.class,
            SimulatorCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Run 'pcw <command> --help' for a command's options.",
            "Environment: PCW_LOG_LEVEL (WARN), JAVA_OPTS (extra JVM flags)."
        })
public final class Pcw implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
                                                    "pcw "
                                                            + cmd.getCommandName()
                                                            + ": "
                                                            + messageOf(ex)));
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

    /** The message of the exception and of its causes, without stack traces. */
    static String messageOf(Throwable ex) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = ex; t != null && t.getCause() != t; t = t.getCause()) {
            String m = t.getMessage();
            m = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
            if (sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        return sb.toString();
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
