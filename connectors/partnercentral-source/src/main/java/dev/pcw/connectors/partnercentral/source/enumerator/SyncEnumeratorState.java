package dev.pcw.connectors.partnercentral.source.enumerator;

import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The enumerator's checkpointed state: the splits not assigned to a reader (all of them before the
 * first assignment, and those handed back by a failed reader).
 */
public final class SyncEnumeratorState {
    private final List<SyncSplit> unassigned;
    private final boolean initialized;

    public SyncEnumeratorState(List<SyncSplit> unassigned, boolean initialized) {
        this.unassigned = Collections.unmodifiableList(new ArrayList<>(unassigned));
        this.initialized = initialized;
    }

    public List<SyncSplit> unassigned() {
        return unassigned;
    }

    /** True once the enumerator created the splits; a restored one never creates them again. */
    public boolean initialized() {
        return initialized;
    }
}
