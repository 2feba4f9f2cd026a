package dev.parley.cli;

import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley admin user create|deactivate|activate}. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users.")
public final class AdminUserCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a user; prints its userId.")
    int create(@Mixin StoreOptions store,
               @Option(names = "--name", required = true, description = "Display name (clearName).") String name,
               @Option(names = "--email", description = "E-mail address.") String email,
               @Option(names = "--employee", description = "Support staff: sees and answers every conversation.") boolean employee) {
        try (Database db = store.open()) {
            System.out.println(db.<String, RuntimeException>write(h -> IdentityRepository.createUser(h, name, email, employee)));
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true, description = "Deactivate a user: its tokens stop working.")
    int deactivate(@Mixin StoreOptions store, @Parameters(paramLabel = "USER_ID") String userId) {
        return setActive(store, userId, false);
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Activate a deactivated user again.")
    int activate(@Mixin StoreOptions store, @Parameters(paramLabel = "USER_ID") String userId) {
        return setActive(store, userId, true);
    }

    private static int setActive(StoreOptions store, String userId, boolean active) {
        try (Database db = store.open()) {
            int changed = db.write(h -> IdentityRepository.setUserActive(h, userId, active));
            if (changed == 0) {
                System.err.println("parley: no user " + userId);
                return 1;
            }
        }
        RunningServer.noteChange(store);
        return 0;
    }
}
