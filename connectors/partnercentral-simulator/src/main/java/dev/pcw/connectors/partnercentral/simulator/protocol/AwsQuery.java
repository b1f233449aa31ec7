package dev.pcw.connectors.partnercentral.simulator.protocol;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * AWS's Query protocol, as the local STS and CloudWatch endpoints speak it: a form-encoded {@code
 * POST /} (gzip-compressed when the SDK compresses a large request) with {@code Action} and {@code
 * Version}, answered in XML, errors as {@code ErrorResponse}.
 */
public final class AwsQuery {
    private AwsQuery() {}

    /** The request's form fields. */
    public static Map<String, String> form(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        return form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** {@code <ResponseMetadata>} with a fresh request id. */
    public static String metadata() {
        return "<ResponseMetadata><RequestId>"
                + UUID.randomUUID()
                + "</RequestId></ResponseMetadata>";
    }

    public static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A {@code Sender} fault in the service's namespace {@code ns}. */
    public static void error(HttpExchange ex, String ns, int status, String code, String message)
            throws IOException {
        send(
                ex,
                status,
                "<ErrorResponse xmlns=\""
                        + ns
                        + "\"><Error><Type>Sender</Type><Code>"
                        + code
                        + "</Code><Message>"
                        + xml(message)
                        + "</Message></Error><RequestId>"
                        + UUID.randomUUID()
                        + "</RequestId></ErrorResponse>");
    }

    public static void send(HttpExchange ex, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }
}
