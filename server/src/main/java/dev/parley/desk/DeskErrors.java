package dev.parley.desk;

import dev.parley.api.HtmlErrors;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The desk's error pages: 404 is the not-found page (the same for what does not exist and what
 * the viewer may not see), anything else the generic error page with its status and a plain
 * sentence, never a stack trace (the failure was logged by api/ErrorResponses already).
 */
final class DeskErrors implements HtmlErrors {
    private static final Logger LOG = LoggerFactory.getLogger(DeskErrors.class);

    private final Pages pages;

    DeskErrors(Pages pages) {
        this.pages = pages;
    }

    @Override
    public boolean wantsHtml(Context ctx) {
        return DeskPaths.wantsHtml(ctx);
    }

    @Override
    public void render(Context ctx, int status) {
        try {
            if (status == 404) {
                pages.render(ctx, 404, "error/not-found.jte", Map.of());
            } else {
                pages.render(ctx, status, "error/error.jte", Map.of("status", status, "reason", reason(status)));
            }
        } catch (RuntimeException e) {
            // the JSON answer already written stays; a broken error page must not hide the status
            LOG.error("Error page for {} failed", status, e);
        }
    }

    /** The message key of the sentence for a status. */
    static String reason(int status) {
        return switch (status) {
            case 400, 413, 414, 415, 431 -> "error.badRequest";
            case 403 -> "error.forbidden";
            case 405 -> "error.methodNotAllowed";
            case 408 -> "error.timeout";
            case 429 -> "error.tooManyRequests";
            case 503 -> "error.unavailable";
            case 507 -> "error.storageFull";
            default -> status >= 500 ? "error.internal" : "error.badRequest";
        };
    }
}
