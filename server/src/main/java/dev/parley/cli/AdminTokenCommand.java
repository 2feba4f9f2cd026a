package dev.parley.cli;

import dev.parley.identity.IdentityListing;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.Tokens;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Optional;

/** {@code parley admin token create|list|revoke}. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage API tokens.")
public final class AdminTokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create an API token for a user and print it; it is shown only this once (stored hashed).",
                    "With --json: the token's id (for list and revoke), its user and the secret."})
    int create(@Mixin StoreOptions store, @Mixin JsonOption out,
               @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user the token acts as.") String userId,
               @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for (a laptop, a script); shown by list.") String description,
               @Option(names = "--expires-in-days", paramLabel = "DAYS", description = "Let the token expire after this many days.") Integer days) {
        if (days != null && (days < 1 || days > 36_500)) {
            throw new IllegalArgumentException("--expires-in-days must be between 1 and 36500");
        }
        Long expiresAt = days == null ? null : Clock.nowMillis() + days * 86_400_000L;
        try (Database db = store.open()) {
            String token = db.<String, RuntimeException>write(h -> {
                if (IdentityRepository.findUser(h, userId).isEmpty()) {
                    throw new IllegalArgumentException("no user " + userId);
                }
                return IdentityRepository.createToken(h, userId, description, expiresAt);
            });
            if (out.on()) {
                IdentityListing.TokenRow row = db.read(h -> IdentityListing.tokenByHash(h, Tokens.hash(token))).orElseThrow();
                JsonOption.print(IdentityJson.token(row, Clock.nowMillis()).put("token", token));
            } else {
                System.out.println(token);
            }
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List API tokens (never their secrets): id, user, description, created, last used, expiry, state.",
                    "Last use is recorded at most once a minute per token and server node."})
    int list(@Mixin StoreOptions store, @Mixin JsonOption out,
             @Option(names = "--user", paramLabel = "USER_ID", description = "Only this user's tokens (default: every user's).") String userId) {
        List<IdentityListing.TokenRow> tokens;
        try (Database db = store.open()) {
            tokens = db.read(h -> {
                if (userId != null) {
                    AdminChecks.requireUser(h, userId);
                }
                return IdentityListing.tokens(h, userId);
            });
        }
        long now = Clock.nowMillis();
        if (out.on()) {
            var array = JsonOption.array();
            tokens.forEach(t -> array.add(IdentityJson.token(t, now)));
            JsonOption.print(array);
            return 0;
        }
        Table table = new Table("ID", "USER", "DESCRIPTION", "CREATED", "LAST USED", "EXPIRES", "STATE");
        tokens.forEach(t -> table.row(t.tokenId(), t.userId(), t.description(), Clock.iso(t.createdAt()),
                t.lastUsedAt() == null ? "never" : Clock.iso(t.lastUsedAt()),
                t.expiresAt() == null ? "never" : Clock.iso(t.expiresAt()), t.state(now)));
        table.print(System.out);
        return 0;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke one API token at once (a lost laptop's); the user and its other tokens keep working.",
                    "Name the token by its id (token list) or by the secret itself."})
    int revoke(@Mixin StoreOptions store, @Mixin JsonOption out,
               @Option(names = "--id", paramLabel = "TOKEN_ID", description = "The token's id, as token list shows it.") String tokenId,
               @Parameters(arity = "0..1", paramLabel = "TOKEN", description = "The token's secret (parley_…), instead of --id.") String token) {
        if ((tokenId == null) == (token == null)) {
            System.err.println("parley: name the token to revoke: --id TOKEN_ID (see parley admin token list) or the secret TOKEN");
            return 1;
        }
        try (Database db = store.open()) {
            Optional<IdentityListing.TokenRow> revoked = db.<Optional<IdentityListing.TokenRow>, RuntimeException>write(h -> {
                Optional<IdentityListing.TokenRow> row = tokenId != null ? IdentityListing.token(h, tokenId)
                        : IdentityListing.tokenByHash(h, Tokens.hash(token));
                if (row.isEmpty() || IdentityRepository.revokeTokenById(h, row.get().tokenId()) == 0) {
                    return Optional.empty();
                }
                return IdentityListing.token(h, row.get().tokenId());
            });
            if (revoked.isEmpty()) {
                System.err.println("parley: no such active token" + (tokenId == null ? "" : " " + tokenId));
                return 1;
            }
            out.print(IdentityJson.token(revoked.get(), Clock.nowMillis()), null);
        }
        RunningServer.noteChange(store);
        return 0;
    }
}
