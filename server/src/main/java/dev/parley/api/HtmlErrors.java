package dev.parley.api;

import io.javalin.http.Context;

/**
 * Error answers for browsers: the web desk (dev.parley.desk) answers its own paths' failures with
 * HTML pages; everything else (the API under {@code /v2}, {@code /openapi.json}) keeps the
 * contract's JSON errors from {@link ErrorResponses}. Installed at most once, before the server starts.
 */
public interface HtmlErrors {
    /** Whether this request is answered with an HTML page rather than the API's JSON error. */
    boolean wantsHtml(Context ctx);

    /** Replaces the response with the page for {@code status} (404: not found, else a generic error). */
    void render(Context ctx, int status);
}
