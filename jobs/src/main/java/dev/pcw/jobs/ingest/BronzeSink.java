package dev.pcw.jobs.ingest;

import dev.pcw.schemas.bronze.BronzeRecord;
import java.io.IOException;
import java.io.OutputStream;
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
 * Bronze: every record as one JSON line in {@code
 * {lake}/bronze/partnercentral/{entity}/{yyyy}/{MM}/{dd}/run-{runId}/part-*.jsonl}, the date being
 * the fetch's (UTC). Flink's FileSink makes it exactly-once: files roll on checkpoints and become
 * visible only when the checkpoint completes.
 */
public final class BronzeSink {
    private BronzeSink() {}

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    /** The sink writing under {@code {lakeRoot}/bronze/partnercentral}. */
    public static FileSink<BronzeRecord> create(String lakeRoot) {
        return FileSink.forRowFormat(
                        new Path(lakeRoot.replaceAll("/+$", "") + "/bronze/partnercentral"),
                        new JsonLineEncoder())
                .withBucketAssigner(new RunBucketAssigner())
                .withRollingPolicy(OnCheckpointRollingPolicy.build())
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix("part")
                                .withPartSuffix(".jsonl")
                                .build())
                .build();
    }

    /** The bucket (folder) of a record, relative to the bronze root. */
    public static String bucketOf(BronzeRecord r) {
        return r.entity() + "/" + DAY.format(r.fetchedAt()) + "/run-" + r.runId();
    }

    static final class JsonLineEncoder implements Encoder<BronzeRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void encode(BronzeRecord element, OutputStream stream) throws IOException {
            stream.write(element.toJsonLineBytes());
            stream.write('\n');
        }
    }

    static final class RunBucketAssigner implements BucketAssigner<BronzeRecord, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getBucketId(BronzeRecord element, Context context) {
            return bucketOf(element);
        }

        @Override
        public SimpleVersionedSerializer<String> getSerializer() {
            return SimpleVersionedStringSerializer.INSTANCE;
        }
    }
}
