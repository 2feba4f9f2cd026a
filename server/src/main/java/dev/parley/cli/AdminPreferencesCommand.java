package dev.parley.cli;

import dev.parley.conversation.CategoryRepository;
import dev.parley.conversation.PreferencesRepository;
import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code parley admin preferences}: who gets a customer's new conversations. */
@Command(name = "preferences", mixinStandardHelpOptions = true,
        description = "Set a customer's conversation preferences: the preferred user per category and a fallback.")
public final class AdminPreferencesCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--customer", required = true)
    String customerId;

    @Option(names = "--fallback", description = "User for categories without a preferred user.")
    String fallback;

    @Option(names = "--category", description = "CATEGORY=USER: preferred user for a category (id or name); repeatable. USER '-' removes it.")
    Map<String, String> preferred = Map.of();

    @Override
    public Integer call() {
        try (Database db = store.open()) {
            db.write(h -> {
                CategoryRepository.seedDefaults(h);
                if (!IdentityRepository.customerExists(h, customerId)) {
                    throw new IllegalArgumentException("no customer " + customerId);
                }
                if (fallback != null) {
                    requireUser(h, fallback);
                    PreferencesRepository.setFallback(h, customerId, fallback);
                }
                for (Map.Entry<String, String> e : preferred.entrySet()) {
                    String categoryId = CategoryRepository.find(h, e.getKey())
                            .or(() -> CategoryRepository.findByName(h, e.getKey()))
                            .orElseThrow(() -> new IllegalArgumentException("no category " + e.getKey()))
                            .categoryId();
                    String user = "-".equals(e.getValue()) ? null : e.getValue();
                    if (user != null) {
                        requireUser(h, user);
                    }
                    PreferencesRepository.setPreferredUser(h, customerId, categoryId, user);
                }
                return null;
            });
        }
        RunningServer.noteChange(store);
        return 0;
    }

    private static void requireUser(org.jdbi.v3.core.Handle h, String userId) {
        if (IdentityRepository.findUser(h, userId).isEmpty()) {
            throw new IllegalArgumentException("no user " + userId);
        }
    }
}
