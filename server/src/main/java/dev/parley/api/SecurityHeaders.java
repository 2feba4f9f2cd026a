package dev.parley.api;

import io.javalin.http.Context;
import org.eclipse.jetty.http.HttpFields;

import java.util.Map;

/**
 * Headers on every response: no MIME sniffing, no caching of API answers (they carry one
 * customer's data; a shared cache must not keep them) and no referrer. Javalin's responses get
 * them before any handler runs; Jetty's own refusals, made before Javalin sees the request,
 * from {@link JsonErrorHandler}. Downloads add their own {@code Content-Security-Policy} and
 * {@code Content-Disposition} (file/FileDownloads).
 */
public final class SecurityHeaders {
    /** The headers, in one place for both paths. */
    static final Map<String, String> HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Cache-Control", "no-store",
            "Referrer-Policy", "no-referrer");

    private SecurityHeaders() {
    }

    public static void apply(Context ctx) {
        HEADERS.forEach(ctx::header);
    }

    /** The same headers on a response Jetty writes itself. */
    static void apply(HttpFields.Mutable fields) {
        HEADERS.forEach(fields::put);
    }
}
