package dev.parley.account;

import dev.parley.identity.Caller;

/**
 * A signed-in web desk session: its id (the SHA-256 of the cookie value), the caller it acts
 * as (the same {@link Caller} the API builds for a token, so pages apply the same access
 * rules), the user's e-mail, and the CSRF token its forms must carry.
 */
public record Session(String id, Caller caller, String email, String csrfToken, long createdAt, long lastSeenAt,
                      long expiresAt) {

    public String userId() {
        return caller.userId();
    }
}
