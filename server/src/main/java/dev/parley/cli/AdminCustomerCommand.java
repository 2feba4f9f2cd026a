package dev.parley.cli;

import dev.parley.conversation.PreferencesRepository;
import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley admin customer create|add-member|remove-member|add-placement-group}. */
@Command(name = "customer", mixinStandardHelpOptions = true, description = "Manage customers (organisations).")
public final class AdminCustomerCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a customer; prints its customerId.")
    int create(@Mixin StoreOptions store, @Option(names = "--name", required = true) String name) {
        try (Database db = store.open()) {
            System.out.println(db.<String, RuntimeException>write(h -> IdentityRepository.createCustomer(h, name)));
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true, description = "Add a user to a customer (or change its role).")
    int addMember(@Mixin StoreOptions store,
                  @Option(names = "--customer", required = true) String customerId,
                  @Option(names = "--user", required = true) String userId,
                  @Option(names = "--role", defaultValue = "member", description = "owner, accountant or member (default: ${DEFAULT-VALUE}).") CustomerRole role) {
        try (Database db = store.open()) {
            db.write(h -> {
                AdminChecks.requireCustomer(h, customerId);
                AdminChecks.requireUser(h, userId);
                IdentityRepository.addCustomerMember(h, customerId, userId, role.name());
                return null;
            });
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "remove-member", mixinStandardHelpOptions = true,
            description = {"Remove a user from a customer.",
                    "The customer's preferences naming the user go too (unless the user is an employee)."})
    int removeMember(@Mixin StoreOptions store,
                     @Option(names = "--customer", required = true) String customerId,
                     @Option(names = "--user", required = true) String userId) {
        try (Database db = store.open()) {
            db.write(h -> {
                AdminChecks.requireCustomer(h, customerId);
                AdminChecks.requireUser(h, userId);
                if (!IdentityRepository.removeCustomerMember(h, customerId, userId)) {
                    throw new IllegalArgumentException("user " + userId + " is not a member of customer " + customerId);
                }
                PreferencesRepository.dropIneligible(h, customerId);
                return null;
            });
        }
        return 0;
    }

    @Command(name = "add-placement-group", mixinStandardHelpOptions = true,
            description = "Create a placement group (server) of a customer; prints its id.")
    int addPlacementGroup(@Mixin StoreOptions store,
                          @Option(names = "--customer", required = true) String customerId,
                          @Option(names = "--name", required = true) String name) {
        try (Database db = store.open()) {
            System.out.println(db.<String, RuntimeException>write(h -> {
                AdminChecks.requireCustomer(h, customerId);
                return IdentityRepository.createPlacementGroup(h, customerId, name);
            }));
        }
        RunningServer.noteChange(store);
        return 0;
    }

    /** Roles of a customer member. */
    public enum CustomerRole { owner, accountant, member }
}
