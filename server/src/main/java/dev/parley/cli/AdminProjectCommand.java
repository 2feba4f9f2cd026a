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

/** {@code parley admin project create|list|rename|add-member|remove-member|list-members}. */
@Command(name = "project", mixinStandardHelpOptions = true, description = "Manage projects.")
public final class AdminProjectCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a project of a customer; prints its projectId.")
    int create(@Mixin StoreOptions store, @Mixin JsonOption out,
               @Option(names = "--customer", required = true, paramLabel = "CUSTOMER_ID", description = "The customer the project belongs to.") String customerId,
               @Option(names = "--name", required = true, paramLabel = "NAME", description = "The project's name; not blank.") String name) {
        String stored = AdminChecks.name(name);
        try (Database db = store.open()) {
            IdentityListing.ProjectRow project = db.<IdentityListing.ProjectRow, RuntimeException>write(h -> {
                AdminChecks.requireCustomer(h, customerId);
                return IdentityListing.project(h, IdentityRepository.createProject(h, customerId, stored)).orElseThrow();
            });
            out.print(IdentityJson.project(project), project.projectId());
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List projects: id, customer, name, members, created.")
    int list(@Mixin StoreOptions store, @Mixin JsonOption out,
             @Option(names = "--customer", paramLabel = "CUSTOMER_ID", description = "Only this customer's projects (default: all).") String customerId) {
        List<IdentityListing.ProjectRow> projects;
        try (Database db = store.open()) {
            projects = db.read(h -> {
                if (customerId != null) {
                    AdminChecks.requireCustomer(h, customerId);
                }
                return IdentityListing.projects(h, customerId);
            });
        }
        if (out.on()) {
            var array = JsonOption.array();
            projects.forEach(p -> array.add(IdentityJson.project(p)));
            JsonOption.print(array);
            return 0;
        }
        Table table = new Table("ID", "CUSTOMER", "NAME", "MEMBERS", "CREATED");
        projects.forEach(p -> table.row(p.projectId(), p.customerId(), p.name(), p.members(), Clock.iso(p.createdAt())));
        table.print(System.out);
        return 0;
    }

    @Command(name = "rename", mixinStandardHelpOptions = true, description = "Change a project's name.")
    int rename(@Mixin StoreOptions store, @Mixin JsonOption out,
               @Option(names = "--id", required = true, paramLabel = "PROJECT_ID", description = "The project's id.") String projectId,
               @Option(names = "--name", required = true, paramLabel = "NAME", description = "The new name; not blank.") String name) {
        String stored = AdminChecks.name(name);
        try (Database db = store.open()) {
            Optional<IdentityListing.ProjectRow> project = db.<Optional<IdentityListing.ProjectRow>, RuntimeException>write(h ->
                    IdentityRepository.renameProject(h, projectId, stored) ? IdentityListing.project(h, projectId) : Optional.empty());
            if (project.isEmpty()) {
                System.err.println("parley: no project " + projectId);
                return 1;
            }
            out.print(IdentityJson.project(project.get()), null);
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true, description = "Add a user to a project (or change its role).")
    int addMember(@Mixin StoreOptions store, @Mixin JsonOption out,
                  @Option(names = "--project", required = true, paramLabel = "PROJECT_ID", description = "The project's id.") String projectId,
                  @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user's id.") String userId,
                  @Option(names = "--role", paramLabel = "ROLE", defaultValue = "external", description = "owner, emailadmin or external (default: ${DEFAULT-VALUE}).") ProjectRole role) {
        try (Database db = store.open()) {
            db.write(h -> {
                AdminChecks.requireProject(h, projectId);
                AdminChecks.requireUser(h, userId);
                IdentityRepository.addProjectMember(h, projectId, userId, role.name());
                return null;
            });
            printMembers(db, out, projectId);
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "remove-member", mixinStandardHelpOptions = true,
            description = {"Remove a user from a project.",
                    "Preferences are the customer's: a user who is still a member of the project's customer keeps them."})
    int removeMember(@Mixin StoreOptions store, @Mixin JsonOption out,
                     @Option(names = "--project", required = true, paramLabel = "PROJECT_ID", description = "The project's id.") String projectId,
                     @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user's id.") String userId) {
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
            printMembers(db, out, projectId);
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "list-members", mixinStandardHelpOptions = true,
            description = {"List a project's members: user id, name, e-mail, role, active or not.",
                    "Members of the project's customer see its conversations too: parley admin customer list-members."})
    int listMembers(@Mixin StoreOptions store, @Mixin JsonOption out,
                    @Option(names = "--project", required = true, paramLabel = "PROJECT_ID", description = "The project's id.") String projectId) {
        try (Database db = store.open()) {
            List<IdentityListing.MemberRow> members = db.read(h -> {
                AdminChecks.requireProject(h, projectId);
                return IdentityListing.projectMembers(h, projectId);
            });
            Members.print(out, members);
        }
        return 0;
    }

    /** With {@code --json}: the project's members after a change (the changed object). */
    private static void printMembers(Database db, JsonOption out, String projectId) {
        Members.printChanged(out, "projectId", projectId, () -> db.read(h -> IdentityListing.projectMembers(h, projectId)));
    }

    /** Roles of a project member. */
    public enum ProjectRole { owner, emailadmin, external }
}
