package dev.parley.events.stream;

import dev.parley.api.ApiError;
import dev.parley.api.Authentication;
import dev.parley.identity.Caller;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * Who a stream's request is, now. What the request presented (a token, a cookie) is read once,
 * when the stream opens: the request object is recycled by the server once a stream has ended,
 * and a stream is asked again (whenever {@code identity_version} rose) from another thread.
 * The default is the API's: the request's API token, resolved like every API request
 * ({@link Authentication}, cached by {@code identity_version}).
 */
@FunctionalInterface
public interface StreamCredentials {

    /** A credential as presented, resolved afresh on every call; empty when it no longer names an active caller. */
    @FunctionalInterface
    interface Presented {
        Optional<Caller> caller();
    }

    /** What {@code ctx} presented, read from the request now; empty when it presented nothing of this kind. */
    Optional<Presented> presented(Context ctx);

    /** The API token of the request (Authorization: Bearer / X-Access-Token). */
    static StreamCredentials apiToken(Authentication authentication) {
        return ctx -> Authentication.presentedToken(ctx).map(token -> () -> {
            try {
                return authentication.callerForToken(token);
            } catch (ApiError unauthorized) {
                return Optional.empty();
            }
        });
    }

    /** These credentials when the request presented them, else {@code other}'s (an API token first, then the desk's session cookie). */
    default StreamCredentials or(StreamCredentials other) {
        return ctx -> {
            Optional<Presented> mine = presented(ctx);
            return mine.isPresent() ? mine : other.presented(ctx);
        };
    }
}
