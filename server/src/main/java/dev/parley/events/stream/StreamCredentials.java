package dev.parley.events.stream;

import dev.parley.api.ApiError;
import dev.parley.api.Authentication;
import dev.parley.identity.Caller;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * Who a stream's request is, now. Asked when the API pipeline let the request through without
 * a caller, and again whenever identities changed ({@code identity_version} rose) while the
 * stream is open: empty ends the stream. The default is the API's: the request's API token,
 * resolved like every API request ({@link Authentication}, cached by {@code identity_version}).
 */
@FunctionalInterface
public interface StreamCredentials {
    Optional<Caller> caller(Context ctx);

    /** The API token of the request (Authorization: Bearer / X-Access-Token). */
    static StreamCredentials apiToken(Authentication authentication) {
        return ctx -> {
            try {
                return authentication.authenticate(ctx, false);
            } catch (ApiError unauthorized) {
                return Optional.empty();
            }
        };
    }

    /** These credentials, else {@code other}'s (an API token first, then the desk's session cookie). */
    default StreamCredentials or(StreamCredentials other) {
        return ctx -> {
            Optional<Caller> caller = caller(ctx);
            return caller.isPresent() ? caller : other.caller(ctx);
        };
    }
}
