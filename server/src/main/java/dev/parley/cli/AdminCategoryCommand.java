package dev.parley.cli;

import dev.parley.conversation.Category;
import dev.parley.conversation.CategoryRepository;
import dev.parley.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code parley admin category create|list}. */
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

    /** The contract's CategoryReferenceType values. */
    public enum ReferenceType { unspecified, server, project, organisation, extensionInstance }
}
