package dev.parley.api;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Jetty's own refusals, made before a request reaches Javalin (a request line or headers too
 * long: 414 / 431, a malformed request: 400), in the contract's error shape instead of Jetty's
 * HTML page, with the {@link SecurityHeaders} every response carries.
 */
final class JsonErrorHandler extends ErrorHandler {

    static ApiError error(int status, String message) {
        String text = message == null || message.isBlank() ? null : message;
        return switch (status) {
            case 400 -> ApiError.validation("", "request", text == null ? "Bad request" : text, Map.of());
            case 408 -> new ApiError(408, "RequestTimeout", "The request was sent too slowly");
            case 413 -> new ApiError(413, "PayloadTooLarge", "Request body too large");
            case 414 -> new ApiError(414, "URITooLong", "Request URI too long");
            case 431 -> new ApiError(431, "RequestHeaderFieldsTooLarge", "Request headers too large");
            default -> new ApiError(status, status >= 500 ? "InternalServerError" : "BadRequest",
                    text == null ? "Request refused" : text);
        };
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        SecurityHeaders.apply(response.getHeaders());
        response.write(true, ByteBuffer.wrap(ErrorResponses.body(error(code, message))), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        SecurityHeaders.apply(fields);
        return ByteBuffer.wrap(ErrorResponses.body(error(status, reason)));
    }
}
