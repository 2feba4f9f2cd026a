package dev.parley.cli;

import dev.parley.account.AccountService;
import dev.parley.identity.IdentityListing;
import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@code parley admin user create|list|rename|deactivate|activate|set-email|set-password|invite|set-language|notifications}. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users.")
public final class AdminUserCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a user; prints its userId.")
    int create(@Mixin StoreOptions store, @Mixin JsonOption out,
               @Option(names = "--name", required = true, paramLabel = "NAME", description = "Display name (clearName); not blank.") String name,
               @Option(names = "--email", paramLabel = "ADDRESS", description = "E-mail address (to sign in and get mails).") String email,
               @Option(names = "--employee", description = "Support staff: sees and answers every conversation.") boolean employee,
               @Option(names = "--language", paramLabel = "LANGUAGE", defaultValue = "en", description = "The language of the user's notification mails: en or de (default: ${DEFAULT-VALUE}).") String language) {
        String clearName = AdminChecks.name(name);
        if (!language.equals("en") && !language.equals("de")) {
            System.err.println("parley: --language must be en or de");
            return 1;
        }
        try (Database db = store.open()) {
            IdentityListing.UserRow user = db.<IdentityListing.UserRow, RuntimeException>write(h -> {
                String id = IdentityRepository.createUser(h, clearName, email, employee);
                dev.parley.notify.mail.NotificationSettings.setLanguage(h, id, language);
                return IdentityListing.user(h, id).orElseThrow();
            });
            out.print(IdentityJson.user(user), user.userId());
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List users: id, name, e-mail, staff or not, active or not, created.")
    int list(@Mixin StoreOptions store, @Mixin JsonOption out) {
        java.util.List<IdentityListing.UserRow> users;
        try (Database db = store.open()) {
            users = db.read(IdentityListing::users);
        }
        if (out.on()) {
            var array = JsonOption.array();
            users.forEach(u -> array.add(IdentityJson.user(u)));
            JsonOption.print(array);
            return 0;
        }
        Table table = new Table("ID", "NAME", "E-MAIL", "STAFF", "ACTIVE", "CREATED");
        users.forEach(u -> table.row(u.userId(), u.name(), u.email(), u.employee() ? "staff" : "no",
                u.active() ? "active" : "deactivated", dev.parley.storage.Clock.iso(u.createdAt())));
        table.print(System.out);
        return 0;
    }

    @Command(name = "rename", mixinStandardHelpOptions = true,
            description = "Change a user's display name (clearName): conversations show it from the next request on.")
    int rename(@Mixin StoreOptions store, @Mixin JsonOption out,
               @Option(names = "--id", required = true, paramLabel = "USER_ID", description = "The user's id.") String userId,
               @Option(names = "--name", required = true, paramLabel = "NAME", description = "The new display name; not blank.") String name) {
        String clearName = AdminChecks.name(name);
        try (Database db = store.open()) {
            var user = db.<java.util.Optional<IdentityListing.UserRow>, RuntimeException>write(h ->
                    IdentityRepository.renameUser(h, userId, clearName) ? IdentityListing.user(h, userId) : java.util.Optional.empty());
            if (user.isEmpty()) {
                System.err.println("parley: no user " + userId);
                return 1;
            }
            out.print(IdentityJson.user(user.get()), null);
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true, description = "Deactivate a user: its tokens stop working.")
    int deactivate(@Mixin StoreOptions store, @Mixin JsonOption out,
                   @Parameters(paramLabel = "USER_ID", description = "The user's id.") String userId) {
        return setActive(store, out, userId, false);
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Activate a deactivated user again.")
    int activate(@Mixin StoreOptions store, @Mixin JsonOption out,
                 @Parameters(paramLabel = "USER_ID", description = "The user's id.") String userId) {
        return setActive(store, out, userId, true);
    }

    private static int setActive(StoreOptions store, JsonOption out, String userId, boolean active) {
        try (Database db = store.open()) {
            int changed = db.write(h -> IdentityRepository.setUserActive(h, userId, active));
            if (changed == 0) {
                System.err.println("parley: no user " + userId);
                return 1;
            }
            printUser(db, out, userId);
        }
        RunningServer.noteChange(store);
        return 0;
    }

    /** With {@code --json}: the user as it is now. */
    private static void printUser(Database db, JsonOption out, String userId) {
        if (out.on()) {
            db.read(h -> IdentityListing.user(h, userId)).ifPresent(u -> JsonOption.print(IdentityJson.user(u)));
        }
    }

    /** Which user: {@code --user ID} or {@code --email ADDRESS}. */
    static final class UserRef {
        @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user's id.") String userId;
        @Option(names = "--email", required = true, paramLabel = "ADDRESS", description = "The user's e-mail address (any case).") String email;

        /** The user id, or null (after a message on stderr) when there is no such user. */
        String resolve(Database db) {
            if (userId != null) {
                if (!db.read(h -> dev.parley.account.AccountRepository.userExists(h, userId))) {
                    System.err.println("parley: no user " + userId);
                    return null;
                }
                return userId;
            }
            String id = db.read(h -> dev.parley.account.AccountRepository.userIdByEmail(h, email)).orElse(null);
            if (id == null) {
                System.err.println("parley: no user with the e-mail address " + email);
            }
            return id;
        }
    }

    @Command(name = "set-email", mixinStandardHelpOptions = true,
            description = "Set the e-mail address a user signs in with (unique regardless of case).")
    int setEmail(@Mixin StoreOptions store, @Mixin JsonOption out,
                 @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user's id.") String userId,
                 @Parameters(paramLabel = "EMAIL", description = "The new e-mail address.") String email) {
        try (Database db = store.open()) {
            AccountService.setEmail(db, userId, email);
            printUser(db, out, userId);
        } catch (AccountService.Refused e) {
            System.err.println("parley: " + e.getMessage());
            return 1;
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "set-password", mixinStandardHelpOptions = true,
            description = {"Set a user's web desk password; the user's sessions end.",
                    "The password is read from standard input (one line; --password-stdin), or asked for "
                            + "twice on a terminal. --password puts it in the shell history and the process list: "
                            + "prefer standard input."})
    int setPassword(@Mixin StoreOptions store, @Mixin JsonOption out, @picocli.CommandLine.ArgGroup(multiplicity = "1") UserRef user,
                    @Option(names = "--password-stdin", description = "Read the password from standard input (the default without a terminal).") boolean fromStdin,
                    @Option(names = "--password", paramLabel = "PASSWORD", description = "The password itself (discouraged: visible to other users of the machine).") String password) {
        String chosen;
        try {
            chosen = password != null ? password : readPassword(fromStdin);
        } catch (IOException e) {
            System.err.println("parley: cannot read the password: " + e.getMessage());
            return 1;
        }
        if (chosen == null) {
            return 1;
        }
        try (Database db = store.open()) {
            String userId = user.resolve(db);
            if (userId == null) {
                return 1;
            }
            AccountService.setPassword(db, userId, chosen, null);
            printUser(db, out, userId);
        } catch (AccountService.Refused e) {
            System.err.println("parley: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** The password from the terminal (asked twice) or one line of standard input; null after a message. */
    private static String readPassword(boolean fromStdin) throws IOException {
        Console console = System.console();
        if (!fromStdin && console != null) {
            char[] first = console.readPassword("New password: ");
            char[] second = console.readPassword("Repeat it: ");
            if (first == null || second == null || !java.util.Arrays.equals(first, second)) {
                System.err.println("parley: the passwords differ");
                return null;
            }
            return new String(first);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            System.err.println("parley: no password on standard input");
        }
        return line;
    }

    @Command(name = "invite", mixinStandardHelpOptions = true,
            description = {"Print a one-time link that lets the user choose a password.",
                    "It works once, until it expires; a newer invitation replaces it."})
    int invite(@Mixin StoreOptions store, @Mixin JsonOption out, @picocli.CommandLine.ArgGroup(multiplicity = "1") UserRef user,
               @Option(names = "--public-url", paramLabel = "URL", defaultValue = "${env:PARLEY_PUBLIC_URL:-http://127.0.0.1:8080}",
                       description = "The URL users reach Parley at (default: ${DEFAULT-VALUE}).") String publicUrl,
               @Option(names = "--valid-for", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "7d",
                       description = "How long the link works (default: ${DEFAULT-VALUE}).") Duration validFor) {
        try (Database db = store.open()) {
            String userId = user.resolve(db);
            if (userId == null) {
                return 1;
            }
            String token = AccountService.invite(db, userId, validFor);
            String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
            var json = JsonOption.object().put("userId", userId).put("url", base + "/invite/" + token)
                    .put("expiresAt", dev.parley.storage.Clock.iso(dev.parley.storage.Clock.nowMillis() + validFor.toMillis()));
            out.print(json, base + "/invite/" + token);
        } catch (AccountService.Refused e) {
            System.err.println("parley: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    @Command(name = "set-language", mixinStandardHelpOptions = true,
            description = "Set the language of a user's notification mails: en or de.")
    int setLanguage(@Mixin StoreOptions store, @Mixin JsonOption out,
                    @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user's id.") String userId,
                    @Parameters(paramLabel = "LANGUAGE", description = "en or de") String language) {
        if (!language.equals("en") && !language.equals("de")) {
            System.err.println("parley: the language must be en or de");
            return 1;
        }
        try (Database db = store.open()) {
            if (!db.read(h -> dev.parley.account.AccountRepository.userExists(h, userId))) {
                System.err.println("parley: no user " + userId);
                return 1;
            }
            db.write(h -> {
                dev.parley.notify.mail.NotificationSettings.setLanguage(h, userId, language);
                return null;
            });
            if (out.on()) {
                JsonOption.print(JsonOption.object().put("userId", userId).put("language", language));
            }
        }
        RunningServer.noteChange(store);
        return 0;
    }

    @Command(name = "notifications", mixinStandardHelpOptions = true,
            description = {"Show, or turn off and on, the kinds of notification mail a user gets; prints the settings.",
                    "Kinds: new-conversation, customer-message (staff), staff-opened, staff-reply, status-change (customers)."})
    int notifications(@Mixin StoreOptions store, @Mixin JsonOption out,
                      @Option(names = "--user", required = true, paramLabel = "USER_ID", description = "The user's id.") String userId,
                      @Option(names = "--off", arity = "1..*", paramLabel = "KIND", description = "Kinds to turn off.") java.util.List<String> off,
                      @Option(names = "--on", arity = "1..*", paramLabel = "KIND", description = "Kinds to turn on again.") java.util.List<String> on) {
        java.util.List<String> offKinds = off == null ? java.util.List.of() : off;
        java.util.List<String> onKinds = on == null ? java.util.List.of() : on;
        try {
            offKinds.forEach(dev.parley.notify.mail.NotificationSettings::kind);
            onKinds.forEach(dev.parley.notify.mail.NotificationSettings::kind);
        } catch (IllegalArgumentException e) {
            System.err.println("parley: " + e.getMessage());
            return 1;
        }
        try (Database db = store.open()) {
            if (!db.read(h -> dev.parley.account.AccountRepository.userExists(h, userId))) {
                System.err.println("parley: no user " + userId);
                return 1;
            }
            if (!offKinds.isEmpty() || !onKinds.isEmpty()) {
                db.write(h -> {
                    onKinds.forEach(k -> dev.parley.notify.mail.NotificationSettings.setOptOut(h, userId, k, false));
                    offKinds.forEach(k -> dev.parley.notify.mail.NotificationSettings.setOptOut(h, userId, k, true));
                    return null;
                });
            }
            java.util.Set<String> opted = db.read(h -> dev.parley.notify.mail.NotificationSettings.optOuts(h, userId));
            String language = db.read(h -> dev.parley.notify.mail.NotificationSettings.language(h, userId));
            if (out.on()) {
                var json = JsonOption.object().put("userId", userId).put("language", language);
                var kinds = json.putObject("notifications");
                for (String kind : dev.parley.notify.mail.NotificationSettings.KINDS) {
                    kinds.put(kind, !opted.contains(kind));
                }
                JsonOption.print(json);
                return 0;
            }
            for (String kind : dev.parley.notify.mail.NotificationSettings.KINDS) {
                System.out.println(kind + "\t" + (opted.contains(kind) ? "off" : "on"));
            }
            System.out.println("language\t" + language);
        }
        return 0;
    }
}
