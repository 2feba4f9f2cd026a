package dev.parley.account;

import dev.parley.events.stream.StreamCredentials;

/**
 * The desk's session cookie as the credentials of an event stream. Looked up afresh on every
 * call (not the request's cached session): the stream asks again whenever identities change,
 * and a signed-out or deactivated user's session must then be gone.
 */
public final class SessionStreamCredentials {
    private SessionStreamCredentials() {
    }

    public static StreamCredentials of(DeskSessions sessions) {
        return ctx -> sessions.find(ctx.cookie(DeskSessions.COOKIE)).map(Session::caller);
    }
}
