package dev.parley.cli;

import dev.parley.conversation.CategoryRepository;
import dev.parley.conversation.PreferencesRepository;
import dev.parley.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code parley admin preferences}: who gets a customer's new conversations. */
@Command(name = "preferences", mixinStandardHelpOptions = true,
        description = {"Set a customer's conversation preferences: the preferred user per category and a fallback.",
                "Each must be an active member of the customer or an employee; when a conversation is created, a",
                "preference naming someone who no longer is is skipped (the fallback, then the creator)."})
public final class AdminPreferencesCommand implements java.util.concurrent.Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Mixin
    JsonOption out;

    @Option(names = "--customer", required = true, paramLabel = "CUSTOMER_ID", description = "The customer whose preferences these are.")
    String customerId;

    @Option(names = "--fallback", paramLabel = "USER_ID", description = "User for categories without a preferred user (a member of the customer or an employee).")
    String fallback;

    @Option(names = "--category", paramLabel = "CATEGORY=USER", description = "CATEGORY=USER: preferred user for a category (id or name); repeatable. USER '-' removes it.")
    Map<String, String> preferred = Map.of();

    @Override
    public Integer call() {
        try (Database db = store.open()) {
            db.write(h -> {
                CategoryRepository.seedDefaults(h);
                AdminChecks.requireCustomer(h, customerId);
                if (fallback != null) {
                    AdminChecks.requirePreferable(h, customerId, fallback);
                    PreferencesRepository.setFallback(h, customerId, fallback);
                }
                for (Map.Entry<String, String> e : preferred.entrySet()) {
                    String categoryId = CategoryRepository.find(h, e.getKey())
                            .or(() -> CategoryRepository.findByName(h, e.getKey()))
                            .orElseThrow(() -> new IllegalArgumentException("no category " + e.getKey()))
                            .categoryId();
                    String user = "-".equals(e.getValue()) ? null : e.getValue();
                    if (user != null) {
                        AdminChecks.requirePreferable(h, customerId, user);
                    }
                    PreferencesRepository.setPreferredUser(h, customerId, categoryId, user);
                }
                return null;
            });
            if (out.on()) {
                PreferencesRepository.Preferences now = db.read(h -> PreferencesRepository.find(h, customerId));
                var json = JsonOption.object().put("customerId", customerId).put("fallbackUserId", now.fallback());
                var pairs = json.putObject("preferredUsers");
                now.categoryUserPairs().forEach(pairs::put);
                JsonOption.print(json);
            }
        }
        RunningServer.noteChange(store);
        return 0;
    }
}
