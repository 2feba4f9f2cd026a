package dev.parley.account;

import dev.parley.Platform;
import dev.parley.api.ApiError;
import dev.parley.api.ErrorResponses;
import dev.parley.storage.Clock;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.time.Duration;

/**
 * Signing in to the web desk: the entry point. Installs the session routes (POST /sign-in,
 * POST /sign-out, POST /invite/{token}, GET /session), the CSRF guard before every route
 * outside the API, the answers for a missing session and a refused CSRF token, and the hourly
 * purge of sessions past their limits. The pages (/sign-in, /invite/{token}, /account) call
 * {@link DeskSessions} and {@link AccountService}.
 */
public final class Accounts {
    private Accounts() {
    }

    public static DeskSessions install(Platform platform) {
        var config = platform.config();
        DeskSessions sessions = new DeskSessions(platform.database(),
                SessionSettings.of(config.sessionIdle(), config.sessionMax(), config.publicUrl()),
                config.signInLimits(), Clock::nowMillis);
        AccountHandlers handlers = new AccountHandlers(sessions, platform.database(), platform.clientAddress());
        platform.routes(r -> {
            r.http().beforeMatched(CsrfGuard.before(sessions));
            r.http().post("/sign-in", handlers::signIn);
            r.http().post("/sign-out", handlers::signOut);
            r.http().post("/invite/{token}", handlers::acceptInvitation);
            r.http().get("/session", handlers::session);
            r.http().exception(CsrfGuard.Refused.class, (e, ctx) -> refuse(ctx, 403, "Forbidden", e.getMessage(),
                    "This form has expired or did not come from Parley. Go back, reload the page and try again."));
            r.http().exception(DeskSessions.SignInRequired.class, Accounts::signInFirst);
        });
        platform.every("session purge", Duration.ofHours(1), sessions::purge);
        return sessions;
    }

    /** A page without a session: GET pages go to sign-in and come back; anything else is 401. */
    private static void signInFirst(DeskSessions.SignInRequired e, Context ctx) {
        boolean page = ("GET".equals(ctx.method().name()) || "HEAD".equals(ctx.method().name()))
                && !AccountHandlers.wantsJson(ctx);
        if (page) {
            String here = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/sign-in?next=" + AccountHandlers.encode(LocalPath.orRoot(here)), HttpStatus.SEE_OTHER);
        } else {
            refuse(ctx, 401, "Unauthorized", e.getMessage(), "Please sign in first.");
        }
    }

    /** JSON in the API's error shape, or a small plain page for a browser. */
    private static void refuse(Context ctx, int status, String type, String message, String page) {
        if (AccountHandlers.wantsJson(ctx) || ctx.header("Accept") == null || !ctx.header("Accept").contains("text/html")) {
            ErrorResponses.write(ctx, new ApiError(status, type, message));
            return;
        }
        ctx.status(status).contentType("text/html; charset=utf-8").result("<!doctype html><html lang=\"en\"><head>"
                + "<meta charset=\"utf-8\"><title>Parley</title></head><body><h1>" + (status == 403 ? "Refused" : "Sign in")
                + "</h1><p>" + page + "</p></body></html>");
    }
}
