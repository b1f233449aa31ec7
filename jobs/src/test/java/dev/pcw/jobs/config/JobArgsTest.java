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

    @Test
    void takesOptionsWithValuesRepeatedInOrder() {
        JobArgs a =
                JobArgs.parse(
                        new String[] {
                            "--from",
                            "2026-11-01",
                            "--entity",
                            "opportunities",
                            "--entity",
                            "solutions,engagements",
                            "--emit-events"
                        },
                        List.of("--emit-events"),
                        List.of("--from", "--to", "--entity"));

        assertThat(a.values("--from")).containsExactly("2026-11-01");
        assertThat(a.values("--to")).isEmpty();
        assertThat(a.values("--entity")).containsExactly("opportunities", "solutions,engagements");
        assertThat(a.has("--emit-events")).isTrue();
        assertThatThrownBy(
                        () -> JobArgs.parse(new String[] {"--from"}, List.of(), List.of("--from")))
                .hasMessage("--from needs a value");
        assertThatThrownBy(
                        () -> JobArgs.parse(new String[] {"--since"}, List.of(), List.of("--from")))
                .hasMessage(
                        "unknown argument '--since': use --config FILE, --set key=value, --from VALUE");
    }
}
