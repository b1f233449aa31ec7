package dev.pcw.cli;

import dev.pcw.connectors.metadata.AuditLog;
import dev.pcw.connectors.metadata.MetadataDb;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pcw audit}: the audit log's integrity. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {"The audit log of the sidecar's write actions and approvals."},
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = {
                "Walk the audit log's hash chain from its first row and name the first row that"
                        + " was edited, removed or slipped in behind pcw's back. Exits 1 when the"
                        + " chain is broken."
            })
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin ConfigOptions options = new ConfigOptions();

        @Override
        public Integer call() {
            try (MetadataDb db = options.openDb()) {
                AuditLog.Verification v = new AuditLog(db, Clock.systemUTC()).verify();
                if (!v.intact()) {
                    throw new IllegalStateException(
                            "the audit log in "
                                    + db.redactedUrl()
                                    + " is broken at "
                                    + v.firstBad
                                    + " ("
                                    + v.rows
                                    + " rows read)");
                }
                spec.commandLine()
                        .getOut()
                        .printf(
                                "pcw audit verify: %d rows, the chain is intact (%s)%n",
                                v.rows, db.redactedUrl());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
