package dev.pcw.connectors.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pcw.schemas.partnercentral.PartnerCentralEntity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BronzePathsTest {
    private static final BronzePaths S3 = BronzePaths.under("s3://pcw-lake/prod");

    @Test
    void namesTheFoldersByTheUtcDateOfTheFetchWhateverTheJvmTimeZone() {
        TimeZone before = TimeZone.getDefault();
        // UTC+14: local midnight is ten hours before UTC midnight, so a local date would differ.
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
        try {
            assertThat(
                            S3.runDirectory(
                                    "opportunities",
                                    Instant.parse("2024-12-31T23:59:59.999Z"),
                                    "r1"))
                    .hasToString(
                            "s3://pcw-lake/prod/bronze/partnercentral/opportunities/2024/12/31/run-r1/");
            assertThat(
                            S3.runDirectory(
                                    "opportunities", Instant.parse("2025-01-01T00:00:00Z"), "r1"))
                    .hasToString(
                            "s3://pcw-lake/prod/bronze/partnercentral/opportunities/2025/01/01/run-r1/");
            assertThat(S3.runDirectory("solutions", Instant.parse("2024-02-29T10:00:00Z"), "r1"))
                    .hasToString(
                            "s3://pcw-lake/prod/bronze/partnercentral/solutions/2024/02/29/run-r1/");
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void turnsALocalRootIntoAnAbsoluteFileUri() {
        BronzePaths paths = BronzePaths.under("var/lake/");
        String cwd = Paths.get("").toAbsolutePath().toString();

        assertThat(paths.lakeRoot()).hasToString("file://" + cwd + "/var/lake");
        assertThat(
                        paths.runDirectory(
                                PartnerCentralEntity.ENGAGEMENT_INVITATIONS,
                                Instant.parse("2025-03-04T05:06:07Z"),
                                "2025-03-04_run-7"))
                .hasToString(
                        "file://"
                                + cwd
                                + "/var/lake/bronze/partnercentral/engagement_invitations/2025/03/04/run-2025-03-04_run-7/");
        assertThat(BronzePaths.under("./var/../var/lake")).isEqualTo(paths);
    }

    @Test
    void normalizesFileUrisAndEncodesSpaces() {
        assertThat(BronzePaths.lakeRootUri("file:/data/lake/")).hasToString("file:///data/lake");
        assertThat(BronzePaths.lakeRootUri("file:///data/lake")).hasToString("file:///data/lake");
        assertThat(BronzePaths.lakeRootUri("/data/my lake")).hasToString("file:///data/my%20lake");
        assertThat(BronzePaths.under("/data/my lake").bronzeRoot().getPath())
                .isEqualTo("/data/my lake/bronze/partnercentral/");
    }

    @Test
    void keepsAnS3RootAndDropsTrailingSlashes() {
        assertThat(BronzePaths.lakeRootUri("s3://bucket/prefix//"))
                .hasToString("s3://bucket/prefix");
        assertThat(BronzePaths.lakeRootUri("s3://bucket")).hasToString("s3://bucket");
        assertThat(BronzePaths.lakeRootUri("s3a://bucket/p")).hasToString("s3a://bucket/p");
        assertThat(S3.entityDirectory("engagements"))
                .hasToString("s3://pcw-lake/prod/bronze/partnercentral/engagements/");
        assertThat(S3.bronzeRoot()).hasToString("s3://pcw-lake/prod/bronze/partnercentral/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "../x", "run 1", "run.1", "ä", "r\n1"})
    void refusesRunIdsWithOtherCharacters(String runId) {
        assertThatThrownBy(() -> S3.runDirectory("opportunities", Instant.EPOCH, runId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Run id '" + runId + "' is not usable in a bronze path")
                .hasMessageContaining("use only letters, digits, '-' and '_'");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void refusesAMissingRunId(String runId) {
        assertThatThrownBy(() -> S3.runDirectory("opportunities", Instant.EPOCH, runId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("A bronze run id is required");
    }

    @Test
    void refusesARunIdLongerThanAFolderNameShouldBe() {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < BronzePaths.MAX_RUN_ID_LENGTH + 1; i++) {
            id.append('x');
        }
        assertThatThrownBy(() -> BronzePaths.validateRunId(id.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is 129 characters long; at most 128 are allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Opportunities", "opp/x", "", "1abc", "../opportunities"})
    void refusesEntityNamesThatAreNotConfigNames(String entity) {
        assertThatThrownBy(() -> S3.runDirectory(entity, Instant.EPOCH, "r1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Entity name '" + entity + "' is not usable in a bronze path")
                .hasMessageContaining(
                        "opportunities, solutions, engagement_invitations, engagements");
    }

    @Test
    void refusesRootsItCannotWriteTo() {
        assertThatThrownBy(() -> BronzePaths.under("hdfs://nn/lake"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported scheme 'hdfs'")
                .hasMessageContaining("use a local folder, file:///path or s3://bucket/prefix");
        assertThatThrownBy(() -> BronzePaths.under("s3:///prefix"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no bucket");
        assertThatThrownBy(() -> BronzePaths.under(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The lake root is empty");
    }

    @Test
    void survivesJavaSerialization() throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(S3);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(S3);
        }
    }
}
