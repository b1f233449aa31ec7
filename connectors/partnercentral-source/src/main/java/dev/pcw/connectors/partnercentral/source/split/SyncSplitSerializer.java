package dev.pcw.connectors.partnercentral.source.split;

import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Serializes {@link SyncSplit}s into checkpoints and savepoints. Every layout ever written stays
 * readable: a new layout gets a new version and {@link #deserialize} keeps a branch for each old
 * one.
 *
 * <p>Version 1: catalog, entity, then the cursor's fields in declaration order; strings as
 * length-prefixed UTF-8 (page tokens can exceed {@code writeUTF}'s 64 KB limit), nullable ones
 * behind a presence flag. Version 2 appends the fingerprint maps ({@code known}, {@code nextKnown}:
 * a count, then id and fingerprint pairs); a version 1 split reads with empty maps, so its next
 * pass fetches every invitation and engagement once. Version 3 appends the pass's last record (id
 * and listed LastModifiedDate, nullable) and the runs that ended but whose end is not recorded yet
 * (a count, then each run's id, mode, start and end, counters, watermark, ids at the watermark,
 * last record and fetched-ahead map), then the cursor's fetched-ahead map; older layouts read with
 * none.
 */
public final class SyncSplitSerializer implements SimpleVersionedSerializer<SyncSplit> {
    public static final SyncSplitSerializer INSTANCE = new SyncSplitSerializer();

    private static final int VERSION = 3;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(SyncSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream out = new DataOutputStream(bytes);
        writeSplit(out, split);
        out.flush();
        return bytes.toByteArray();
    }

    @Override
    public SyncSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > VERSION) {
            throw new IOException(
                    "Unknown SyncSplit serializer version "
                            + version
                            + "; this pcw reads versions 1 to "
                            + VERSION
                            + ". Restore the savepoint with the pcw version that wrote it, or"
                            + " a newer one.");
        }
        return readSplit(version, new DataInputStream(new ByteArrayInputStream(serialized)));
    }

    /** Writes one split in the current layout; the enumerator state serializer reuses it. */
    public static void writeSplit(DataOutput out, SyncSplit split) throws IOException {
        writeString(out, split.catalog());
        writeString(out, split.entity().configName());
        SyncCursor c = split.cursor();
        writeNullable(out, c.runId());
        out.writeLong(c.passStartedAtMillis());
        writeNullable(out, c.passAfter());
        out.writeInt(c.phase());
        writeNullable(out, c.pageToken());
        out.writeBoolean(c.listingDone());
        out.writeInt(c.pending().size());
        for (PendingItem p : c.pending()) {
            writeString(out, p.id());
            writeNullable(out, p.listedModified());
            out.writeInt(p.step());
        }
        writeNullable(out, c.watermark());
        out.writeInt(c.idsAtWatermark().size());
        for (String id : c.idsAtWatermark()) {
            writeString(out, id);
        }
        out.writeLong(c.passesCompleted());
        out.writeLong(c.nextPassAtMillis());
        writeCounters(out, c.counters());
        writeMap(out, c.known());
        writeMap(out, c.nextKnown());
        writeNullable(out, c.lastRecordId());
        writeNullable(out, c.lastRecordModified());
        out.writeInt(c.endedRuns().size());
        for (RunEnd e : c.endedRuns()) {
            writeString(out, e.runId());
            writeString(out, e.mode());
            out.writeLong(e.startedAtMillis());
            out.writeLong(e.endedAtMillis());
            writeCounters(out, e.counters());
            writeNullable(out, e.watermark());
            writeList(out, e.idsAtWatermark());
            writeNullable(out, e.lastRecordId());
            writeNullable(out, e.lastRecordModified());
            writeMap(out, e.fetchedAhead());
        }
        writeMap(out, c.fetchedAhead());
    }

    private static void writeCounters(DataOutput out, RunCounters k) throws IOException {
        out.writeLong(k.records());
        out.writeLong(k.pages());
        out.writeLong(k.apiCalls());
        out.writeLong(k.throttled());
        out.writeLong(k.deadLetters());
    }

    private static RunCounters readCounters(DataInput in) throws IOException {
        return new RunCounters(
                in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }

    private static void writeList(DataOutput out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            writeString(out, s);
        }
    }

    private static List<String> readList(DataInput in) throws IOException {
        int n = in.readInt();
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(readString(in));
        }
        return list;
    }

    private static void writeMap(DataOutput out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInput in) throws IOException {
        int n = in.readInt();
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            map.put(readString(in), readString(in));
        }
        return map;
    }

    /** Reads one split written by the given version of {@link #writeSplit}. */
    public static SyncSplit readSplit(int version, DataInput in) throws IOException {
        String catalog = readString(in);
        PartnerCentralEntity entity = PartnerCentralEntity.parse(readString(in));
        String runId = readNullable(in);
        long started = in.readLong();
        String after = readNullable(in);
        int phase = in.readInt();
        String token = readNullable(in);
        boolean listingDone = in.readBoolean();
        int n = in.readInt();
        List<PendingItem> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pending.add(new PendingItem(readString(in), readNullable(in), in.readInt()));
        }
        String watermark = readNullable(in);
        List<String> ids = readList(in);
        long passes = in.readLong();
        long nextPass = in.readLong();
        RunCounters counters = readCounters(in);
        Map<String, String> known = version >= 2 ? readMap(in) : Map.of();
        Map<String, String> nextKnown = version >= 2 ? readMap(in) : Map.of();
        String lastRecordId = null;
        String lastRecordModified = null;
        List<RunEnd> ended = new ArrayList<>();
        Map<String, String> ahead = Map.of();
        if (version >= 3) {
            lastRecordId = readNullable(in);
            lastRecordModified = readNullable(in);
            int e = in.readInt();
            for (int i = 0; i < e; i++) {
                ended.add(
                        new RunEnd(
                                readString(in),
                                readString(in),
                                in.readLong(),
                                in.readLong(),
                                readCounters(in),
                                readNullable(in),
                                readList(in),
                                readNullable(in),
                                readNullable(in),
                                readMap(in)));
            }
            ahead = readMap(in);
        }
        return new SyncSplit(
                catalog,
                entity,
                new SyncCursor(
                        runId,
                        started,
                        after,
                        phase,
                        token,
                        listingDone,
                        pending,
                        watermark,
                        ids,
                        passes,
                        nextPass,
                        counters,
                        known,
                        nextKnown,
                        lastRecordId,
                        lastRecordModified,
                        ended,
                        ahead));
    }

    private static void writeString(DataOutput out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInput in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > 16 * 1024 * 1024) {
            throw new IOException("corrupt SyncSplit state: string length " + len);
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(out, s);
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? readString(in) : null;
    }
}
