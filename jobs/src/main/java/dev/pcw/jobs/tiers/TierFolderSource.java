package dev.pcw.jobs.tiers;

import dev.pcw.connectors.partnertiers.TierFile;
import dev.pcw.connectors.partnertiers.TierInputFolder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the partner tier input folder: emits each file that is new or changed (a new fingerprint)
 * since it was last read, then a tick, on every look; bounded, it looks once and finishes.
 *
 * <p>One split holds the fingerprints; the enumerator hands it to the one reader (parallelism 1)
 * and takes it back if that reader fails before a checkpoint. The reader lists the folder on its
 * own thread every {@code pollInterval} (a listing is one small call) and marks a file read when it
 * emits it, so a checkpoint never holds a file as read whose signal is not before the barrier.
 */
public final class TierFolderSource
        implements Source<TierSignal, TierFolderSplit, List<TierFolderSplit>> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TierFolderSource.class);

    private final TierInputFolder folder;
    private final Duration pollInterval;
    private final boolean bounded;

    public TierFolderSource(TierInputFolder folder, Duration pollInterval, boolean bounded) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.bounded = bounded;
    }

    @Override
    public Boundedness getBoundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<TierFolderSplit, List<TierFolderSplit>> createEnumerator(
            SplitEnumeratorContext<TierFolderSplit> context) {
        return new Enumerator(context, List.of(new TierFolderSplit(Map.of())));
    }

    @Override
    public SplitEnumerator<TierFolderSplit, List<TierFolderSplit>> restoreEnumerator(
            SplitEnumeratorContext<TierFolderSplit> context, List<TierFolderSplit> checkpoint) {
        return new Enumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<TierFolderSplit> getSplitSerializer() {
        return new TierFolderSplit.Serializer();
    }

    @Override
    public SimpleVersionedSerializer<List<TierFolderSplit>> getEnumeratorCheckpointSerializer() {
        return new EnumeratorStateSerializer();
    }

    @Override
    public SourceReader<TierSignal, TierFolderSplit> createReader(SourceReaderContext context) {
        return new Reader(context, folder, pollInterval, bounded);
    }

    /** Hands the split to the first reader that asks; holds it while none has it. */
    static final class Enumerator
            implements SplitEnumerator<TierFolderSplit, List<TierFolderSplit>> {
        private final SplitEnumeratorContext<TierFolderSplit> context;
        private final List<TierFolderSplit> unassigned;

        Enumerator(SplitEnumeratorContext<TierFolderSplit> context, List<TierFolderSplit> splits) {
            this.context = context;
            this.unassigned = new ArrayList<>(splits);
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
            assign(subtaskId);
        }

        @Override
        public void addSplitsBack(List<TierFolderSplit> splits, int subtaskId) {
            unassigned.addAll(splits);
        }

        @Override
        public void addReader(int subtaskId) {
            assign(subtaskId);
        }

        private void assign(int subtaskId) {
            if (!context.registeredReaders().containsKey(subtaskId)) {
                return;
            }
            for (TierFolderSplit s : unassigned) {
                context.assignSplit(s, subtaskId);
            }
            unassigned.clear();
            context.signalNoMoreSplits(subtaskId);
        }

        @Override
        public List<TierFolderSplit> snapshotState(long checkpointId) {
            return new ArrayList<>(unassigned);
        }

        @Override
        public void close() {}
    }

    /** Lists the folder when due and emits what changed. */
    static final class Reader implements SourceReader<TierSignal, TierFolderSplit> {
        private final SourceReaderContext context;
        private final TierInputFolder folder;
        private final long pollMillis;
        private final boolean bounded;
        private final ArrayDeque<TierSignal> pending = new ArrayDeque<>();
        private Map<String, String> seen;
        private boolean noMoreSplits;
        private boolean lookedOnce;
        private long nextLookAt;
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private ScheduledExecutorService timer;

        Reader(
                SourceReaderContext context,
                TierInputFolder folder,
                Duration pollInterval,
                boolean bounded) {
            this.context = context;
            this.folder = folder;
            this.pollMillis = pollInterval.toMillis();
            this.bounded = bounded;
        }

        @Override
        public void start() {
            timer =
                    Executors.newSingleThreadScheduledExecutor(
                            r -> {
                                Thread t = new Thread(r, "partner-tiers-folder-timer");
                                t.setDaemon(true);
                                return t;
                            });
            context.sendSplitRequest();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<TierSignal> output) {
            if (seen == null) {
                return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
            }
            TierSignal next = pending.poll();
            if (next != null) {
                if (next.file() != null) {
                    seen.put(next.file().name(), next.file().fingerprint());
                }
                output.collect(next);
                return InputStatus.MORE_AVAILABLE;
            }
            if (bounded && lookedOnce) {
                return InputStatus.END_OF_INPUT;
            }
            if (System.currentTimeMillis() >= nextLookAt) {
                look();
                return InputStatus.MORE_AVAILABLE;
            }
            return InputStatus.NOTHING_AVAILABLE;
        }

        private void look() {
            nextLookAt = System.currentTimeMillis() + pollMillis;
            List<TierFile> files;
            try {
                files = folder.list();
            } catch (RuntimeException e) {
                if (bounded) {
                    throw e;
                }
                // A folder that is briefly away (a network share, S3 hiccup): look again later.
                LOG.warn("Cannot list the partner tier folder {}: {}", folder, e.getMessage());
                return;
            } finally {
                lookedOnce = true;
            }
            java.util.Set<String> listed = new java.util.HashSet<>();
            for (TierFile f : files) {
                listed.add(f.name());
                if (!f.fingerprint().equals(seen.get(f.name()))) {
                    pending.add(TierSignal.file(f));
                }
            }
            // A file removed is forgotten: put back (even unchanged), it is read again.
            seen.keySet().retainAll(listed);
            pending.add(TierSignal.tick());
        }

        @Override
        public List<TierFolderSplit> snapshotState(long checkpointId) {
            return seen == null ? List.of() : List.of(new TierFolderSplit(seen));
        }

        @Override
        public synchronized CompletableFuture<Void> isAvailable() {
            if (seen == null && !noMoreSplits) {
                return available;
            }
            if (!pending.isEmpty() || seen == null || (bounded && lookedOnce)) {
                return CompletableFuture.completedFuture(null);
            }
            long wait = nextLookAt - System.currentTimeMillis();
            if (wait <= 0) {
                return CompletableFuture.completedFuture(null);
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
                CompletableFuture<Void> f = available;
                timer.schedule(() -> f.complete(null), wait, TimeUnit.MILLISECONDS);
            }
            return available;
        }

        @Override
        public synchronized void addSplits(List<TierFolderSplit> splits) {
            for (TierFolderSplit s : splits) {
                seen = new HashMap<>(s.seen());
            }
            available.complete(null);
        }

        @Override
        public synchronized void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
        }

        @Override
        public void close() {
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }

    /** The enumerator's unassigned splits: a count, then each split's serialized bytes. */
    static final class EnumeratorStateSerializer
            implements SimpleVersionedSerializer<List<TierFolderSplit>> {
        private final TierFolderSplit.Serializer splits = new TierFolderSplit.Serializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<TierFolderSplit> state) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(state.size());
                for (TierFolderSplit s : state) {
                    byte[] b = splits.serialize(s);
                    out.writeInt(splits.getVersion());
                    out.writeInt(b.length);
                    out.write(b);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public List<TierFolderSplit> deserialize(int version, byte[] serialized)
                throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<TierFolderSplit> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int v = in.readInt();
                    byte[] b = new byte[in.readInt()];
                    in.readFully(b);
                    out.add(splits.deserialize(v, b));
                }
                return Collections.unmodifiableList(out);
            }
        }
    }
}
