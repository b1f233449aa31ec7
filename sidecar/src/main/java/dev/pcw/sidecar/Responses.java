package dev.pcw.sidecar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** How every route answers: pretty-printed JSON with its status. */
public final class Responses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Responses() {}

    /** Answers {@code body} as JSON with {@code status}. */
    public static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status)
                    .contentType("application/json")
                    .result(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
