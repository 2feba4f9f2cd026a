package dev.parley.account;

import dev.parley.events.stream.StreamCredentials;

import java.util.Optional;

/**
 * The desk's session cookie as the credentials of an event stream. Looked up afresh on every
 * call (not the request's cached session): the stream asks again whenever identities change,
 * and a signed-out or deactivated user's session must then be gone.
 */
public final class SessionStreamCredentials {
    private SessionStreamCredentials() {
    }

    public static StreamCredentials of(DeskSessions sessions) {
        return ctx -> {
            String cookie = ctx.cookie(DeskSessions.COOKIE);
            return cookie == null ? Optional.empty()
                    : Optional.of(() -> sessions.find(cookie).map(Session::caller));
        };
    }
}
