package dev.parley.api;

import io.javalin.http.Context;

/**
 * Headers on every response: no MIME sniffing, and no caching of API answers (they carry one
 * customer's data; a shared cache must not keep them). Downloads add their own
 * {@code Content-Security-Policy} and {@code Content-Disposition} (file/FileDownloads).
 */
public final class SecurityHeaders {
    private SecurityHeaders() {
    }

    public static void apply(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
    }
}
