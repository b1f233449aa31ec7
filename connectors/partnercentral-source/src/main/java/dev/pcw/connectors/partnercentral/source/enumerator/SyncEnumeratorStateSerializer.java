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
 * {@link SyncSplitSerializer}'s layout of the same version number (1 to 3). Old versions stay
 * readable.
 */
public final class SyncEnumeratorStateSerializer
        implements SimpleVersionedSerializer<SyncEnumeratorState> {
    private static final int VERSION = 3;

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
            splits.add(SyncSplitSerializer.readSplit(version, in));
        }
        return new SyncEnumeratorState(splits, initialized);
    }
}
