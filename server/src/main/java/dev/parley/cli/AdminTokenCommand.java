package dev.parley.cli;

import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley admin token create|revoke}. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage API tokens.")
public final class AdminTokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API token for a user and print it; it is shown only this once (stored hashed).")
    int create(@Mixin StoreOptions store,
               @Option(names = "--user", required = true) String userId,
               @Option(names = "--description") String description,
               @Option(names = "--expires-in-days", description = "Let the token expire after this many days.") Integer days) {
        if (days != null && (days < 1 || days > 36_500)) {
            throw new IllegalArgumentException("--expires-in-days must be between 1 and 36500");
        }
        Long expiresAt = days == null ? null : Clock.nowMillis() + days * 86_400_000L;
        try (Database db = store.open()) {
            System.out.println(db.<String, RuntimeException>write(h -> {
                if (IdentityRepository.findUser(h, userId).isEmpty()) {
                    throw new IllegalArgumentException("no user " + userId);
                }
                return IdentityRepository.createToken(h, userId, description, expiresAt);
            }));
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API token at once.")
    int revoke(@Mixin StoreOptions store, @Parameters(paramLabel = "TOKEN") String token) {
        try (Database db = store.open()) {
            if (db.write(h -> IdentityRepository.revokeToken(h, token)) == 0) {
                System.err.println("parley: no such active token");
                return 1;
            }
        }
        RunningServer.noteChange(store);
        return 0;
    }
}
