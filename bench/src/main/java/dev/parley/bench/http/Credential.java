package dev.parley.bench.http;

import java.util.Objects;

/**
 * How the requests of a scenario say who asks: one header, sent with every request. The API
 * scenarios present a token ({@code X-Access-Token}); the desk's page scenarios a session cookie
 * ({@code Cookie: parley_session=…}), got by signing in once ({@link DeskSignIn}).
 */
public record Credential(String header, String value) {
    public static final String TOKEN_HEADER = "X-Access-Token";
    /** the desk's session cookie, as named by the server's DeskSessions.COOKIE */
    public static final String SESSION_COOKIE = "parley_session";

    public Credential {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(value, "value");
    }

    public static Credential token(String token) {
        return new Credential(TOKEN_HEADER, token);
    }

    /** @param session the cookie's value as the server set it */
    public static Credential sessionCookie(String session) {
        return new Credential("Cookie", SESSION_COOKIE + "=" + session);
    }
}
