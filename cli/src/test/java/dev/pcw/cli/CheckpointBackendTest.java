package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeOffsets;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which state backend wrote a retained checkpoint, read from its {@code _metadata}: RocksDB's
 * incremental handles, the heap's full snapshots, no keyed state at all; and a {@code _metadata}
 * that cannot be read is an error naming the checkpoint and what to do, not a stack trace.
 */
class CheckpointBackendTest {
    @TempDir Path tmp;

    @Test
    void incrementalHandlesMeanRocksDb() throws Exception {
        Path chk = checkpoint("chk-3", rocksDbHandle());
        assertThat(IngestSession.checkpointBackend(chk.toString())).contains("rocksdb");
        // As pcw passes it: a file URI.
        assertThat(IngestSession.checkpointBackend(chk.toUri().toString())).contains("rocksdb");
    }

    @Test
    void fullSnapshotsMeanTheHeap() throws Exception {
        Path chk = checkpoint("chk-4", heapHandle());
        assertThat(IngestSession.checkpointBackend(chk.toString())).contains("hashmap");
    }

    @Test
    void noKeyedStateOrNoMetadataTellsNothing() throws Exception {
        assertThat(IngestSession.checkpointBackend(checkpoint("chk-5", null).toString())).isEmpty();
        Path bare = Files.createDirectories(tmp.resolve("job/chk-6"));
        assertThat(IngestSession.checkpointBackend(bare.toString())).isEmpty();
    }

    @Test
    void anUnreadableMetadataFileSaysWhichCheckpointAndWhatToDo() throws Exception {
        Path chk = checkpoint("chk-7", heapHandle());
        Path metadata = chk.resolve("_metadata");
        byte[] whole = Files.readAllBytes(metadata);

        // Cut short.
        Files.write(metadata, Arrays.copyOf(whole, whole.length / 2));
        assertUnreadable(chk);
        // Empty.
        Files.write(metadata, new byte[0]);
        assertUnreadable(chk);
        // Not a checkpoint at all.
        Files.writeString(metadata, "{\"not\": \"a checkpoint\"}");
        assertUnreadable(chk);
    }

    private static void assertUnreadable(Path chk) {
        assertThatThrownBy(() -> IngestSession.checkpointBackend(chk.toUri().toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the checkpoint " + chk + " cannot be read (_metadata: ")
                .hasMessageContaining("pass --no-restore to start from the metadata DB")
                .hasMessageContaining("move that folder away to resume from an older checkpoint")
                // One line, as bin/pcw prints it.
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    /** A checkpoint folder whose {@code _metadata} holds one operator with {@code keyed} state. */
    private Path checkpoint(String name, KeyedStateHandle keyed) throws Exception {
        Path chk = Files.createDirectories(tmp.resolve("job").resolve(name));
        OperatorState operator = new OperatorState(new OperatorID(), 1, 128);
        OperatorSubtaskState.Builder subtask = OperatorSubtaskState.builder();
        if (keyed != null) {
            subtask.setManagedKeyedState(keyed);
        }
        operator.putState(0, subtask.build());
        CheckpointMetadata metadata = new CheckpointMetadata(7L, List.of(operator), List.of());
        try (OutputStream file = Files.newOutputStream(chk.resolve("_metadata"));
                DataOutputStream out = new DataOutputStream(file)) {
            Checkpoints.storeCheckpointMetadata(metadata, out);
        }
        return chk;
    }

    private static KeyedStateHandle heapHandle() {
        return new KeyGroupsStateHandle(
                new KeyGroupRangeOffsets(KeyGroupRange.of(0, 127)),
                new ByteStreamStateHandle("heap-state", new byte[] {1, 2, 3}));
    }

    private static KeyedStateHandle rocksDbHandle() {
        return new IncrementalRemoteKeyedStateHandle(
                UUID.randomUUID(),
                KeyGroupRange.of(0, 127),
                7L,
                List.of(),
                List.of(),
                new ByteStreamStateHandle("rocksdb-meta", new byte[] {4, 5, 6}));
    }
}
