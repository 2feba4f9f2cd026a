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
    int create(@Mixin StoreOptions store, @Mixin JsonOption out,
               @Option(names = "--name", required = true, paramLabel = "NAME", description = "The category's name (unique); not blank.") String name,
               @Option(names = "--reference-type", split = ",", paramLabel = "TYPE", defaultValue = "unspecified",
                       description = "What relatedTo may name: unspecified, server, project, organisation, extensionInstance (default: ${DEFAULT-VALUE}).")
               List<ReferenceType> types) {
        String stored = AdminChecks.name(name);
        try (Database db = store.open()) {
            String id = db.<String, RuntimeException>write(h -> {
                if (CategoryRepository.findByName(h, stored).isPresent()) {
                    throw new IllegalArgumentException("a category named '" + stored + "' exists already");
                }
                return CategoryRepository.create(h, stored, types.stream().map(Enum::name).toList());
            });
            out.print(db.read(h -> CategoryRepository.find(h, id)).map(AdminCategoryCommand::json).orElseThrow(), id);
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List categories: id, name, reference types.")
    int list(@Mixin StoreOptions store, @Mixin JsonOption out) {
        try (Database db = store.open()) {
            db.write(h -> {
                CategoryRepository.seedDefaults(h);
                return null;
            });
            if (out.on()) {
                var array = JsonOption.array();
                db.read(CategoryRepository::list).forEach(c -> array.add(json(c)));
                JsonOption.print(array);
                return 0;
            }
            for (Category c : db.read(CategoryRepository::list)) {
                System.out.println(c.categoryId() + "\t" + c.name() + "\t" + String.join(",", c.referenceTypes()));
            }
        }
        return 0;
    }

    @Command(name = "follow", mixinStandardHelpOptions = true,
            description = "Let an employee get mails of new conversations and customer messages in a category "
                    + "while nobody is assigned (docs/OPERATIONS.md, E-mail notifications); prints the followers.")
    int follow(@Mixin StoreOptions store, @Mixin JsonOption out,
               @Option(names = "--category", required = true, paramLabel = "CATEGORY_ID", description = "The categoryId.") String categoryId,
               @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "An employee's userId.") String userId) {
        return changeFollower(store, out, categoryId, userId, true);
    }

    @Command(name = "unfollow", mixinStandardHelpOptions = true,
            description = "Stop an employee following a category; prints the followers.")
    int unfollow(@Mixin StoreOptions store, @Mixin JsonOption out,
                 @Option(names = "--category", required = true, paramLabel = "CATEGORY_ID", description = "The categoryId.") String categoryId,
                 @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The employee's userId.") String userId) {
        return changeFollower(store, out, categoryId, userId, false);
    }

    /** A category as {@code --json} shows it. */
    private static com.fasterxml.jackson.databind.node.ObjectNode json(Category c) {
        var o = JsonOption.object().put("categoryId", c.categoryId()).put("name", c.name());
        c.referenceTypes().forEach(o.putArray("referenceTypes")::add);
        return o;
    }

    private static int changeFollower(StoreOptions store, JsonOption out, String categoryId, String userId, boolean follow) {
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
            var json = JsonOption.object().put("categoryId", categoryId);
            followers.forEach(json.putArray("followers")::add);
            out.print(json, "followers of " + categoryId + ": " + (followers.isEmpty() ? "none" : String.join(", ", followers)));
        }
        return 0;
    }

    /** The contract's CategoryReferenceType values. */
    public enum ReferenceType { unspecified, server, project, organisation, extensionInstance }
}
