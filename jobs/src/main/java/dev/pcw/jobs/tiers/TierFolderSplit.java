package dev.pcw.jobs.tiers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The one split of the partner tier folder: each file's fingerprint as last read. Stored in state,
 * immutable; the reader keeps its own copy as it goes.
 */
public final class TierFolderSplit implements SourceSplit {
    static final String ID = "partner-tier-folder";

    private final Map<String, String> seen;

    public TierFolderSplit(Map<String, String> seen) {
        this.seen = Collections.unmodifiableMap(new TreeMap<>(seen));
    }

    /** File name → fingerprint ({@code size@modified}) of the version read last. */
    public Map<String, String> seen() {
        return seen;
    }

    @Override
    public String splitId() {
        return ID;
    }

    /** Version 1: the count, then (name, fingerprint) pairs. Keep every version readable. */
    public static final class Serializer implements SimpleVersionedSerializer<TierFolderSplit> {
        static final int VERSION = 1;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(TierFolderSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(split.seen.size());
                for (Map.Entry<String, String> e : split.seen.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue());
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public TierFolderSplit deserialize(int version, byte[] serialized) throws IOException {
            if (version != VERSION) {
                throw new IOException(
                        "unknown partner tier split layout " + version + " (this pcw reads 1)");
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                Map<String, String> seen = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    seen.put(in.readUTF(), in.readUTF());
                }
                return new TierFolderSplit(seen);
            }
        }
    }
}
