package dev.pcw.connectors.partnercentral.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pcw.connectors.partnercentral.simulator.junit.PartnerCentralSimulatorExtension;
import dev.pcw.connectors.partnercentral.simulator.quota.QuotaSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.partnercentralselling.model.ListOpportunitiesRequest;
import software.amazon.awssdk.services.partnercentralselling.model.ValidationException;
import software.amazon.awssdk.services.partnercentralselling.model.ValidationExceptionError;

/**
 * What each bad request gets: the error AWS would answer, in AWS's format, with a message that says
 * what is wrong, and never a stack trace.
 */
class ProtocolErrorsITCase {
    @RegisterExtension
    static final PartnerCentralSimulatorExtension SIM =
            new PartnerCentralSimulatorExtension(
                    SimulatorConfig.builder().opportunities(50).quotas(QuotaSettings.UNLIMITED));

    private static RawApi.Response call(String op, String body) {
        return RawApi.call(SIM.endpoint(), op, body);
    }

    private static void assertNoStackTrace(RawApi.Response r) {
        assertThat(r.body)
                .doesNotContain("\tat ")
                .doesNotContain("dev.pcw")
                .doesNotContain("Exception:");
    }

    @Test
    void anUnknownOperationGetsUnknownOperationException() {
        RawApi.Response r = call("ListUnicorns", "{}");
        assertThat(r.status).isEqualTo(400);
        assertThat(r.json().path("__type").asText())
                .isEqualTo("com.amazon.coral.service#UnknownOperationException");
        assertThat(r.json().path("message").asText()).contains("ListUnicorns");
        assertNoStackTrace(r);
    }

    @Test
    void anOperationOfTheApiNotSimulatedSaysSo() {
        RawApi.Response r = call("DisassociateOpportunity", "{\"Catalog\":\"AWS\"}");
        assertThat(r.status).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("UnknownOperationException");
        assertThat(r.json().path("message").asText())
                .isEqualTo("The pcw simulator does not implement DisassociateOpportunity yet");
    }

    @Test
    void aRequestWithoutTargetHeaderIsNotAnAwsJsonCall() {
        RawApi.Response r = RawApi.send(SIM.endpoint(), null, RawApi.AUTH, "{}");
        assertThat(r.status).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("UnknownOperationException");
        assertThat(r.json().path("message").asText()).contains("X-Amz-Target");
    }

