package dev.parley.cli;

import dev.parley.conversation.PreferencesRepository;
import dev.parley.identity.IdentityListing;
import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

/** {@code parley admin customer create|list|rename|add-member|remove-member|list-members|add-placement-group}. */
@Command(name = "customer", mixinStandardHelpOptions = true, description = "Manage customers (organisations).")
public final class AdminCustomerCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a customer; prints its customerId.")
    int create(@Mixin StoreOptions store, @Mixin JsonOption out,
               @Option(names = "--name", required = true, paramLabel = "NAME", description = "The customer's name; not blank.") String name) {
        String stored = AdminChecks.name(name);
        try (Database db = store.open()) {
            IdentityListing.CustomerRow customer = db.<IdentityListing.CustomerRow, RuntimeException>write(h ->
                    IdentityListing.customer(h, IdentityRepository.createCustomer(h, stored)).orElseThrow());
            out.print(IdentityJson.customer(customer), customer.customerId());
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List customers: id, name, members, projects, created.")
    int list(@Mixin StoreOptions store, @Mixin JsonOption out) {
        List<IdentityListing.CustomerRow> customers;
        try (Database db = store.open()) {
            customers = db.read(IdentityListing::customers);
        }
        if (out.on()) {
            var array = JsonOption.array();
            customers.forEach(c -> array.add(IdentityJson.customer(c)));
            JsonOption.print(array);
            return 0;
        }
        Table table = new Table("ID", "NAME", "MEMBERS", "PROJECTS", "CREATED");
        customers.forEach(c -> table.row(c.customerId(), c.name(), c.members(), c.projects(), Clock.iso(c.createdAt())));
        table.print(System.out);
        return 0;
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Change a customer's name.")
    int rename(@Mixin StoreOptions store, @Mixin JsonOption out,
               @Option(names = "--id", required = true, paramLabel = "CUSTOMER_ID", description = "The customer's id.") String customerId,
               @Option(names = "--name", required = true, paramLabel = "NAME", description = "The new name; not blank.") String name) {
        String stored = AdminChecks.name(name);
        try (Database db = store.open()) {
            Optional<IdentityListing.CustomerRow> customer = db.<Optional<IdentityListing.CustomerRow>, RuntimeException>write(h ->
                    IdentityRepository.renameCustomer(h, customerId, stored) ? IdentityListing.customer(h, customerId) : Optional.empty());
            if (customer.isEmpty()) {
                System.err.println("parley: no customer " + customerId);
                return 1;
            }
            out.print(IdentityJson.customer(customer.get()), null);
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true, description = "Add a user to a customer (or change its role).")
    int addMember(@Mixin StoreOptions store, @Mixin JsonOption out,
                  @Option(names = "--customer", required = true, paramLabel = "CUSTOMER_ID", description = "The customer's id.") String customerId,
                  @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user's id.") String userId,
                  @Option(names = "--role", paramLabel = "ROLE", defaultValue = "member", description = "owner, accountant or member (default: ${DEFAULT-VALUE}).") CustomerRole role) {
        try (Database db = store.open()) {
            db.write(h -> {
                AdminChecks.requireCustomer(h, customerId);
                AdminChecks.requireUser(h, userId);
                IdentityRepository.addCustomerMember(h, customerId, userId, role.name());
                return null;
            });
            printMembers(db, out, customerId);
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "remove-member", mixinStandardHelpOptions = true,
            description = {"Remove a user from a customer.",
                    "The customer's preferences naming the user go too (unless the user is an employee)."})
    int removeMember(@Mixin StoreOptions store, @Mixin JsonOption out,
                     @Option(names = "--customer", required = true, paramLabel = "CUSTOMER_ID", description = "The customer's id.") String customerId,
                     @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user's id.") String userId) {
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
            printMembers(db, out, customerId);
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "list-members", mixinStandardHelpOptions = true,
            description = {"List a customer's members: user id, name, e-mail, role, active or not.",
                    "Members of its projects only: parley admin project list-members."})
    int listMembers(@Mixin StoreOptions store, @Mixin JsonOption out,
                    @Option(names = "--customer", required = true, paramLabel = "CUSTOMER_ID", description = "The customer's id.") String customerId) {
        try (Database db = store.open()) {
            List<IdentityListing.MemberRow> members = db.read(h -> {
                AdminChecks.requireCustomer(h, customerId);
                return IdentityListing.customerMembers(h, customerId);
            });
            Members.print(out, members);
        }
        return 0;
    }

    /** With {@code --json}: the customer's members after a change (the changed object). */
    private static void printMembers(Database db, JsonOption out, String customerId) {
        Members.printChanged(out, "customerId", customerId, () -> db.read(h -> IdentityListing.customerMembers(h, customerId)));
    }

    @Command(name = "add-placement-group", mixinStandardHelpOptions = true,
            description = "Create a placement group (server) of a customer; prints its id.")
    int addPlacementGroup(@Mixin StoreOptions store, @Mixin JsonOption out,
                          @Option(names = "--customer", required = true, paramLabel = "CUSTOMER_ID", description = "The customer's id.") String customerId,
                          @Option(names = "--name", required = true, paramLabel = "NAME", description = "The placement group's name; not blank.") String name) {
        String stored = AdminChecks.name(name);
        try (Database db = store.open()) {
            String id = db.<String, RuntimeException>write(h -> {
                AdminChecks.requireCustomer(h, customerId);
                return IdentityRepository.createPlacementGroup(h, customerId, stored);
            });
            out.print(JsonOption.object().put("placementGroupId", id).put("customerId", customerId).put("name", stored), id);
        }
        RunningServer.noteChange(store);
        return 0;
    }

    /** Roles of a customer member. */
    public enum CustomerRole { owner, accountant, member }
}
