package dev.parley.api;

import io.javalin.http.Context;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses a request whose declared {@code Content-Length} is over the limit with 413, before
 * anything reads its body: the first thing to run for every request (a before-handler), so also
 * ahead of authentication, routing and unknown paths.
 *
 * <p>Jetty sends {@code 100 Continue} (to a client that sent {@code Expect: 100-continue}) only
 * when a handler first reads or demands the body, and a blocking read of a body the client has not
 * sent holds a request thread until the idle timeout. Refusing on the declared length alone does
 * neither: no {@code 100 Continue} goes out, the answer is sent at once, and Jetty closes the
 * connection afterwards (it discards whatever of the body still arrives, so a client that is
 * already sending still reads the 413). Bodies without a declared length (chunked) are bounded
 * while they are read ({@link RequestValidator}, the upload's own cap).
 */
public final class DeclaredBodyLimit {
    private final long defaultLimit;
    private final Map<String, Long> limits = new HashMap<>();

    /** {@code defaultLimit}: the largest body any request may declare ({@code --max-request-bytes}). */
    public DeclaredBodyLimit(long defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    /** Another limit for one method and path (uploads: {@code POST /v2/files}). */
    public DeclaredBodyLimit allow(String method, String path, long limit) {
        limits.put(key(method, path), limit);
        return this;
    }

    public long defaultLimit() {
        return defaultLimit;
    }

    public void check(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared < 0) {
            return;
        }
        long limit = limits.getOrDefault(key(ctx.req().getMethod(), ctx.path()), defaultLimit);
        if (declared > limit) {
            ctx.header("Connection", "close");
            throw new ApiError(413, "PayloadTooLarge",
                    "Request body too large: " + declared + " bytes declared, at most " + limit + " accepted");
        }
    }

    private static String key(String method, String path) {
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1); // routes ignore trailing slashes
        }
        return method.toUpperCase(Locale.ROOT) + " " + trimmed;
    }
}
