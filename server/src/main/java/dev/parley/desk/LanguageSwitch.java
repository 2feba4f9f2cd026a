package dev.parley.desk;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;

/**
 * {@code GET /lang/{en|de}?next=…}: remembers the language in the {@code lang} cookie (a year)
 * and goes back to {@code next}, which must be a path of this site: anything else (another
 * host, {@code //host}, a backslash, control characters) goes to {@code /}, so the switch is no
 * open redirect.
 */
final class LanguageSwitch {
    private static final int ONE_YEAR = 365 * 24 * 3600;

    private LanguageSwitch() {
    }

    static void handle(Context ctx) {
        // not a secret, but Secure whenever the request came over HTTPS
        boolean secure = "https".equals(ctx.scheme());
        Lang lang = Lang.of(ctx.pathParam("lang")).orElseThrow(() -> dev.parley.api.ApiError.notFound("No such language"));
        Cookie cookie = new Cookie(Lang.COOKIE, lang.code(), "/", ONE_YEAR, secure, true, null, SameSite.LAX);
        ctx.cookie(cookie);
        ctx.redirect(localOrRoot(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
    }

    /** {@code next} when it is a local path, else {@code /}. */
    static String localOrRoot(String next) {
        if (next == null || next.isEmpty() || next.length() > 2000 || next.charAt(0) != '/') {
            return "/";
        }
        if (next.startsWith("//") || next.indexOf('\\') >= 0) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isISOControl(c) || Character.isWhitespace(c)) {
                return "/";
            }
        }
        return next;
    }
}
