package dev.pcw.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.scheduler.stopwithsavepoint.StopWithSavepointStoppingException;
import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

class SavepointsTest {
    private static final String PATH = "file:/var/pcw/savepoints/savepoint-6f1c2a-0b9e8d7c6a5f";

    @Test
    void aSavepointCreatedBeforeTheJobFailedWhileStoppingIsKept() {
        Throwable error =
                new ExecutionException(
                        new CompletionException(
                                new StopWithSavepointStoppingException(PATH, new JobID())));

        assertThat(Savepoints.createdDespiteStopFailure(error)).contains(PATH);
    }

    @Test
    void itIsFoundInASerializedCopyOfTheErrorByItsMessage() {
        // What a client gets over REST or from another class loader: the class is gone, the
        // message stays.
        Throwable serialized =
                new SerializedThrowable(new StopWithSavepointStoppingException(PATH, new JobID()));

        assertThat(Savepoints.createdDespiteStopFailure(new ExecutionException(serialized)))
                .contains(PATH);
    }

    @Test
    void anyOtherStopFailureHasNoSavepoint() {
        Throwable error =
                new ExecutionException(
                        new IllegalStateException(
                                "Failed to trigger savepoint: checkpoint coordinator is shut down"));

        assertThat(Savepoints.createdDespiteStopFailure(error)).isEmpty();
    }
}
