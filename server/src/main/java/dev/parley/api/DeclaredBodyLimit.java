package dev.parley.api;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses a request whose declared {@code Content-Length} is over the limit with 413, before
 * anything reads its body: a Jetty handler in front of Javalin's servlet, so on every path and
 * method, ahead of authentication and routing.
 *
 * <p>Jetty sends {@code 100 Continue} (to a client that sent {@code Expect: 100-continue}) only
 * when a handler first reads or demands the body, and a blocking read of a body the client has not
 * sent holds a request thread until the idle timeout. Here the answer is written at once and no
 * thread waits: with {@code Expect: 100-continue} (the body will not come) or a body far over the
 * limit, the connection is closed after the answer; otherwise the client may be sending already,
 * and closing with its bytes unread would reset the connection and lose the answer, so what it
 * sends is read and discarded afterwards, without a thread (Jetty's non-blocking demand), up to
 * {@link BodyDrain#LIMIT} past the limit, or until the idle timeout when nothing comes. Bodies
 * without a declared length (chunked) are bounded while they are read ({@link RequestValidator},
 * the upload's own cap).
 */
public final class DeclaredBodyLimit extends Handler.Wrapper {
    private final long defaultLimit;
    private final Map<String, Long> limits = new HashMap<>();
    private final List<String> corsOrigins;

    /**
     * {@code defaultLimit}: the largest body any request may declare ({@code --max-request-bytes});
     * {@code corsOrigins}: those {@link Cors} allows, so that a browser script may read the 413.
     */
    public DeclaredBodyLimit(long defaultLimit, List<String> corsOrigins) {
        this.defaultLimit = defaultLimit;
        this.corsOrigins = corsOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    /** Another limit for one method and path (uploads: {@code POST /v2/files}). */
    public DeclaredBodyLimit allow(String method, String path, long limit) {
        limits.put(key(method, path), limit);
        return this;
    }

    public long defaultLimit() {
        return defaultLimit;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long declared = request.getLength(); // -1 when not declared
        long limit = limits.getOrDefault(key(request.getMethod(), Request.getPathInContext(request)), defaultLimit);
        if (declared <= limit) {
            return super.handle(request, response, callback);
        }
        response.setStatus(413);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        SecurityHeaders.apply(headers);
        headers.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && (corsOrigins.contains("*") || corsOrigins.contains(origin))) {
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, corsOrigins.contains("*") ? "*" : origin);
            headers.add(HttpHeader.VARY, "Origin");
        }
        ByteBuffer body = ByteBuffer.wrap(ErrorResponses.body(new ApiError(413, "PayloadTooLarge",
                "Request body too large: " + declared + " bytes declared, at most " + limit + " accepted")));
        boolean expectsContinue = request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString());
        if (expectsContinue || declared - limit > BodyDrain.LIMIT) {
            response.write(true, body, callback);
        } else {
            response.write(true, body, Callback.from(() -> Content.Source.consumeAll(request, callback), callback::failed));
        }
        return true;
    }

    private static String key(String method, String path) {
        String trimmed = path == null || path.isEmpty() ? "/" : path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1); // routes ignore trailing slashes
        }
        return method.toUpperCase(Locale.ROOT) + " " + trimmed;
    }
}
