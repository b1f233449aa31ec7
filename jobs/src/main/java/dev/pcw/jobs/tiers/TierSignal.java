package dev.pcw.jobs.tiers;

import dev.pcw.connectors.partnertiers.TierFile;
import java.io.Serializable;

/**
 * What the folder watcher tells the apply step: a file that is new or changed, or a tick after each
 * look at the folder (applies made elsewhere, by the sidecar or the CLI, are announced then).
 */
public final class TierSignal implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TierFile file;

    private TierSignal(TierFile file) {
        this.file = file;
    }

    static TierSignal file(TierFile f) {
        return new TierSignal(f);
    }

    static TierSignal tick() {
        return new TierSignal(null);
    }

    /** The file to apply; null for a tick. */
    public TierFile file() {
        return file;
    }

    @Override
    public String toString() {
        return file == null ? "tick" : "file " + file;
    }
}
