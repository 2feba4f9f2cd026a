package dev.parley.cli;

import dev.parley.conversation.PreferencesRepository;
import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code parley admin project create|add-member|remove-member}. */
@Command(name = "project", mixinStandardHelpOptions = true, description = "Manage projects.")
public final class AdminProjectCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a project of a customer; prints its projectId.")
    int create(@Mixin StoreOptions store,
               @Option(names = "--customer", required = true) String customerId,
               @Option(names = "--name", required = true) String name) {
        try (Database db = store.open()) {
            System.out.println(db.<String, RuntimeException>write(h -> {
                AdminChecks.requireCustomer(h, customerId);
                return IdentityRepository.createProject(h, customerId, name);
            }));
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true, description = "Add a user to a project (or change its role).")
    int addMember(@Mixin StoreOptions store,
                  @Option(names = "--project", required = true) String projectId,
                  @Option(names = "--user", required = true) String userId,
                  @Option(names = "--role", defaultValue = "external", description = "owner, emailadmin or external (default: ${DEFAULT-VALUE}).") ProjectRole role) {
        try (Database db = store.open()) {
            db.write(h -> {
                AdminChecks.requireProject(h, projectId);
                AdminChecks.requireUser(h, userId);
                IdentityRepository.addProjectMember(h, projectId, userId, role.name());
                return null;
            });
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "remove-member", mixinStandardHelpOptions = true,
            description = {"Remove a user from a project.",
                    "Preferences are the customer's: a user who is still a member of the project's customer keeps them."})
    int removeMember(@Mixin StoreOptions store,
                     @Option(names = "--project", required = true) String projectId,
                     @Option(names = "--user", required = true) String userId) {
        try (Database db = store.open()) {
            db.write(h -> {
                AdminChecks.requireProject(h, projectId);
                AdminChecks.requireUser(h, userId);
                if (!IdentityRepository.removeProjectMember(h, projectId, userId)) {
                    throw new IllegalArgumentException("user " + userId + " is not a member of project " + projectId);
                }
                // the customer's preferences keep a user who is still a member of the customer; any naming a non-member go
                IdentityRepository.projectCustomer(h, projectId).ifPresent(c -> PreferencesRepository.dropIneligible(h, c));
                return null;
            });
        }
        return 0;
    }

    /** Roles of a project member. */
    public enum ProjectRole { owner, emailadmin, external }
}
