package dev.pcw.connectors.metadata;

import java.nio.file.Paths;

/**
 * A child process for {@link PostgresMetadataDbITCase}: opens the metadata DB from its environment
 * ({@code PCW_DB_URL}, {@code PCW_DB_USER}, {@code PCW_DB_PASSWORD}), writes and reads a run, then
 * tries a database that does not exist and prints the whole failure. The parent checks everything
 * printed for the password.
 *
 * <p>Arguments: {@code <default dir> <url of a missing database>}.
 */
public final class OpenFromEnvironmentMain {

    private OpenFromEnvironmentMain() {}

    public static void main(String[] args) {
        try (MetadataDb db = MetadataDb.fromEnvironment(System.getenv(), Paths.get(args[0]))) {
            System.out.println("OPENED " + db);
            String pc = db.connectors().ensure(Connectors.PARTNER_CENTRAL, "Partner Central");
            String run = db.ingestionRuns().start(pc, "child", "AWS", "opportunities", "full");
            db.ingestionRuns().finish(run, RunStatus.SUCCEEDED, Stats.of(1, 1, 0, 0), null);
            System.out.println("HEALTH " + db.ingestionRuns().healthCheck());
        }
        try (MetadataDb missing =
                MetadataDb.open(
                        args[1],
                        System.getenv(MetadataDb.ENV_USER),
                        System.getenv(MetadataDb.ENV_PASSWORD))) {
            System.out.println("UNEXPECTEDLY OPENED " + missing);
            System.exit(2);
        } catch (RuntimeException e) {
            e.printStackTrace(System.out);
        }
        System.out.println("DONE");
        System.exit(0);
    }
}
