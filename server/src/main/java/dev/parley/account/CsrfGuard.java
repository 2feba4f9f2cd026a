package dev.parley.account;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * CSRF protection for everything the session cookie authenticates: a state-changing request
 * (POST, PUT, PATCH, DELETE) must carry its session's CSRF token in the form field
 * {@code _csrf} (url-encoded or multipart forms) or the header {@code X-CSRF-Token} (htmx,
 * scripts); never in the query string, which ends up in logs and Referer headers. Otherwise
 * 403 ({@link Refused}). SameSite=Lax already keeps the cookie off cross-site POSTs in current
 * browsers; the token also covers older browsers and same-site attackers (sibling subdomains).
 *
 * <p>{@link #before} is installed for every route outside the API ({@code /v2/…}, which is
 * authenticated by Bearer tokens and never by the cookie) but the two that authenticate by
 * something else than the cookie: {@code POST /sign-in} (a password) and
 * {@code POST /invite/{token}} (the invitation). Feature routes therefore need nothing of their
 * own; {@link #check} is there for a route that authenticates by the cookie under {@code /v2}.
 */
public final class CsrfGuard {
    public static final String FORM_FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private CsrfGuard() {
    }

    /** The request lacks its session's CSRF token: 403. */
    public static final class Refused extends RuntimeException {
        Refused() {
            super("The request lacks this session's security token (form field _csrf or header X-CSRF-Token); "
                    + "reload the page and try again", null, false, false);
        }
    }

    public static boolean isStateChanging(Context ctx) {
        return STATE_CHANGING.contains(ctx.method().name());
    }

    /** The before-handler: state-changing requests with a valid session cookie must carry its token. */
    static Handler before(DeskSessions sessions) {
        return ctx -> {
            if (!isStateChanging(ctx) || exempt(ctx.path()) || ctx.cookie(DeskSessions.COOKIE) == null) {
                return;
            }
            sessions.current(ctx).ifPresent(session -> check(ctx, session));
        };
    }

    static boolean exempt(String path) {
        return path.equals("/v2") || path.startsWith("/v2/") || path.equals("/sign-in") || path.startsWith("/invite/")
                // a signed link of its own, answered the same with or without a session (notify/mail/Unsubscribe)
                || path.startsWith("/mail/unsubscribe/");
    }

    /** Throws {@link Refused} unless the request carries {@code session}'s CSRF token. */
    public static void check(Context ctx, Session session) {
        String presented = ctx.header(HEADER);
        if (presented == null && isForm(ctx)) {
            presented = ctx.formParam(FORM_FIELD);
        }
        if (presented == null || presented.isEmpty() || !MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            throw new Refused();
        }
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return false;
        }
        String t = type.toLowerCase(java.util.Locale.ROOT);
        return t.startsWith("application/x-www-form-urlencoded") || t.startsWith("multipart/form-data");
    }
}
