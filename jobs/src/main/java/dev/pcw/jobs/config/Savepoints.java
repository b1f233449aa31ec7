package dev.pcw.jobs.config;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.scheduler.stopwithsavepoint.StopWithSavepointStoppingException;

/**
 * Stops a job with a savepoint, the way every pcw command and test does.
 *
 * <p>Flink can complete the savepoint and then see the job fail while it stops (its {@code
 * StopWithSavepointStoppingException}: "A savepoint has been created at: …, but the corresponding
 * job … failed during stopping"). Flink calls that savepoint consistent: restoring it commits what
 * it holds pending. {@link #stop} returns it rather than failing, so the caller resumes from the
 * savepoint instead of an older checkpoint.
 */
public final class Savepoints {
    private static final Pattern CREATED_AT =
            Pattern.compile("A savepoint has been created at: (\\S+?),? but");

    private Savepoints() {}

    /**
     * Stops {@code job} with a canonical savepoint under {@code directory}; the savepoint's path.
     *
     * @throws Exception when no savepoint was written (the job keeps running or has failed)
     */
    public static String stop(JobClient job, String directory, Duration timeout) throws Exception {
        try {
            return job.stopWithSavepoint(false, directory, SavepointFormatType.CANONICAL)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Optional<String> created = createdDespiteStopFailure(e);
            if (created.isPresent()) {
                return created.get();
            }
            throw e;
        }
    }

    /**
     * The savepoint named by a "created, but the job failed during stopping" error anywhere in
     * {@code error}'s causes. The exception may arrive serialized (over REST or from the
     * JobManager), so its message is read rather than its class.
     */
    static Optional<String> createdDespiteStopFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StopWithSavepointStoppingException) {
                return Optional.of(((StopWithSavepointStoppingException) t).getSavepointPath());
            }
            String message = t.getMessage();
            if (message != null) {
                Matcher m = CREATED_AT.matcher(message);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }
}
