package dev.parley.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.Tokens;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in on the demo store: the cookie, the session JSON, expiry, sign-out, deactivation,
 * CSRF, open redirects, the same answer for unknown e-mails and wrong passwords, invitations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInTest {
    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.startDemo();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Desk desk() {
        return new Desk(server.baseUrl());
    }

    JsonNode demo(String role) {
        for (JsonNode u : server.credentials().path("users")) {
            if (role.equals(u.path("role").asText())) {
                return u;
            }
        }
        throw new IllegalArgumentException(role);
    }

    Desk signedIn(String role) {
        Desk d = desk();
        d.signIn(demo(role).path("email").asText(), demo(role).path("password").asText());
        return d;
    }

    <T> T sql(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return server.parley().database().write(work);
    }

    long num(org.jdbi.v3.core.HandleCallback<? extends Number, RuntimeException> work) {
        return server.parley().database().write(work).longValue();
    }

    @Test
    void theDemoCredentialsFileHasAnEmailAndPasswordForEveryUserAndTheyWork() throws Exception {
        JsonNode file = Json.MAPPER.readTree(Files.readString(server.dataDir().resolve("demo-credentials.json")));
        assertThat(file.path("users")).hasSize(5);
        for (JsonNode user : file.path("users")) {
            assertThat(user.path("email").asText()).isEqualTo(user.path("role").asText() + "@demo.example.com");
            assertThat(user.path("password").asText()).hasSizeGreaterThanOrEqualTo(Passwords.MIN_LENGTH);
            JsonNode session = desk().signIn(user.path("email").asText(), user.path("password").asText());
            assertThat(session.path("userId").asText()).isEqualTo(user.path("userId").asText());
            assertThat(session.path("name").asText()).isEqualTo(user.path("clearName").asText());
            assertThat(session.path("isEmployee").asBoolean()).isEqualTo(user.path("isEmployee").asBoolean());
        }
        String stored = sql(h -> h.createQuery("SELECT password_hash FROM user_passwords LIMIT 1")
                .mapTo(String.class).one());
        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void aFormSignInSetsAnHttpOnlyLaxCookieAndRedirects() {
        Desk d = desk();
        JsonNode owner = demo("customer-owner");
        // the e-mail in another case and with spaces around it
        Desk.Answer a = d.post("/sign-in", Desk.form("email", "  CUSTOMER-Owner@Demo.Example.com ",
                "password", owner.path("password").asText(), "next", "/conversations/abc?tab=open"), "text/html");
        assertThat(a.status()).isEqualTo(303);
        assertThat(a.location()).isEqualTo("/conversations/abc?tab=open");
        String cookie = a.setCookie();
        assertThat(cookie).startsWith("parley_session=").contains("; Path=/").contains("; HttpOnly")
                .contains("; SameSite=Lax").contains("; Max-Age=" + Duration.ofDays(30).toSeconds())
                .doesNotContain("Secure");
        assertThat(d.cookie).hasSize(43);
        // only the hash of the cookie value is stored
        assertThat(num(h -> h.createQuery("SELECT COUNT(*) FROM desk_sessions WHERE id = :id")
                .bind("id", Tokens.hash(d.cookie)).mapTo(Integer.class).one())).isEqualTo(1);
        assertThat(num(h -> h.createQuery("SELECT COUNT(*) FROM desk_sessions WHERE id = :v")
                .bind("v", d.cookie).mapTo(Integer.class).one())).isZero();
        JsonNode session = d.session().json();
        assertThat(session.path("userId").asText()).isEqualTo(owner.path("userId").asText());
        assertThat(session.path("email").asText()).isEqualTo("customer-owner@demo.example.com");
        assertThat(session.path("csrf").asText()).hasSize(43);
    }

    @Test
    void noSessionIsA401AndAGarbledCookieToo() {
        Desk d = desk();
        assertThat(d.session().status()).isEqualTo(401);
        assertThat(d.session().json().path("type").asText()).isEqualTo("Unauthorized");
        d.cookie = "not-a-session";
        assertThat(d.session().status()).isEqualTo(401);
        d.cookie = "A".repeat(43);
        assertThat(d.session().status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
            "/\t/evil.example", "\\\\evil.example", "http:/evil.example", " /x", ""})
    void nextOutsideThisServerIsReplacedByTheStartPage(String next) {
        JsonNode owner = demo("customer-member");
        Desk.Answer a = desk().post("/sign-in", Desk.form("email", owner.path("email").asText(),
                "password", owner.path("password").asText(), "next", next), "text/html");
        assertThat(a.status()).isEqualTo(303);
        assertThat(a.location()).isEqualTo("/");
    }

    @Test
    void anUnknownEmailAndAWrongPasswordGetTheSameAnswerInSimilarTime() {
        String known = demo("employee").path("email").asText();
        // JSON
        Desk.Answer wrong = desk().post("/sign-in", Desk.form("email", known, "password", "wrong password 1"), "application/json");
        Desk.Answer unknown = desk().post("/sign-in", Desk.form("email", "nobody@demo.example.com", "password", "wrong password 1"),
                "application/json");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(wrong.setCookie()).isNull();
        // forms
        Desk.Answer wrongForm = desk().post("/sign-in", Desk.form("email", known, "password", "x", "next", "/q"), "text/html");
        Desk.Answer unknownForm = desk().post("/sign-in", Desk.form("email", "nobody@x.example", "password", "x", "next", "/q"), "text/html");
        assertThat(wrongForm.status()).isEqualTo(303);
        assertThat(wrongForm.location()).isEqualTo("/sign-in?error=invalid&next=%2Fq").isEqualTo(unknownForm.location());
        assertThat(wrongForm.body()).isEqualTo(unknownForm.body());
        // time: both verify one Argon2 hash (an unknown e-mail verifies a dummy one)
        long wrongNanos = 0;
        long unknownNanos = 0;
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            desk().post("/sign-in", Desk.form("email", known, "password", "wrong " + i), "application/json");
            wrongNanos += System.nanoTime() - t;
            t = System.nanoTime();
            desk().post("/sign-in", Desk.form("email", "nobody" + i + "@x.example", "password", "wrong " + i), "application/json");
            unknownNanos += System.nanoTime() - t;
        }
        assertThat(unknownNanos).as("unknown e-mail %d ms vs wrong password %d ms", unknownNanos / 1_000_000, wrongNanos / 1_000_000)
                .isGreaterThan(wrongNanos / 3);
        // a user without a password and a deactivated user answer the same as well
        String noPassword = sql(h -> IdentityRepository.createUser(h, "No Password", "nopw@x.example", false));
        assertThat(noPassword).isNotNull();
        Desk.Answer none = desk().post("/sign-in", Desk.form("email", "nopw@x.example", "password", "wrong password 1"), "application/json");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body()).isEqualTo(wrong.body());
    }

    @Test
    void idleAndAbsoluteExpiry() {
        Desk d = signedIn("customer-owner");
        String id = Tokens.hash(d.cookie);
        long now = System.currentTimeMillis();
        // two hours idle: still valid (default idle limit 8 h), and last_seen_at is written again
        sql(h -> h.createUpdate("UPDATE desk_sessions SET last_seen_at = :t WHERE id = :id").bind("t", now - Duration.ofHours(2).toMillis()).bind("id", id).execute());
        assertThat(d.session().status()).isEqualTo(200);
        long seen = sql(h -> h.createQuery("SELECT last_seen_at FROM desk_sessions WHERE id = :id").bind("id", id).mapTo(Long.class).one());
        assertThat(seen).isGreaterThanOrEqualTo(now);
        // seen 10 s ago: not written again (at most once a minute)
        sql(h -> h.createUpdate("UPDATE desk_sessions SET last_seen_at = :t WHERE id = :id").bind("t", now - 10_000).bind("id", id).execute());
        assertThat(d.session().status()).isEqualTo(200);
        assertThat(num(h -> h.createQuery("SELECT last_seen_at FROM desk_sessions WHERE id = :id").bind("id", id).mapTo(Long.class).one()))
                .isEqualTo(now - 10_000);
        // idle for longer than 8 h: gone
        sql(h -> h.createUpdate("UPDATE desk_sessions SET last_seen_at = :t WHERE id = :id").bind("t", now - Duration.ofHours(8).toMillis() - 1000).bind("id", id).execute());
        assertThat(d.session().status()).isEqualTo(401);

        Desk e = signedIn("customer-owner");
        String id2 = Tokens.hash(e.cookie);
        sql(h -> h.createUpdate("UPDATE desk_sessions SET expires_at = :t WHERE id = :id").bind("t", System.currentTimeMillis() - 1).bind("id", id2).execute());
        assertThat(e.session().status()).isEqualTo(401);
        // the purge drops both rows
        server.parley().deskSessions().purge();
        assertThat(num(h -> h.createQuery("SELECT COUNT(*) FROM desk_sessions WHERE id IN (:a, :b)").bind("a", id).bind("b", id2).mapTo(Integer.class).one())).isZero();
    }

    @Test
    void signOutEndsOnlyThatSessionEverywhere() {
        Desk a = signedIn("project-member");
        Desk b = signedIn("project-member");
        String csrf = a.session().json().path("csrf").asText();
        String aCookie = a.cookie;
        Desk.Answer out = a.post("/sign-out", Desk.form("_csrf", csrf), "text/html");
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.location()).isEqualTo("/sign-in");
        assertThat(out.setCookie()).startsWith("parley_session=;").contains("Max-Age=0");
        // the row is gone: no node finds it any more (they all read the same table)
        assertThat(num(h -> h.createQuery("SELECT COUNT(*) FROM desk_sessions WHERE id = :id").bind("id", Tokens.hash(aCookie)).mapTo(Integer.class).one())).isZero();
        assertThat(server.parley().deskSessions().find(aCookie)).isEmpty();
        a.cookie = aCookie; // a copy of the cookie kept somewhere is refused
        assertThat(a.session().status()).isEqualTo(401);
        assertThat(b.session().status()).isEqualTo(200);
    }

    @Test
    void deactivationEndsTheSessionsAtOnceAndForGood() {
        String userId = sql(h -> IdentityRepository.createUser(h, "Dora Deactivated", "dora@x.example", false));
        AccountService.setPassword(server.parley().database(), userId, "dora's long password", null);
        Desk d = desk();
        d.signIn("dora@x.example", "dora's long password");
        assertThat(d.session().status()).isEqualTo(200);
        sql(h -> IdentityRepository.setUserActive(h, userId, false));
        assertThat(d.session().status()).isEqualTo(401);
        assertThat(desk().post("/sign-in", Desk.form("email", "dora@x.example", "password", "dora's long password"),
                "application/json").status()).isEqualTo(401);
        sql(h -> IdentityRepository.setUserActive(h, userId, true));
        assertThat(d.session().status()).isEqualTo(401);
        desk().signIn("dora@x.example", "dora's long password");
    }

    @Test
    void aNewPasswordEndsTheUsersOtherSessions() {
        String userId = sql(h -> IdentityRepository.createUser(h, "Paul Password", "paul@x.example", false));
        AccountService.setPassword(server.parley().database(), userId, "first long password", null);
        Desk kept = desk();
        JsonNode keptSession = kept.signIn("paul@x.example", "first long password");
        Desk other = desk();
        other.signIn("paul@x.example", "first long password");
        Session session = server.parley().deskSessions().find(kept.cookie).orElseThrow();
        assertThat(session.csrfToken()).isEqualTo(keptSession.path("csrf").asText());
        AccountService.changePassword(server.parley().database(), session, "first long password", "second long password");
        assertThat(kept.session().status()).isEqualTo(200);
        assertThat(other.session().status()).isEqualTo(401);
        assertThat(desk().post("/sign-in", Desk.form("email", "paul@x.example", "password", "first long password"),
                "application/json").status()).isEqualTo(401);
        desk().signIn("paul@x.example", "second long password");
        // the wrong current password changes nothing; a short new one is refused
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AccountService.changePassword(server.parley().database(),
                session, "first long password", "third long password")).isInstanceOf(AccountService.Refused.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AccountService.changePassword(server.parley().database(),
                session, "second long password", "short")).hasMessageContaining("at least 10");
    }

    @Test
    void csrfTokenIsRequiredOnStateChangingRequestsWithTheCookie() {
        Desk d = signedIn("outsider");
        String csrf = d.session().json().path("csrf").asText();
        String otherCsrf = signedIn("outsider").session().json().path("csrf").asText();
        // missing, empty, another session's, in the query string only, in the wrong header, case-changed
        assertRefused(d.post("/sign-out", "", "application/json"));
        assertRefused(d.post("/sign-out", Desk.form("_csrf", ""), "application/json"));
        assertRefused(d.post("/sign-out", Desk.form("_csrf", otherCsrf), "application/json"));
        assertRefused(d.post("/sign-out?_csrf=" + csrf, "", "application/json"));
        assertRefused(d.post("/sign-out", "", "application/json", "X-XSRF-Token", csrf));
        assertRefused(d.post("/sign-out", "", "application/json", "X-CSRF-Token", csrf.toLowerCase()));
        assertRefused(d.post("/sign-out", Desk.form("csrf", csrf), "application/json"));
        // a browser gets a page
        Desk.Answer page = d.post("/sign-out", "", "text/html,application/xhtml+xml");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("reload the page");
        // none of that signed out
        assertThat(d.session().status()).isEqualTo(200);
        // the header works, as does the form field
        assertThat(d.post("/sign-out", "", "application/json", "X-CSRF-Token", csrf).status()).isEqualTo(204);
        assertThat(d.session().status()).isEqualTo(401);
        Desk e = signedIn("outsider");
        assertThat(e.post("/sign-out", Desk.form("_csrf", e.session().json().path("csrf").asText()), "text/html").status()).isEqualTo(303);
    }

    private static void assertRefused(Desk.Answer a) {
        assertThat(a.status()).as(a.body()).isEqualTo(403);
        assertThat(a.json().path("type").asText()).isEqualTo("Forbidden");
        assertThat(a.json().path("message").asText()).contains("_csrf");
    }

    @Test
    void theApiIgnoresTheCookieAndNeedsNoCsrfToken() {
        Desk d = signedIn("customer-owner");
        // with the cookie and no token, a Bearer request still works: /v2 never authenticates by cookie
        Desk.Answer created = d.post("/v2/conversations", "", "application/json",
                "Authorization", "Bearer " + server.user("customer-owner").token(), "Content-Type", "application/json");
        assertThat(created.status()).isNotEqualTo(403);
        // and the cookie alone is no credential there
        Desk.Answer anonymous = d.get("/v2/conversations", "application/json");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void anInvitationWorksOnceUntilItExpires() {
        var db = server.parley().database();
        String userId = sql(h -> IdentityRepository.createUser(h, "Ivy Invited", "ivy@x.example", false));
        String token = AccountService.invite(db, userId, Duration.ofDays(7));
        assertThat(AccountService.invitationValid(db, token)).isTrue();
        // the passwords differ / too short: refused, the invitation stays usable
        Desk d = desk();
        Desk.Answer mismatch = d.post("/invite/" + token, Desk.form("password", "long enough one", "password2", "long enough two"), "application/json");
        assertThat(mismatch.status()).isEqualTo(400);
        Desk.Answer shortOne = d.post("/invite/" + token, Desk.form("password", "short", "password2", "short"), "text/html");
        assertThat(shortOne.status()).isEqualTo(303);
        assertThat(shortOne.location()).isEqualTo("/invite/" + token + "?error=weak");
        // accepted: signed in
        Desk.Answer ok = d.post("/invite/" + token, Desk.form("password", "ivy's chosen password", "password2", "ivy's chosen password"), "application/json");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("userId").asText()).isEqualTo(userId);
        assertThat(d.session().json().path("email").asText()).isEqualTo("ivy@x.example");
        desk().signIn("IVY@x.example", "ivy's chosen password");
        // a second use is refused and changes nothing
        Desk.Answer again = desk().post("/invite/" + token, Desk.form("password", "another password!", "password2", "another password!"), "application/json");
        assertThat(again.status()).isEqualTo(404);
        Desk.Answer againForm = desk().post("/invite/" + token, Desk.form("password", "another password!", "password2", "another password!"), "text/html");
        assertThat(againForm.location()).isEqualTo("/invite/" + token + "?error=invalid");
        desk().signIn("ivy@x.example", "ivy's chosen password");
        // an expired one
        String expired = AccountService.invite(db, userId, Duration.ofDays(7));
        sql(h -> h.createUpdate("UPDATE user_invitations SET expires_at = :t WHERE user_id = :u AND used_at IS NULL")
                .bind("t", System.currentTimeMillis() - 1).bind("u", userId).execute());
        assertThat(desk().post("/invite/" + expired, Desk.form("password", "another password!", "password2", "another password!"), "application/json").status()).isEqualTo(404);
        // a newer invitation replaces an older one; an unknown token is refused the same way
        String older = AccountService.invite(db, userId, Duration.ofDays(7));
        String newer = AccountService.invite(db, userId, Duration.ofDays(7));
        assertThat(AccountService.invitationValid(db, older)).isFalse();
        assertThat(AccountService.invitationValid(db, newer)).isTrue();
        assertThat(desk().post("/invite/" + "x".repeat(43), Desk.form("password", "another password!", "password2", "another password!"), "application/json").status()).isEqualTo(404);
        // accepting ends the sessions that were open (the password changed)
        Desk.Answer accepted = desk().post("/invite/" + newer, Desk.form("password", "ivy's third password", "password2", "ivy's third password"), "application/json");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(d.session().status()).isEqualTo(401);
    }
}
