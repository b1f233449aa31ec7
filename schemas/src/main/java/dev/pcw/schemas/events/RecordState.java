package dev.pcw.schemas.events;

import dev.pcw.schemas.silver.SilverRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the change detector remembers per (catalog, entity, id), stored in keyed state: hashes and
 * the watched fields' values, never the whole record.
 *
 * <p>Holds the content hash of the row (all columns but the bookkeeping ones {@code updated_at},
 * {@code run_id}, {@code fetched_at}, {@code unknown_values} and the version column), one 32-bit
 * hash per tracked column in {@link ChangeEntity#trackedColumns()} order (to name changed columns),
 * the watched fields as text, and the version key: {@code last_modified_date} in epoch millis when
 * the entity has one, else the content hash. Immutable.
 *
 * <p>For content-hash versions it also keeps a sequence that grows with every change the detector
 * reports, so that a record returning to earlier content (Draft, Active, Draft, Active) gets event
 * ids of its own each time: 0 for a record first seen by the detector, and for a record seeded from
 * the lake the epoch millis at which pcw last wrote its row (so that a detector seeded anew never
 * reuses the sequence of one before it, yet repeats it for a change it reports again).
 *
 * <p>{@link #serialize}/{@link #deserialize} write a versioned layout; every layout ever written
 * stays readable. Layout 1: version byte, timestamp-version flag, version key, content hash, column
 * hash count and hashes, watched field count and (name, present flag, value) triples. Layout 2:
 * layout 1 followed by the sequence (read as 0 from layout 1).
 */
public final class RecordState implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The layout {@link #serialize} writes. */
    public static final int CURRENT_LAYOUT = 2;

    private final boolean timestampVersion;
    private final long versionKey;
    private final long contentHash;
    private final int[] columnHashes;
    private final LinkedHashMap<String, String> watched;
    private final long sequence;

    RecordState(
            boolean timestampVersion,
            long versionKey,
            long contentHash,
            int[] columnHashes,
            Map<String, String> watched) {
        this(timestampVersion, versionKey, contentHash, columnHashes, watched, 0);
    }

    private RecordState(
            boolean timestampVersion,
            long versionKey,
            long contentHash,
            int[] columnHashes,
            Map<String, String> watched,
            long sequence) {
        this.timestampVersion = timestampVersion;
        this.versionKey = versionKey;
        this.contentHash = contentHash;
        this.columnHashes = columnHashes.clone();
        this.watched = new LinkedHashMap<>(watched);
        this.sequence = sequence;
    }

    /**
     * The state of a lake row the detector is seeded with: its sequence is the row's {@code
     * updated_at} (when pcw wrote it) in epoch millis, or 0 without one.
     */
    public static RecordState seeded(ChangeEntity entity, SilverRow row) {
        Object written = row.get("updated_at");
        RecordState s = of(entity, row);
        return written instanceof Instant ? s.withSequence(((Instant) written).toEpochMilli()) : s;
    }

    /**
     * The state of {@code row}.
     *
     * @throws IllegalArgumentException when the row belongs to another entity's table or its
     *     version column is not an {@link Instant}
     */
    public static RecordState of(ChangeEntity entity, SilverRow row) {
        if (!entity.table().name().equals(row.table())) {
            throw new IllegalArgumentException(
                    "Row "
                            + row
                            + " belongs to "
                            + row.table()
                            + ", not to "
                            + entity.table().name());
        }
        int[] hashes = new int[entity.trackedColumns().size()];
        long content = Canonical.fnvOffset();
        int i = 0;
        for (String column : entity.trackedColumns()) {
            Object value = row.get(column);
            hashes[i++] = Canonical.columnHash(value);
            content = Canonical.fnv64(content, column);
            content = Canonical.fnv64(content, Canonical.text(value));
        }
        Map<String, String> watched = new LinkedHashMap<>();
        for (String field : entity.watchedFields()) {
            watched.put(field, Canonical.text(row.get(field)));
        }
        String versionColumn = entity.versionColumn();
        Object version = versionColumn == null ? null : row.get(versionColumn);
        if (version != null && !(version instanceof Instant)) {
            throw new IllegalArgumentException(
                    "Column "
                            + versionColumn
                            + " of "
                            + row
                            + " must be an Instant but is a "
                            + version.getClass().getName());
        }
        if (version == null) {
            return new RecordState(false, content, content, hashes, watched);
        }
        return new RecordState(true, ((Instant) version).toEpochMilli(), content, hashes, watched);
    }

    /** True when the version key is a timestamp (ordered), false when it is the content hash. */
    public boolean timestampVersion() {
        return timestampVersion;
    }

    /** Epoch millis of the version timestamp, or the content hash. */
    public long versionKey() {
        return versionKey;
    }

    /**
     * The version key as text for event ids: millis in decimal; or the hash in hex, followed by
     * {@code .sequence} when the sequence is not 0.
     */
    public String versionKeyText() {
        if (timestampVersion) {
            return Long.toString(versionKey);
        }
        return sequence == 0
                ? Canonical.hex(versionKey)
                : Canonical.hex(versionKey) + "." + Long.toUnsignedString(sequence);
    }

    /** The change sequence (see the class comment). */
    public long sequence() {
        return sequence;
    }

    /** The same state with another sequence. */
    RecordState withSequence(long newSequence) {
        return new RecordState(
                timestampVersion, versionKey, contentHash, columnHashes, watched, newSequence);
    }

    /** The 64-bit content hash over the tracked columns. */
    public long contentHash() {
        return contentHash;
    }

    /** One hash per tracked column, in tracked-column order (a copy). */
    public int[] columnHashes() {
        return columnHashes.clone();
    }

    /** Watched field → value as text (null for SQL NULL); unmodifiable. */
    public Map<String, String> watched() {
        return Collections.unmodifiableMap(watched);
    }

    /** The same state with a newer timestamp version key (content unchanged). */
    RecordState withVersionKey(long newVersionKey) {
        return new RecordState(true, newVersionKey, contentHash, columnHashes, watched, sequence);
    }

    /** Writes this state in layout {@value #CURRENT_LAYOUT}. */
    public void serialize(DataOutput out) throws IOException {
        out.writeByte(CURRENT_LAYOUT);
        out.writeBoolean(timestampVersion);
        out.writeLong(versionKey);
        out.writeLong(contentHash);
        out.writeInt(columnHashes.length);
        for (int h : columnHashes) {
            out.writeInt(h);
        }
        out.writeInt(watched.size());
        for (Map.Entry<String, String> e : watched.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeBoolean(e.getValue() != null);
            if (e.getValue() != null) {
                out.writeUTF(e.getValue());
            }
        }
        out.writeLong(sequence);
    }

    /**
     * Reads a state written by any layout so far.
     *
     * @throws IOException when the layout version is unknown or the input ends early
     */
    public static RecordState deserialize(DataInput in) throws IOException {
        int layout = in.readUnsignedByte();
        if (layout != 1 && layout != 2) {
            throw new IOException(
                    "Unknown RecordState layout "
                            + layout
                            + " (this build reads up to "
                            + CURRENT_LAYOUT
                            + "); was the state written by a newer pcw?");
        }
        boolean timestampVersion = in.readBoolean();
        long versionKey = in.readLong();
        long contentHash = in.readLong();
        int n = in.readInt();
        int[] hashes = new int[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = in.readInt();
        }
        int m = in.readInt();
        Map<String, String> watched = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            String name = in.readUTF();
            watched.put(name, in.readBoolean() ? in.readUTF() : null);
        }
        long sequence = layout >= 2 ? in.readLong() : 0;
        return new RecordState(
                timestampVersion, versionKey, contentHash, hashes, watched, sequence);
    }

    /** This state as bytes in layout {@value #CURRENT_LAYOUT}. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(72 + 4 * columnHashes.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            serialize(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A state from {@link #toBytes()}.
     *
     * @throws IllegalArgumentException when the bytes are not a state of a known layout
     */
    public static RecordState fromBytes(byte[] bytes) {
        try {
            return deserialize(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read RecordState from " + bytes.length + " bytes: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordState)) {
            return false;
        }
        RecordState s = (RecordState) o;
        return timestampVersion == s.timestampVersion
                && versionKey == s.versionKey
                && contentHash == s.contentHash
                && Arrays.equals(columnHashes, s.columnHashes)
                && watched.equals(s.watched)
                && sequence == s.sequence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                timestampVersion, versionKey, contentHash, Arrays.hashCode(columnHashes));
    }

    @Override
    public String toString() {
        // Watched values may be customer data: show hashes and the version only.
        return "RecordState{version="
                + versionKeyText()
                + ", content="
                + Canonical.hex(contentHash)
                + "}";
    }
}
