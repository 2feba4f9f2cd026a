package dev.parley.api;

import dev.parley.identity.Caller;
import dev.parley.identity.Tokens;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import io.javalin.http.Context;

import java.util.Optional;

/**
 * Finds the caller from {@code Authorization: Bearer <token>} (or the legacy bare
 * {@code Authorization: <token>}) or {@code X-Access-Token: <token>}.
 */
public final class Authentication implements AutoCloseable {
    private final Database database;
    private final dev.parley.identity.CallerCache callers;
    private final dev.parley.identity.TokenUses uses;

    /** @param versions the newest {@code identity_version} the node knows (callers are cached by it) */
    public Authentication(Database database, dev.parley.identity.IdentityVersion versions) {
        this.database = database;
        this.callers = new dev.parley.identity.CallerCache(versions);
        this.uses = new dev.parley.identity.TokenUses(database);
    }

    /** The token the request carries, if any. */
    public static Optional<String> presentedToken(Context ctx) {
        return presentedToken(ctx.header("X-Access-Token"), ctx.header("Authorization"));
    }

    /** The token in these header values (either may be null), if any. */
    static Optional<String> presentedToken(String access, String authorization) {
        if (access != null && !access.isBlank()) {
            return Optional.of(access.strip());
        }
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The caller for the request; 401 when a token is missing (unless optional) or unknown. */
    public Optional<Caller> authenticate(Context ctx, boolean optional) {
        Optional<String> token = presentedToken(ctx);
        if (token.isEmpty()) {
            if (optional) {
                return Optional.empty();
            }
            throw ApiError.unauthorized("An API token is required (Authorization: Bearer <token> or X-Access-Token)");
        }
        Optional<Caller> caller = callerForToken(token.get());
        if (caller.isEmpty()) {
            throw ApiError.unauthorized("The API token is not valid");
        }
        return caller;
    }

    /** The active caller a presented token names now, if any (no request needed: event streams ask again later). */
    public Optional<Caller> callerForToken(String token) {
        if (token.length() > 512) {
            return Optional.empty();
        }
        String hash = Tokens.hash(token);
        long now = Clock.nowMillis();
        // a hit is answered from memory; only a miss opens a database handle
        Optional<Caller> caller = callers.find(database, hash, now);
        if (caller.isPresent()) {
            uses.used(hash, now); // in memory; written at most once a minute per token, off this thread
        }
        return caller;
    }

    /** Writes the last uses of tokens still noted in memory. */
    @Override
    public void close() {
        uses.close();
    }

    /** The callers cached by token hash (metrics read its hit counts). */
    public dev.parley.identity.CallerCache callers() {
        return callers;
    }
}
