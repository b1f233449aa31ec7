package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint folders pcw lists and removes while Flink deletes them too: a finished job's last
 * checkpoints are discarded on a thread of Flink's own, after the job has ended, and a run that
 * finished must not fail because a folder vanished under its listing (it did: "pcw run: .../chk-5",
 * exit 1, the lease left held).
 */
class CheckpointFoldersTest {
    private static final int CHECKPOINTS = 200;

    @TempDir Path dir;

    @Test
    void removingCheckpointsWhileFlinkDiscardsThemIsNoError() throws Exception {
        for (int round = 0; round < 5; round++) {
            List<Path> folders = checkpoints(round);
            Thread flink = discarding(folders);
            IngestSession.removeCheckpoints(dir);
            flink.join();
            try (var left = Files.list(dir)) {
                assertThat(left).as("round %d", round).isEmpty();
            }
        }
    }

    @Test
    void theNewestCheckpointIsFoundWhileOthersAreDiscarded() throws Exception {
        for (int round = 0; round < 5; round++) {
            List<Path> folders = checkpoints(round);
            Path newest = folders.get(folders.size() - 1);
            Files.setLastModifiedTime(
                    newest.resolve("_metadata"),
                    java.nio.file.attribute.FileTime.fromMillis(
                            System.currentTimeMillis() + 60_000));
            // Flink discards every older one meanwhile.
            Thread flink = discarding(folders.subList(0, folders.size() - 1));
            Optional<Path> found = IngestSession.latestCheckpoint(dir);
            flink.join();
            assertThat(found).as("round %d", round).contains(newest);
            IngestSession.removeCheckpoints(dir);
        }
    }

    /** {@code CHECKPOINTS} folders {@code job-R/chk-N} with a {@code _metadata} and state files. */
    private List<Path> checkpoints(int round) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < CHECKPOINTS; i++) {
            Path chk = Files.createDirectories(dir.resolve("job-" + round).resolve("chk-" + i));
            Files.writeString(chk.resolve("_metadata"), "m");
            Files.writeString(chk.resolve("state-a"), "a");
            Files.writeString(chk.resolve("state-b"), "b");
            out.add(chk);
        }
        return out;
    }

    /** A thread deleting {@code folders}, as Flink's checkpoint cleaner does, already started. */
    private static Thread discarding(List<Path> folders) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Thread t =
                new Thread(
                        () -> {
                            started.countDown();
                            for (Path chk : folders) {
                                try {
                                    for (String f : List.of("state-b", "state-a", "_metadata")) {
                                        Files.deleteIfExists(chk.resolve(f));
                                    }
                                    Files.deleteIfExists(chk);
                                } catch (IOException e) {
                                    // pcw deleted it first, or is deleting it now
                                }
                            }
                        });
        t.start();
        started.await();
        return t;
    }
}
