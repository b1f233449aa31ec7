package dev.pcw.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobArgsTest {
    @Test
    void takesTheConfigurationOverridesAndTheJobsFlags() {
        JobArgs a =
                JobArgs.parse(
                        new String[] {"--set", "partner_tiers.input = s3://b/in/", "--bounded"},
                        List.of("--bounded"));

        assertThat(a.has("--bounded")).isTrue();
        assertThat(a.has("--full")).isFalse();
        assertThat(a.config().tierInput()).isEqualTo("s3://b/in/");
    }

    @Test
    void refusesWhatTheJobDoesNotTakeSayingWhatItDoes() {
        assertThatThrownBy(() -> JobArgs.parse(new String[] {"--full"}, List.of("--bounded")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown argument '--full': use --config FILE, --set key=value, --bounded");
        assertThatThrownBy(() -> JobArgs.parse(new String[] {"--set", "x"}, List.of()))
                .hasMessage("--set takes key=value, not 'x'");
        assertThatThrownBy(() -> JobArgs.parse(new String[] {"--config"}, List.of()))
                .hasMessage("--config needs a value");
    }
}
