package dev.pcw.connectors.partnercentral.simulator.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageTokenTest {
    @Test
    void roundTripsThePosition() {
        String token =
                PageToken.encode("ListOpportunities", "abc", "2026-01-01T00:00:00.000Z", "O1");
        PageToken.Cursor c = PageToken.decode(token, "ListOpportunities", "abc");
        assertThat(c.key).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(c.id).isEqualTo("O1");
        assertThat(token).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void aTokenOfAnotherOperationOrRequestIsRefused() {
        String token = PageToken.encode("ListOpportunities", "abc", "k", "O1");
        assertThatThrownBy(() -> PageToken.decode(token, "ListSolutions", "abc"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.type()).isEqualTo("ValidationException");
                            assertThat(e.errors().get(0).fieldName).isEqualTo("NextToken");
                        })
                .hasMessageContaining("NextToken was issued for a different request");
        assertThatThrownBy(() -> PageToken.decode(token, "ListOpportunities", "xyz"))
                .hasMessageContaining("keep the filters and sort of the first page");
    }

    @Test
    void garbageAndForgedTokensAreInvalid() {
        assertThatThrownBy(() -> PageToken.decode("%%%", "ListOpportunities", "abc"))
                .hasMessageContaining("Invalid NextToken");
        String forged =
                Base64.getUrlEncoder()
                        .encodeToString(
                                "{\"v\":2,\"op\":\"ListOpportunities\"}"
                                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PageToken.decode(forged, "ListOpportunities", "abc"))
                .hasMessageContaining("Invalid NextToken");
    }
}
