package dev.parley.cli;

import dev.parley.conversation.Category;
import dev.parley.conversation.CategoryRepository;
import dev.parley.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code parley admin category create|list|follow|unfollow}. */
@Command(name = "category", mixinStandardHelpOptions = true, description = "Manage conversation categories.")
public final class AdminCategoryCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a category; prints its categoryId.")
    int create(@Mixin StoreOptions store,
               @Option(names = "--name", required = true) String name,
               @Option(names = "--reference-type", split = ",", defaultValue = "unspecified",
                       description = "What relatedTo may name: unspecified, server, project, organisation, extensionInstance (default: ${DEFAULT-VALUE}).")
               List<ReferenceType> types) {
        try (Database db = store.open()) {
            System.out.println(db.<String, RuntimeException>write(h -> {
                if (CategoryRepository.findByName(h, name).isPresent()) {
                    throw new IllegalArgumentException("a category named '" + name + "' exists already");
                }
                return CategoryRepository.create(h, name, types.stream().map(Enum::name).toList());
            }));
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List categories: id, name, reference types.")
    int list(@Mixin StoreOptions store) {
        try (Database db = store.open()) {
            db.write(h -> {
                CategoryRepository.seedDefaults(h);
                return null;
            });
            for (Category c : db.read(CategoryRepository::list)) {
                System.out.println(c.categoryId() + "\t" + c.name() + "\t" + String.join(",", c.referenceTypes()));
            }
        }
        return 0;
    }

    @Command(name = "follow", mixinStandardHelpOptions = true,
            description = "Let an employee get mails of new conversations and customer messages in a category "
                    + "while nobody is assigned (docs/OPERATIONS.md, E-mail notifications); prints the followers.")
    int follow(@Mixin StoreOptions store,
               @Option(names = "--category", required = true, description = "The categoryId.") String categoryId,
               @Option(names = "--user", required = true, description = "An employee's userId.") String userId) {
        return changeFollower(store, categoryId, userId, true);
    }

    @Command(name = "unfollow", mixinStandardHelpOptions = true,
            description = "Stop an employee following a category; prints the followers.")
    int unfollow(@Mixin StoreOptions store,
                 @Option(names = "--category", required = true, description = "The categoryId.") String categoryId,
                 @Option(names = "--user", required = true, description = "The employee's userId.") String userId) {
        return changeFollower(store, categoryId, userId, false);
    }

    private static int changeFollower(StoreOptions store, String categoryId, String userId, boolean follow) {
        try (Database db = store.open()) {
            String refused = db.<String, RuntimeException>write(h -> {
                if (!dev.parley.storage.Ids.isUuid(categoryId) || CategoryRepository.find(h, categoryId).isEmpty()) {
                    return "no category " + categoryId;
                }
                var user = dev.parley.identity.IdentityRepository.findUser(h, userId);
                if (user.isEmpty()) {
                    return "no user " + userId;
                }
                if (follow && !user.get().isEmployee()) {
                    return "only employees follow categories; " + userId + " is no employee";
                }
                if (follow) {
                    dev.parley.notify.mail.NotificationSettings.follow(h, categoryId, userId);
                } else {
                    dev.parley.notify.mail.NotificationSettings.unfollow(h, categoryId, userId);
                }
                return null;
            });
            if (refused != null) {
                System.err.println("parley: " + refused);
                return 1;
            }
            List<String> followers = db.read(h -> dev.parley.notify.mail.NotificationSettings.followers(h, categoryId));
            System.out.println("followers of " + categoryId + ": " + (followers.isEmpty() ? "none" : String.join(", ", followers)));
        }
        return 0;
    }

    /** The contract's CategoryReferenceType values. */
    public enum ReferenceType { unspecified, server, project, organisation, extensionInstance }
}
