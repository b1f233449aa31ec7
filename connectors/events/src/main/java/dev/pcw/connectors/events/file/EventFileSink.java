package dev.pcw.connectors.events.file;

import dev.pcw.connectors.events.OutboundEvent;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * Change events as JSON lines, for local runs and the demo: one structured CloudEvent per line in
 * {@code {dir}/{yyyy}/{MM}/{dd}/events-*.jsonl}, written exactly once (files become visible at each
 * checkpoint).
 */
public final class EventFileSink {
    private EventFileSink() {}

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    public static FileSink<OutboundEvent> create(String dir) {
        return FileSink.forRowFormat(new Path(dir), new LineEncoder())
                .withBucketAssigner(new DayBuckets())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix("events")
                                .withPartSuffix(".jsonl")
                                .build())
                .build();
    }

    static final class LineEncoder implements Encoder<OutboundEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(OutboundEvent e, java.io.OutputStream out) throws java.io.IOException {
            out.write(e.json().getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
    }

    static final class DayBuckets implements BucketAssigner<OutboundEvent, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getBucketId(OutboundEvent e, Context context) {
            return DAY.format(java.time.Instant.ofEpochMilli(context.currentProcessingTime()));
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
