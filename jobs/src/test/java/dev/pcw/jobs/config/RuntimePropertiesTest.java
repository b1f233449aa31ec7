package dev.pcw.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.schemas.partnercentral.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings from Managed Service for Apache Flink's runtime property groups. */
class RuntimePropertiesTest {
    @TempDir Path dir;

    private Path file(String json) throws Exception {
        Path p = dir.resolve("application_properties.json");
        Files.writeString(p, json);
        return p;
    }

    @Test
    void theGroupPcwCarriesEnvironmentVariablesAndSettings() throws Exception {
        RuntimeProperties msf =
                RuntimeProperties.read(
                        file(
                                "[{\"PropertyGroupId\":\"ConsumerConfigProperties\","
                                        + "\"PropertyMap\":{\"flink.stream.initpos\":\"LATEST\"}},"
                                        + "{\"PropertyGroupId\":\"pcw\",\"PropertyMap\":{"
                                        + "\"PC_CATALOG\":\"Sandbox\","
                                        + "\"S3_LAKE_BUCKET\":\"partner-lake\","
                                        + "\"EVENTBRIDGE_BUS\":\"partner-events\","
                                        + "\"connectors.partner_central.mode\":\"hybrid\","
                                        + "\"connectors.partner_central.events.stream\":\"pc-events\"}}]"));

        assertThat(msf.env()).containsOnlyKeys("PC_CATALOG", "S3_LAKE_BUCKET", "EVENTBRIDGE_BUS");
        assertThat(msf.settings())
                .containsOnlyKeys(
                        "connectors.partner_central.mode",
                        "connectors.partner_central.events.stream");
        PcwConfig c =
                msf.load(
                        null,
                        Map.of("PC_CATALOG", "AWS"),
                        Map.of("connectors.partner_central.events.stream", "from-args"));
        // The group's variables win over the process environment; --set wins over the group.
        assertThat(c.catalogs()).containsExactly(Catalog.SANDBOX);
        assertThat(c.get("lake.root")).isEqualTo("s3://partner-lake");
        assertThat(c.eventSinks()).containsExactly("eventbridge");
        assertThat(c.mode()).isEqualTo("hybrid");
        assertThat(c.eventsStream()).isEqualTo("from-args");
    }

    @Test
    void noFileOrNoGroupMeansNothing() throws Exception {
        assertThat(RuntimeProperties.read(dir.resolve("absent.json")).settings()).isEmpty();
        assertThat(RuntimeProperties.read(file("[]")).env()).isEmpty();
    }

    @Test
    void aBrokenFileOrAnUnknownKeySaysWhatIsWrong() throws Exception {
        Path broken = file("{\"PropertyGroupId\":\"pcw\"}");
        assertThatThrownBy(() -> RuntimeProperties.read(broken))
                .hasMessage(
                        "the runtime properties in "
                                + broken
                                + " are not a JSON array of property groups");
        Path noMap = file("[{\"PropertyGroupId\":\"pcw\",\"PropertyMap\":\"x\"}]");
        assertThatThrownBy(() -> RuntimeProperties.read(noMap))
                .hasMessage("property group 'pcw' in " + noMap + " has no PropertyMap object");
        Path typo =
                file(
                        "[{\"PropertyGroupId\":\"pcw\",\"PropertyMap\":"
                                + "{\"connectors.partner_central.schedul_cron\":\"0 * * * *\"}}]");
        assertThatThrownBy(() -> RuntimeProperties.read(typo).load(null, Map.of(), Map.of()))
                .hasMessageStartingWith(
                        "unknown configuration key 'connectors.partner_central.schedul_cron'; did"
                                + " you mean 'connectors.partner_central.schedule_cron'?");
    }
}
