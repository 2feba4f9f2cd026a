package dev.parley.account;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ApiError;
import dev.parley.api.ClientAddress;
import dev.parley.api.ErrorResponses;
import dev.parley.api.Json;
import dev.parley.storage.Database;
import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * HTTP for signing in: form posts from the desk's pages (answered with 303 redirects) and the
 * same routes for scripts and tests (answered in JSON when the request accepts
 * {@code application/json}). Failures name no account: an unknown e-mail and a wrong password
 * get the same answer.
 */
final class AccountHandlers {
    private final DeskSessions sessions;
    private final Database database;
    private final ClientAddress clientAddress;

    AccountHandlers(DeskSessions sessions, Database database, ClientAddress clientAddress) {
        this.sessions = sessions;
        this.database = database;
        this.clientAddress = clientAddress;
    }

    /** POST /sign-in (email, password, next). */
    void signIn(Context ctx) {
        String next = LocalPath.orRoot(ctx.formParam("next"));
        try {
            Session session = sessions.signIn(ctx, ctx.formParam("email"), ctx.formParam("password"), clientAddress.of(ctx));
            if (wantsJson(ctx)) {
                json(ctx, 200, sessionJson(session));
            } else {
                ctx.redirect(next, io.javalin.http.HttpStatus.SEE_OTHER);
            }
        } catch (DeskSessions.SignInRefused e) {
            if (e.throttled()) {
                ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            }
            if (wantsJson(ctx)) {
                ErrorResponses.write(ctx, e.throttled()
                        ? new ApiError(429, "RateLimitError", e.getMessage())
                        : ApiError.unauthorized(e.getMessage()));
            } else {
                ctx.redirect("/sign-in?error=" + (e.throttled() ? "throttled" : "invalid")
                        + (next.equals("/") ? "" : "&next=" + encode(next)), io.javalin.http.HttpStatus.SEE_OTHER);
            }
        }
    }

    /** POST /sign-out (CSRF-checked by the guard like every other form). */
    void signOut(Context ctx) {
        sessions.signOut(ctx);
        if (wantsJson(ctx)) {
            ctx.status(204);
        } else {
            ctx.redirect("/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    /** POST /invite/{token} (password, password2): the password chosen, then signed in. */
    void acceptInvitation(Context ctx) {
        String token = ctx.pathParam("token");
        String password = ctx.formParam("password");
        String back = "/invite/" + encode(token) + "?error=";
        if (!AccountService.invitationValid(database, token)) {
            refuse(ctx, ApiError.notFound("This invitation link is unknown, used or expired; ask for a new one"),
                    back + "invalid");
            return;
        }
        if (password == null || !password.equals(ctx.formParam("password2"))) {
            refuse(ctx, ApiError.validation("password2", "mismatch", "The two passwords differ", java.util.Map.of()),
                    back + "mismatch");
            return;
        }
        Optional<String> user;
        try {
            user = AccountService.acceptInvitation(database, token, password);
        } catch (AccountService.Refused e) {
            refuse(ctx, ApiError.validation("password", "weak", e.getMessage(), java.util.Map.of()), back + "weak");
            return;
        }
        if (user.isEmpty()) {
            refuse(ctx, ApiError.notFound("This invitation link is unknown, used or expired; ask for a new one"),
                    back + "invalid");
            return;
        }
        Session session = sessions.start(ctx, user.get());
        if (wantsJson(ctx)) {
            json(ctx, 200, sessionJson(session));
        } else {
            ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    /** GET /session: who is signed in, and the CSRF token for the desk's scripts; 401 otherwise. */
    void session(Context ctx) {
        Session session = sessions.current(ctx)
                .orElseThrow(() -> ApiError.unauthorized("Not signed in"));
        json(ctx, 200, sessionJson(session));
    }

    private static void refuse(Context ctx, ApiError error, String location) {
        if (wantsJson(ctx)) {
            ErrorResponses.write(ctx, error);
        } else {
            ctx.redirect(location, io.javalin.http.HttpStatus.SEE_OTHER);
        }
    }

    static ObjectNode sessionJson(Session session) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("userId", session.userId());
        body.put("name", session.caller().user().clearName());
        body.put("email", session.email());
        body.put("isEmployee", session.caller().isEmployee());
        body.put("csrf", session.csrfToken());
        return body;
    }

    private static void json(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType("application/json").result(Json.bytes(body));
    }

    /** JSON for clients that ask for it and not for HTML (a browser's form post asks for text/html). */
    static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
