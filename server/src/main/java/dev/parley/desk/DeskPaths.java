package dev.parley.desk;

import io.javalin.http.Context;

import java.util.List;

/**
 * Which requests the desk answers with HTML (its pages, also when they fail) and which keep the
 * API's JSON errors: everything under {@code /v2} and {@code /openapi.json} is the API's; the
 * desk's own paths are HTML; any other unknown path is HTML only for a browser (it accepts
 * {@code text/html}), so that API clients probing a wrong path still get the contract's JSON.
 */
public final class DeskPaths {
    /** Path prefixes of the desk's screens; a helper adding a screen under a new prefix adds it here. */
    static final List<String> PREFIXES = List.of(
            "/sign-in", "/sign-out", "/conversations", "/queue", "/account", "/invite", "/lang", "/assets");

    private DeskPaths() {
    }

    public static boolean isApi(String path) {
        return path.equals("/v2") || path.startsWith("/v2/") || path.startsWith("/openapi.json");
    }

    public static boolean isDesk(String path) {
        if (path.equals("/")) {
            return true;
        }
        for (String prefix : PREFIXES) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    static boolean wantsHtml(Context ctx) {
        String path = ctx.path();
        if (isApi(path)) {
            return false;
        }
        if (isDesk(path)) {
            return true;
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/html");
    }
}
