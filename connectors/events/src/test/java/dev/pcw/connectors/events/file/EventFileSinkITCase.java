package dev.pcw.connectors.events.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pcw.connectors.events.OutboundEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Change events as JSON lines: one structured CloudEvent per line, each event once. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventFileSinkITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @TempDir Path dir;

    @Test
    void everyEventIsOneLineInADailyFolder() throws Exception {
        List<OutboundEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(
                    new OutboundEvent(
                            "evt-" + i,
                            "pcw.partnercentral.opportunity.created",
                            "/pcw/connectors/partner_central/catalogs/AWS",
                            "O" + i,
                            Instant.now(),
                            "{\"specversion\":\"1.0\",\"id\":\"evt-" + i + "\"}"));
        }
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(200);
        env.setParallelism(2);
        env.fromData(events)
                .uid("events")
                .sinkTo(EventFileSink.create(dir.toUri().toString()))
                .uid("events-file");
        env.execute("event-files");

        List<String> lines = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files =
                    walk.filter(
                                    p ->
                                            p.getFileName().toString().startsWith("events-")
                                                    && p.getFileName()
                                                            .toString()
                                                            .endsWith(".jsonl"))
                            .collect(Collectors.toList());
        }
        for (Path f : files) {
            lines.addAll(Files.readAllLines(f));
        }
        assertThat(files)
                .isNotEmpty()
                .allMatch(
                        f ->
                                dir.relativize(f)
                                        .toString()
                                        .matches("\\d{4}/\\d{2}/\\d{2}/events-.*\\.jsonl"));
        assertThat(lines)
                .hasSize(50)
                .doesNotHaveDuplicates()
                .allMatch(l -> l.startsWith("{\"specversion\":\"1.0\""));
    }
}
