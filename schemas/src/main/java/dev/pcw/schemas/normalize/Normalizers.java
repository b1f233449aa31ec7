package dev.pcw.schemas.normalize;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.pcw.schemas.bronze.BronzeRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entry point of normalization: a bronze record (or a bronze line, as replay reads them) in,
 * silver rows or a dead letter out. Never throws on bad input and never drops a payload silently:
 * every payload it is given comes out as rows or as a dead letter with a reason.
 *
 * <pre>{@code
 * NormalizationResult r = Normalizers.normalize(record, Instant.now());
 * for (SilverRow row : r.outputRows()) { ... }   // rows, or the one dead_letters row
 * }</pre>
 *
 * Callers that see every bronze record should first ask {@link #handles(String)}: operations
 * without a normalizer (list summaries, {@code GetAwsOpportunitySummary}) are dead letters of
 * reason {@code UNSUPPORTED_OPERATION} here, because being handed one means the caller routed it
 * wrongly.
 */
public final class Normalizers {
    private static final Pattern SOURCE_FRAGMENT =
            Pattern.compile("\\s*\\(?(start marker at )?\\[Source: .*?\\]\\)?");
    private static final Pattern BEST_EFFORT_ID =
            Pattern.compile("\"Id\"\\s*:\\s*\"([^\"\\\\]{1,255})\"");

    private Normalizers() {}

    /** Whether {@code operation}'s payloads become silver rows. */
    public static boolean handles(String operation) {
        return NormalizerRegistry.forOperation(operation).isPresent();
    }

    /**
     * Normalizes a bronze record; rows get {@code updated_at} = {@code updatedAt} (truncated to
     * milliseconds), dead letters {@code at} = {@code updatedAt}.
     */
    public static NormalizationResult normalize(BronzeRecord record, Instant updatedAt) {
        try {
            return normalizeRecord(record, updatedAt);
        } catch (RuntimeException e) {
            return internalError(NormalizationContext.of(record, updatedAt), e);
        }
    }

    private static NormalizationResult normalizeRecord(BronzeRecord record, Instant updatedAt) {
        NormalizationContext context = NormalizationContext.of(record, updatedAt);
        Optional<Normalizer> normalizer = NormalizerRegistry.forOperation(record.operation());
        if (!normalizer.isPresent()) {
            return unsupported(context);
        }
        String text = record.payload();
        JsonNode payload;
        try {
            payload = Json.DOCUMENT.readTree(text);
        } catch (JsonProcessingException e) {
            return invalidJson(context, text, e);
        }
        return normalizer
                .get()
                .normalize(payload == null ? MissingNode.getInstance() : payload, context);
    }

    /**
     * Normalizes one bronze line ({@link BronzeRecord#toJsonLine()}), parsing it once: the envelope
     * is streamed and only the payload becomes a tree. A line that is not a bronze envelope is a
     * dead letter ({@code INVALID_ENVELOPE}) whose raw payload is the whole line.
     */
    public static NormalizationResult normalizeLine(String line, Instant updatedAt) {
        try {
            return normalizeLineOnce(line, updatedAt);
        } catch (RuntimeException e) {
            return internalError(
                    new NormalizationContext(
                            null, null, null, null, null, null, updatedAt, line, 0, line.length()),
                    e);
        }
    }

    private static NormalizationResult normalizeLineOnce(String line, Instant updatedAt) {
        String runId = null;
        String entity = null;
        String catalog = null;
        String operation = null;
        String requestId = null;
        Instant fetchedAt = null;
        JsonNode payload = null;
        String payloadRaw = null;
        int start = 0;
        int end = 0;
        boolean hasPayload = false;
        try (JsonParser p = Json.EMBEDDED.getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return badLine(line, updatedAt, "bronze line is not a JSON object", null);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "run_id":
                        runId = stringValue(p, v);
                        break;
                    case "entity":
                        entity = stringValue(p, v);
                        break;
                    case "catalog":
                        catalog = stringValue(p, v);
                        break;
                    case "operation":
                        operation = stringValue(p, v);
                        break;
                    case "request_id":
                        requestId = stringValue(p, v);
                        break;
                    case "fetched_at":
                        String at = stringValue(p, v);
                        fetchedAt = at == null ? null : IsoTime.instant(at);
                        if (fetchedAt == null) {
                            return badLine(
                                    line,
                                    updatedAt,
                                    "bronze line's fetched_at "
                                            + (at == null
                                                    ? "is not a string"
                                                    : PayloadChecker.quote(at))
                                            + " is not an ISO-8601 date-time",
                                    null);
                        }
                        break;
                    case "payload":
                        hasPayload = true;
                        start = (int) p.currentTokenLocation().getCharOffset();
                        payload = Json.EMBEDDED.readTree(p);
                        end = (int) p.currentLocation().getCharOffset();
                        break;
                    case "payload_raw":
                        payloadRaw = stringValue(p, v);
                        break;
                    default:
                        p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return badLine(line, updatedAt, "bronze line is not a JSON object", null);
            }
            if (p.nextToken() != null) {
                return badLine(
                        line, updatedAt, "bronze line has content after its JSON object", null);
            }
        } catch (JsonProcessingException e) {
            return badLine(line, updatedAt, "bronze line is not valid JSON: " + jsonError(e), null);
        } catch (IOException e) {
            return badLine(
                    line, updatedAt, "bronze line could not be read: " + e.getMessage(), null);
        }
        String missing =
                runId == null
                        ? "run_id"
                        : entity == null
                                ? "entity"
                                : catalog == null
                                        ? "catalog"
                                        : operation == null
                                                ? "operation"
                                                : fetchedAt == null ? "fetched_at" : null;
        if (missing != null) {
            return badLine(line, updatedAt, "bronze line has no " + missing, operation);
        }
        if (!hasPayload && payloadRaw == null) {
            return badLine(
                    line, updatedAt, "bronze line has neither payload nor payload_raw", operation);
        }
        NormalizationContext context =
                hasPayload
                        ? new NormalizationContext(
                                runId, entity, catalog, operation, requestId, fetchedAt, updatedAt,
                                line, start, end)
                        : new NormalizationContext(
                                runId,
                                entity,
                                catalog,
                                operation,
                                requestId,
                                fetchedAt,
                                updatedAt,
                                payloadRaw,
                                0,
                                payloadRaw.length());
        Optional<Normalizer> normalizer = NormalizerRegistry.forOperation(operation);
        if (!normalizer.isPresent()) {
            return unsupported(context);
        }
        if (!hasPayload) {
            // Bronze keeps a payload that was not JSON as text: say why it is not.
            try {
                payload = Json.DOCUMENT.readTree(payloadRaw);
            } catch (JsonProcessingException e) {
                return invalidJson(context, payloadRaw, e);
            }
            if (payload == null) {
                payload = MissingNode.getInstance();
            }
        }
        return normalizer.get().normalize(payload, context);
    }

    private static String stringValue(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static NormalizationResult unsupported(NormalizationContext context) {
        return NormalizationResult.ofDeadLetter(
                DeadLetter.of(
                        context,
                        DeadLetterReason.UNSUPPORTED_OPERATION,
                        "no silver normalizer for operation "
                                + PayloadChecker.quote(String.valueOf(context.operation()))
                                + " (entity "
                                + context.entity()
                                + "); normalizers exist for "
                                + String.join(", ", NormalizerRegistry.operations()),
                        null));
    }

    private static NormalizationResult invalidJson(
            NormalizationContext context, String text, JsonProcessingException e) {
        return NormalizationResult.ofDeadLetter(
                DeadLetter.of(
                        context,
                        DeadLetterReason.INVALID_JSON,
                        "payload is not valid JSON: " + payloadJsonError(text, e),
                        bestEffortId(text)));
    }

    private static NormalizationResult badLine(
            String line, Instant updatedAt, String reason, String operation) {
        NormalizationContext context =
                new NormalizationContext(
                        null, null, null, operation, null, null, updatedAt, line, 0, line.length());
        return NormalizationResult.ofDeadLetter(
                DeadLetter.of(context, DeadLetterReason.INVALID_ENVELOPE, reason, null));
    }

    /** A bug of ours: the payload (or line) is kept with what went wrong, never thrown. */
    private static NormalizationResult internalError(
            NormalizationContext context, RuntimeException e) {
        return NormalizationResult.ofDeadLetter(
                DeadLetter.of(
                        context,
                        DeadLetterReason.INTERNAL_ERROR,
                        "normalization failed: " + e,
                        null));
    }

    /** Jackson's message without its source excerpt, plus where it happened. */
    static String jsonError(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int nl = message.indexOf('\n');
        if (nl >= 0) {
            message = message.substring(0, nl);
        }
        message = SOURCE_FRAGMENT.matcher(message).replaceAll("");
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            message += " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }
        return message;
    }

    private static String payloadJsonError(String text, JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Unexpected end-of-input")) {
            // The common case: a response cut short. Say so, and where.
            return "unexpected end of input after "
                    + text.length()
                    + " characters (truncated response?)";
        }
        return jsonError(e);
    }

    /** The first {@code "Id":"…"} of a text that is not JSON: the record id, most of the time. */
    private static String bestEffortId(String text) {
        Matcher m = BEST_EFFORT_ID.matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
