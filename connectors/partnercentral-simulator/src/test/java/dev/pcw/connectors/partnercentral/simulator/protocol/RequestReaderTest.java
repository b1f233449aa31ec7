package dev.pcw.connectors.partnercentral.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.partnercentral.simulator.data.Json;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequestReaderTest {
    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void readsValidMembers() throws Exception {
        RequestReader r =
                new RequestReader(
                        json(
                                "{\"Catalog\":\"AWS\",\"MaxResults\":100,\"Sort\":{\"SortBy\":\"Identifier\"},"
                                        + "\"LastModifiedDate\":{\"AfterLastModifiedDate\":\"2026-01-02T03:04:05.678Z\"},"
                                        + "\"Ids\":[\"O1\",\"O2\"]}"));
        assertThat(r.requiredString("Catalog", Pattern.compile("^[a-zA-Z]+$"))).isEqualTo("AWS");
        assertThat(r.optionalInt("MaxResults", 1, 100, 20)).isEqualTo(100);
        assertThat(r.optionalInt("Missing", 1, 100, 20)).isEqualTo(20);
        assertThat(r.requiredEnum("Sort.SortBy", Set.of("Identifier"))).isEqualTo("Identifier");
        assertThat(r.optionalDateTime("LastModifiedDate.AfterLastModifiedDate"))
                .isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z"));
        assertThat(r.optionalStringList("Ids", 0, 20, null, Pattern.compile("O[0-9]+")))
                .containsExactly("O1", "O2");
        r.throwIfInvalid();
    }

    @Test
    void acceptsDateTimesWithAnOffset() throws Exception {
        RequestReader r = new RequestReader(json("{\"At\":\"2026-01-02T05:04:05+02:00\"}"));
        assertThat(r.optionalDateTime("At")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void collectsEveryViolationIntoOneValidationException() throws Exception {
        RequestReader r =
                new RequestReader(
                        json("{\"MaxResults\":0,\"Stage\":[\"Won\"],\"Sort\":{\"SortBy\":1}}"));
        r.requiredString("Catalog", null);
        r.optionalInt("MaxResults", 1, 100, 20);
        r.optionalStringList("Stage", 0, 10, Set.of("Prospect"), null);
        r.requiredEnum("Sort.SortBy", Set.of("Identifier"));
        assertThatThrownBy(r::throwIfInvalid)
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.reason()).isEqualTo("REQUEST_VALIDATION_FAILED");
                            assertThat(e.errors())
                                    .extracting(f -> f.fieldName + ":" + f.code)
                                    .containsExactly(
                                            "Catalog:REQUIRED_FIELD_MISSING",
                                            "MaxResults:VALUE_OUT_OF_RANGE",
                                            "Stage.1:INVALID_ENUM_VALUE",
                                            "Sort.SortBy:INVALID_ENUM_VALUE");
                        })
                .hasMessageStartingWith(
                        "4 validation errors detected: Value at 'Catalog' must not be null");
    }

    @Test
    void listsOutsideTheirLengthAreRefused() throws Exception {
        RequestReader r = new RequestReader(json("{\"Status\":[]}"));
        assertThat(r.optionalStringList("Status", 1, 10, null, null)).isEmpty();
        assertThatThrownBy(r::throwIfInvalid)
                .hasMessageContaining("Member must have length between 1 and 10");
    }
}
