package dev.parley.notify.mail;

import dev.parley.storage.Database;
import dev.parley.testing.CliCapture;
import dev.parley.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin commands of notification mails, run in-process: {@code user notifications} (shows,
 * turns kinds off and on), {@code user set-language} and {@code user create --language},
 * {@code category follow|unfollow}; bad input is one clear line and exit code 1. And
 * {@code serve} refusing a bad {@code --smtp-url} before it starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationCommandsTest {
    TestDatabase database;
    Path dataDir;
    String staff;
    String customer;
    String category;

    CliCapture.Result run(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.add("--data-dir");
        argv.add(dataDir.toString());
        if (database.url() != null) {
            argv.add("--database-url");
            argv.add(database.url());
        }
        return CliCapture.run(argv);
    }

    String ok(String... args) {
        CliCapture.Result r = run(args);
        assertThat(r.exitCode()).as("stderr: " + r.err()).isZero();
        return r.out().strip();
    }

    @BeforeAll
    void setUp() throws IOException {
        database = TestDatabase.create();
        dataDir = Files.createTempDirectory("parley-mail-cli");
        staff = ok("admin", "user", "create", "--name", "Sam Staff", "--email", "sam@example.com", "--employee");
        customer = ok("admin", "user", "create", "--name", "Kai Kunde", "--email", "kai@example.com", "--language", "de");
        category = ok("admin", "category", "create", "--name", "Mail things");
    }

    @AfterAll
    void tearDown() throws IOException {
        database.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void notificationsShowAndChangeTheKindsAndTheLanguage() {
        assertThat(ok("admin", "user", "notifications", "--user", customer)).isEqualTo("""
                new-conversation\ton
                customer-message\ton
                staff-opened\ton
                staff-reply\ton
                status-change\ton
                language\tde""");
        assertThat(ok("admin", "user", "notifications", "--user", customer, "--off", "staff-reply", "status-change"))
                .contains("staff-reply\toff", "status-change\toff", "new-conversation\ton");
        assertThat(ok("admin", "user", "notifications", "--user", customer, "--on", "status-change"))
                .contains("staff-reply\toff", "status-change\ton");
        ok("admin", "user", "set-language", "--user", customer, "en");
        assertThat(ok("admin", "user", "notifications", "--user", customer)).endsWith("language\ten");

        CliCapture.Result badKind = run("admin", "user", "notifications", "--user", customer, "--off", "everything");
        assertThat(badKind.exitCode()).isEqualTo(1);
        assertThat(badKind.err().strip()).isEqualTo("parley: unknown kind of mail 'everything' "
                + "(one of new-conversation, customer-message, staff-opened, staff-reply, status-change)");
        CliCapture.Result badLanguage = run("admin", "user", "set-language", "--user", customer, "fr");
        assertThat(badLanguage.exitCode()).isEqualTo(1);
        assertThat(badLanguage.err()).contains("en or de");
        CliCapture.Result noUser = run("admin", "user", "notifications", "--user", "nobody");
        assertThat(noUser.exitCode()).isEqualTo(1);
        assertThat(noUser.err().strip()).isEqualTo("parley: no user nobody");
    }

    @Test
    void employeesFollowAndUnfollowCategories() {
        assertThat(ok("admin", "category", "follow", "--category", category, "--user", staff))
                .isEqualTo("followers of " + category + ": " + staff);
        try (Database db = Database.open(database.url() != null ? database.url()
                : "jdbc:sqlite:" + dataDir.resolve("parley.db").toAbsolutePath())) {
            assertThat(db.<List<String>, RuntimeException>read(h -> NotificationSettings.followers(h, category))).containsExactly(staff);
        }
        CliCapture.Result notStaff = run("admin", "category", "follow", "--category", category, "--user", customer);
        assertThat(notStaff.exitCode()).isEqualTo(1);
        assertThat(notStaff.err()).contains("only employees follow categories");
        CliCapture.Result noCategory = run("admin", "category", "follow", "--category", "nope", "--user", staff);
        assertThat(noCategory.exitCode()).isEqualTo(1);
        assertThat(noCategory.err().strip()).isEqualTo("parley: no category nope");
        assertThat(ok("admin", "category", "unfollow", "--category", category, "--user", staff))
                .isEqualTo("followers of " + category + ": none");
    }

    @Test
    void serveRefusesABadSmtpUrlInOneLine() {
        CliCapture.Result r = run("serve", "--port", "0", "--smtp-url", "smtp://h", "--mail-from", "no address");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("--mail-from is not a mail address").doesNotContain("\tat ");
    }
}
