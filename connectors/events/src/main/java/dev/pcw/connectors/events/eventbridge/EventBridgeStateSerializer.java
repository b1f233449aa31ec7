package dev.pcw.connectors.events.eventbridge;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Buffered entries in checkpoints, version 1: source, detail-type, detail (length-prefixed UTF-8),
 * bus, time (millis, -1 for none).
 */
final class EventBridgeStateSerializer
        extends AsyncSinkWriterStateSerializer<PutEventsRequestEntry> {
    @Override
    protected void serializeRequestToStream(PutEventsRequestEntry e, DataOutputStream out)
            throws IOException {
        writeString(out, e.source());
        writeString(out, e.detailType());
        writeString(out, e.detail());
        writeString(out, e.eventBusName());
        out.writeLong(e.time() == null ? -1 : e.time().toEpochMilli());
    }

    @Override
    protected PutEventsRequestEntry deserializeRequestFromStream(long size, DataInputStream in)
            throws IOException {
        PutEventsRequestEntry.Builder b =
                PutEventsRequestEntry.builder()
                        .source(readString(in))
                        .detailType(readString(in))
                        .detail(readString(in))
                        .eventBusName(readString(in));
        long time = in.readLong();
        if (time >= 0) {
            b.time(Instant.ofEpochMilli(time));
        }
        return b.build();
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = (s == null ? "" : s).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public int getVersion() {
        return 1;
    }
}
