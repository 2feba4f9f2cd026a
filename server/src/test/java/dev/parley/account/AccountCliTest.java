package dev.parley.account;

import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.testing.CliCapture;
import dev.parley.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code parley admin user set-email | set-password | invite}, then signing in over HTTP with the result. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountCliTest {
    Path dataDir;
    TestDatabase database;

    @BeforeAll
    void setUp() throws Exception {
        database = TestDatabase.create();
        dataDir = Files.createTempDirectory("parley-accounts");
    }

    @AfterAll
    void tearDown() {
        database.close();
    }

    CliCapture.Result admin(String stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of("admin"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--data-dir", dataDir.toString()));
        if (database.url() != null) {
            argv.addAll(List.of("--database-url", database.url()));
        }
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
        try {
            return CliCapture.run(argv);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void passwordsEmailsAndInvitationsFromTheCommandLine() {
        String ann = admin(null, "user", "create", "--name", "Ann Admin", "--email", "ann@x.example").out().strip();
        String ben = admin(null, "user", "create", "--name", "Ben Builder").out().strip();
        // e-mail: set, and unique regardless of case
        assertThat(admin(null, "user", "set-email", "--user", ben, "ben@x.example").exitCode()).isZero();
        CliCapture.Result taken = admin(null, "user", "set-email", "--user", ben, "ANN@x.example");
        assertThat(taken.exitCode()).isEqualTo(1);
        assertThat(taken.err()).contains("belongs to another user");
        assertThat(admin(null, "user", "set-email", "--user", ben, "not an address").exitCode()).isEqualTo(1);
        assertThat(admin(null, "user", "set-email", "--user", "no-such-user", "x@x.example").err()).contains("No user");
        // set-password: standard input (preferred), --password, too short, unknown user
        assertThat(admin("ann's long password\n", "user", "set-password", "--email", "Ann@X.example", "--password-stdin").exitCode()).isZero();
        assertThat(admin(null, "user", "set-password", "--user", ben, "--password", "ben's long password").exitCode()).isZero();
        CliCapture.Result weak = admin("short\n", "user", "set-password", "--user", ben, "--password-stdin");
        assertThat(weak.exitCode()).isEqualTo(1);
        assertThat(weak.err()).contains("at least 10");
        assertThat(admin("whatever long\n", "user", "set-password", "--email", "nobody@x.example").err()).contains("no user with the e-mail");
        // invite prints a one-time link
        CliCapture.Result invite = admin(null, "user", "invite", "--user", ben, "--public-url", "https://desk.example.com/");
        assertThat(invite.exitCode()).as(invite.err()).isZero();
        assertThat(invite.out().strip()).matches("https://desk\\.example\\.com/invite/[A-Za-z0-9_-]{43}");
        String token = invite.out().strip().substring(invite.out().strip().lastIndexOf('/') + 1);

        try (Parley parley = Parley.start(ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .databaseUrl(database.url()).build())) {
            Desk d = new Desk("http://127.0.0.1:" + parley.port());
            assertThat(d.signIn("ann@x.example", "ann's long password").path("userId").asText()).isEqualTo(ann);
            assertThat(new Desk(d.baseUrlForTests()).signIn("ben@x.example", "ben's long password").path("userId").asText()).isEqualTo(ben);
            Desk.Answer accepted = new Desk(d.baseUrlForTests()).post("/invite/" + token,
                    Desk.form("password", "ben's new password", "password2", "ben's new password"), "application/json");
            assertThat(accepted.status()).isEqualTo(200);
            assertThat(new Desk(d.baseUrlForTests()).post("/sign-in",
                    Desk.form("email", "ben@x.example", "password", "ben's long password"), "application/json").status()).isEqualTo(401);
            // set-password from the command line ends the sessions of a running server
            assertThat(d.session().status()).isEqualTo(200);
            assertThat(admin("ann's newer password\n", "user", "set-password", "--user", ann).exitCode()).isZero();
            assertThat(d.session().status()).isEqualTo(401);
        }
    }
}