    @Test
    void anUnsignedRequestGetsMissingAuthenticationToken() {
        RawApi.Response r =
                RawApi.send(
                        SIM.endpoint(),
                        "AWSPartnerCentralSelling.ListSolutions",
                        null,
                        "{\"Catalog\":\"AWS\"}");
        assertThat(r.status).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("MissingAuthenticationTokenException");
        assertThat(r.http.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void aSignatureForAnotherServiceIsRefused() {
        RawApi.Response r =
                RawApi.send(
                        SIM.endpoint(),
                        "AWSPartnerCentralSelling.ListSolutions",
                        "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/s3/aws4_request, Signature=0",
                        "{\"Catalog\":\"AWS\"}");
        assertThat(r.status).isEqualTo(403);
        assertThat(r.errorType()).isEqualTo("InvalidSignatureException");
        assertThat(r.json().path("message").asText()).contains("'partnercentral-selling'");
    }

    @Test
    void aBodyThatIsNotJsonGetsSerializationException() {
        RawApi.Response r = call("ListSolutions", "{\"Catalog\": AWS");
        assertThat(r.status).isEqualTo(400);
        assertThat(r.errorType()).isEqualTo("SerializationException");
        assertThat(r.json().path("message").asText()).isEqualTo("Request body is not valid JSON");
        assertNoStackTrace(r);

        RawApi.Response array = call("ListSolutions", "[1,2]");
        assertThat(array.errorType()).isEqualTo("SerializationException");
        assertThat(array.json().path("message").asText()).contains("JSON object");
    }

    @Test
    void aMissingCatalogIsAValidationErrorNamingTheField() {
        RawApi.Response r = call("ListOpportunities", "{}");
        assertThat(r.status).isEqualTo(400);
        JsonNode body = r.json();
        assertThat(body.path("__type").asText())
                .isEqualTo("com.amazonaws.partnercentralselling#ValidationException");
        assertThat(body.path("Reason").asText()).isEqualTo("REQUEST_VALIDATION_FAILED");
        assertThat(body.at("/ErrorList/0/FieldName").asText()).isEqualTo("Catalog");
        assertThat(body.at("/ErrorList/0/Code").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(body.path("Message").asText()).contains("'Catalog' must not be null");
    }

    @Test
    void anUnknownCatalogIsRefused() {
        RawApi.Response r = call("ListOpportunities", "{\"Catalog\":\"Production\"}");
        assertThat(r.errorType()).isEqualTo("ValidationException");
        assertThat(r.json().path("Message").asText()).contains("use AWS or Sandbox");
        assertThat(
                        call("ListOpportunities", "{\"Catalog\":\"AWS-1\"}")
                                .json()
                                .at("/ErrorList/0/Code")
                                .asText())
                .isEqualTo("INVALID_STRING_FORMAT");
    }

    @Test
    void everyViolationOfOneRequestIsListedAtOnce() {
        List<ValidationExceptionError> errors = new ArrayList<>();
        ListOpportunitiesRequest bad =
                ListOpportunitiesRequest.builder()
                        .catalog("AWS")
                        .maxResults(500)
                        .lifeCycleStageWithStrings("Negotiation")
                        .identifier("X123")
                        .sort(s -> s.sortBy("Revenue").sortOrder("UP"))
                        .build();
        assertThatThrownBy(() -> SIM.client().listOpportunities(bad))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> errors.addAll(e.errorList()))
                .hasMessageContaining("5 validation errors detected");
        assertThat(errors)
                .extracting(ValidationExceptionError::fieldName)
                .containsExactlyInAnyOrder(
                        "MaxResults",
                        "Sort.SortBy",
                        "Sort.SortOrder",
                        "Identifier.1",
                        "LifeCycleStage.1");
        assertThat(errors)
                .extracting(ValidationExceptionError::codeAsString)
                .containsExactlyInAnyOrder(
                        "VALUE_OUT_OF_RANGE",
                        "INVALID_ENUM_VALUE",
                        "INVALID_ENUM_VALUE",
                        "INVALID_STRING_FORMAT",
                        "INVALID_ENUM_VALUE");
    }

    @Test
    void tooManyFilterValuesAreRefused() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            ids.add("O" + (1000000 + i));
        }
        assertThatThrownBy(
                        () -> SIM.client().listOpportunities(r -> r.catalog("AWS").identifier(ids)))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e ->
                                assertThat(e.errorList())
                                        .singleElement()
                                        .satisfies(
                                                err -> {
                                                    assertThat(err.fieldName())
                                                            .isEqualTo("Identifier");
                                                    assertThat(err.codeAsString())
                                                            .isEqualTo("TOO_MANY_VALUES");
                                                }))
                .hasMessageContaining("between 0 and 20");
    }

    @Test
    void aDateThatIsNotIsoIsRefused() {
        RawApi.Response r =
                call(
                        "ListOpportunities",
                        "{\"Catalog\":\"AWS\",\"LastModifiedDate\":{\"AfterLastModifiedDate\":\"yesterday\"}}");
        assertThat(r.errorType()).isEqualTo("ValidationException");
        assertThat(r.json().at("/ErrorList/0/FieldName").asText())
                .isEqualTo("LastModifiedDate.AfterLastModifiedDate");
        RawApi.Response number =
                call(
                        "ListOpportunities",
                        "{\"Catalog\":\"AWS\",\"LastModifiedDate\":{\"AfterLastModifiedDate\":1700000000}}");
        assertThat(number.json().path("Message").asText()).contains("ISO 8601 date-time string");
    }

    @Test
    void wrongMemberTypesAreRefused() {
        RawApi.Response r =
                call("ListOpportunities", "{\"Catalog\":\"AWS\",\"MaxResults\":\"ten\"}");
        assertThat(r.errorType()).isEqualTo("ValidationException");
        assertThat(r.json().path("Message").asText()).contains("'MaxResults' must be an integer");
        RawApi.Response list =
                call("ListOpportunities", "{\"Catalog\":\"AWS\",\"Identifier\":\"O1\"}");
        assertThat(list.json().path("Message").asText()).contains("'Identifier' must be a list");
    }

    @Test
    void responsesCarryAwsHeaders() {
        RawApi.Response ok = call("ListSolutions", "{\"Catalog\":\"AWS\"}");
        assertThat(ok.status).isEqualTo(200);
        assertThat(ok.http.headers().firstValue("Content-Type"))
                .contains("application/x-amz-json-1.0");
        assertThat(ok.http.headers().firstValue("x-amzn-RequestId")).isPresent();
        RawApi.Response bad = call("ListSolutions", "{}");
        assertThat(bad.http.headers().firstValue("x-amzn-ErrorType"))
                .contains("ValidationException");
    }
}
