package dev.pcw.connectors.partnercentral.source.enumerator;

import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The enumerator's checkpointed state: the splits not assigned to a reader (all of them before the
 * first assignment, and those handed back by a failed reader), and the ids of every split the job
 * has (assigned or not), so that a restore can tell what the configuration added or removed.
 */
public final class SyncEnumeratorState {
    private final List<SyncSplit> unassigned;
    private final boolean initialized;
    private final Set<String> created;

    public SyncEnumeratorState(List<SyncSplit> unassigned, boolean initialized) {
        this(unassigned, initialized, null);
    }

    /**
     * @param created the ids of every split of the job; null when unknown (a state written before
     *     pcw kept them)
     */
    public SyncEnumeratorState(
            List<SyncSplit> unassigned, boolean initialized, Set<String> created) {
        this.unassigned = Collections.unmodifiableList(new ArrayList<>(unassigned));
        this.initialized = initialized;
        this.created = created == null ? null : Collections.unmodifiableSet(new TreeSet<>(created));
    }

    /** The ids of every split of the job, or null when the state did not keep them. */
    public Set<String> created() {
        return created;
    }

    public List<SyncSplit> unassigned() {
        return unassigned;
    }

    /** True once the enumerator created the splits; a restored one never creates them again. */
    public boolean initialized() {
        return initialized;
    }
}
