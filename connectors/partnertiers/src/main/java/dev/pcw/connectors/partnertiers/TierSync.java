package dev.pcw.connectors.partnertiers;

import dev.pcw.schemas.tiers.TierDiff;
import dev.pcw.schemas.tiers.TierNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
        List<TierFile> files = folder.list();
        return run(folder, files, dryRun, requestedBy);
    }

    /** Syncs one file of {@code folder} on its own (see {@link #sync}). */
    public Outcome syncFile(
            TierInputFolder folder, TierFile file, boolean dryRun, String requestedBy) {
        return run(folder, List.of(file), dryRun, requestedBy);
    }

    private Outcome run(
            TierInputFolder folder, List<TierFile> files, boolean dryRun, String requestedBy) {
        List<String> warnings = new ArrayList<>();
        PartnerTierStore.ApplyResult result =
                store.apply(
                        (stored, now) -> {
                            warnings.clear();
                            TierDiff diff = TierDiff.against(stored, normalizer, now);
                            for (TierFile f : files) {
                                try (InputStream in = folder.open(f)) {
                                    warnings.addAll(
                                            TierFileReader.read(f.name(), in, diff::accept));
                                } catch (IOException e) {
                                    throw new TierLoadException(
                                            f.name(), "cannot read it: " + e.getMessage(), e);
                                }
                            }
                            return diff;
                        },
                        dryRun,
                        requestedBy);
        return new Outcome(result, files, warnings);
    }
}
