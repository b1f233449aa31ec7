package dev.pcw.connectors.partnercentral.source.enumerator;

import dev.pcw.connectors.partnercentral.source.split.SyncSplit;
import dev.pcw.connectors.partnercentral.source.split.SyncSplitSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Serializes {@link SyncEnumeratorState}: the initialized flag, the split count, then each split in
 * {@link SyncSplitSerializer}'s layout of the same version number (1 to 3; version 4 writes splits
 * in layout 3), and from version 4 the ids of every split of the job (a flag, a count, the ids).
 * Old versions stay readable.
 */
public final class SyncEnumeratorStateSerializer
        implements SimpleVersionedSerializer<SyncEnumeratorState> {
    private static final int VERSION = 4;

    /** The newest split layout, which enumerator versions from 3 on write. */
    private static final int SPLIT_LAYOUT = 3;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(SyncEnumeratorState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeBoolean(state.initialized());
        out.writeInt(state.unassigned().size());
        for (SyncSplit s : state.unassigned()) {
            SyncSplitSerializer.writeSplit(out, s);
        }
        out.writeBoolean(state.created() != null);
        if (state.created() != null) {
            out.writeInt(state.created().size());
            for (String id : state.created()) {
                out.writeUTF(id);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public SyncEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > VERSION) {
            throw new IOException(
                    "Unknown enumerator state version "
                            + version
                            + "; this pcw reads 1 to "
                            + VERSION);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized));
        boolean initialized = in.readBoolean();
        int n = in.readInt();
        List<SyncSplit> splits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            splits.add(SyncSplitSerializer.readSplit(Math.min(version, SPLIT_LAYOUT), in));
        }
        java.util.Set<String> created = null;
        if (version >= 4 && in.readBoolean()) {
            created = new java.util.TreeSet<>();
            int m = in.readInt();
            for (int i = 0; i < m; i++) {
                created.add(in.readUTF());
            }
        }
        return new SyncEnumeratorState(splits, initialized, created);
    }
}
