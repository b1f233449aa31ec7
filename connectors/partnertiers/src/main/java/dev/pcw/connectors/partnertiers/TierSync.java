package dev.pcw.connectors.partnertiers;

import dev.pcw.schemas.tiers.RawTierRecord;
import dev.pcw.schemas.tiers.TierDiff;
import dev.pcw.schemas.tiers.TierNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A partner tier sync: the files of an input folder (or one file of it) diffed against the store,
 * and applied when asked. What the sidecar's {@code POST /v1/partners/sync}, {@code pcw tiers sync}
 * and the partner-tiers job share.
 *
 * <p>A folder sync treats all its files as one input: two records of one partner in two files are a
 * duplicate, and a problem in any file keeps every file from being applied. The job applies each
 * file on its own ({@link #syncFile}).
 */
public final class TierSync {
    private final PartnerTierStore store;
    private final TierNormalizer normalizer;

    public TierSync(PartnerTierStore store, TierNormalizer normalizer) {
        this.store = Objects.requireNonNull(store, "store");
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
    }

    public PartnerTierStore store() {
        return store;
    }

    /** The outcome of a sync. */
    public static final class Outcome {
        private final PartnerTierStore.ApplyResult result;
        private final List<TierFile> files;
        private final List<String> warnings;

        Outcome(PartnerTierStore.ApplyResult result, List<TierFile> files, List<String> warnings) {
            this.result = result;
            this.files = List.copyOf(files);
            this.warnings = Collections.unmodifiableList(new ArrayList<>(warnings));
        }

        /** The diff and whether (and as which apply) it was applied. */
        public PartnerTierStore.ApplyResult result() {
            return result;
        }

        public TierDiff diff() {
            return result.diff();
        }

        /** The files read. */
        public List<TierFile> files() {
            return files;
        }

        /** Unknown columns and fields, ignored. */
        public List<String> warnings() {
            return warnings;
        }
    }

    /**
     * Syncs every partner tier file of {@code folder} as one input.
     *
     * @param dryRun plan only (the default of every caller)
     * @param requestedBy who asked (kept in the commit's summary); may be null
     * @throws TierLoadException when a file cannot be read: nothing is applied
     * @throws UncheckedIOException when the folder cannot be listed
     */
    public Outcome sync(TierInputFolder folder, boolean dryRun, String requestedBy) {
        return sync(folder, dryRun, false, requestedBy);
    }

    /**
     * As {@link #sync(TierInputFolder, boolean, String)}; a dry run {@code withPrevious} also gives
     * each update the version it replaces (it reads the store whole: slower on large stores).
     */
    public Outcome sync(
            TierInputFolder folder, boolean dryRun, boolean withPrevious, String requestedBy) {
        List<TierFile> files = folder.list();
        return run(folder, files, dryRun, withPrevious, requestedBy);
    }

    /** Syncs one file of {@code folder} on its own (see {@link #sync}). */
    public Outcome syncFile(
            TierInputFolder folder, TierFile file, boolean dryRun, String requestedBy) {
        return run(folder, List.of(file), dryRun, true, requestedBy);
    }

    private Outcome run(
            TierInputFolder folder,
            List<TierFile> files,
            boolean dryRun,
            boolean withPrevious,
            String requestedBy) {
        List<String> warnings = new ArrayList<>();
        PartnerTierStore.ApplyResult result =
                store.apply(
                        (stored, now) -> {
                            warnings.clear();
                            TierDiff diff = TierDiff.against(stored, normalizer, now);
                            read(folder, files, diff, warnings);
                            return diff;
                        },
                        dryRun,
                        withPrevious,
                        requestedBy);
        return new Outcome(result, files, warnings);
    }

    /** Records per batch handed from the reading thread to the diffing one. */
    private static final int BATCH = 4096;

    private static final List<RawTierRecord> END = new ArrayList<>();

    /**
     * Reads the files into {@code diff}: parsing on a thread of its own, normalizing and diffing on
     * this one, so the two overlap (a large file parses in about the time it takes to diff).
     */
    private static void read(
            TierInputFolder folder, List<TierFile> files, TierDiff diff, List<String> warnings) {
        BlockingQueue<List<RawTierRecord>> queue = new ArrayBlockingQueue<>(16);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AtomicBoolean cancelled = new AtomicBoolean();
        List<String> found = new ArrayList<>();
        Thread parser =
                new Thread(
                        () -> {
                            List<RawTierRecord> batch = new ArrayList<>(BATCH);
                            try {
                                for (TierFile f : files) {
                                    try (InputStream in = folder.open(f)) {
                                        List<RawTierRecord>[] current = new List[] {batch};
                                        found.addAll(
                                                TierFileReader.read(
                                                        f.name(),
                                                        in,
                                                        r -> {
                                                            current[0].add(r);
                                                            if (current[0].size() == BATCH) {
                                                                put(queue, current[0], cancelled);
                                                                current[0] = new ArrayList<>(BATCH);
                                                            }
                                                        }));
                                        batch = current[0];
                                    } catch (IOException e) {
                                        throw new TierLoadException(
                                                f.name(), "cannot read it: " + e.getMessage(), e);
                                    }
                                }
                                if (!batch.isEmpty()) {
                                    put(queue, batch, cancelled);
                                }
                            } catch (RuntimeException e) {
                                failure.set(e);
                            } finally {
                                put(queue, END, cancelled);
                            }
                        },
                        "partner-tiers-parse");
        parser.setDaemon(true);
        parser.start();
        try {
            while (true) {
                List<RawTierRecord> batch = queue.take();
                if (batch == END) {
                    break;
                }
                batch.forEach(diff::accept);
            }
            parser.join();
        } catch (InterruptedException e) {
            cancelled.set(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading partner tier files", e);
        } catch (RuntimeException e) {
            cancelled.set(true);
            queue.clear();
            throw e;
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        warnings.addAll(found);
    }

    private static void put(
            BlockingQueue<List<RawTierRecord>> queue,
            List<RawTierRecord> batch,
            AtomicBoolean cancelled) {
        try {
            while (!cancelled.get()) {
                if (queue.offer(batch, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the partner tier sync stopped reading");
    }
}
