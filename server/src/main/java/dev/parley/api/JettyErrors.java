package dev.parley.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * The errors Jetty answers itself, before a request reaches Javalin (a request line or headers
 * too large, a malformed request, a body sent too slowly): in the contract's error shape, as
 * JSON, never Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = body(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Answers to requests Jetty could not even parse. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int code, String message) {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (code == 400) {
            body.put("type", "ValidationError");
            body.put("message", reason);
            ObjectNode item = body.putArray("validationErrors").addObject();
            item.put("message", reason);
            item.put("path", "");
            item.put("type", "request");
            item.putObject("context");
        } else {
            body.put("type", switch (code) {
                case 408 -> "RequestTimeout";
                case 413 -> "PayloadTooLarge";
                case 414 -> "UriTooLong";
                case 431 -> "RequestHeaderFieldsTooLarge";
                default -> code >= 500 ? "InternalServerError" : "BadRequest";
            });
            body.put("message", code >= 500 ? "An unexpected error occurred" : reason);
        }
        return Json.bytes(body);
    }
}
