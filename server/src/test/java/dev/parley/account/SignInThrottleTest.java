package dev.parley.account;

import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in throttled per account (3 failures) and per client address (5 failures) in 15
 * minutes; the client address comes from X-Forwarded-For (127.0.0.1 is a trusted proxy here),
 * so each test has addresses of its own. Also: https public URL → Secure cookie.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInThrottleTest {
    TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start(b -> b.signInLimits(new SignInLimits(3, 5, Duration.ofMinutes(15)))
                .trustedProxies(List.of("127.0.0.1", "::1")).publicUrl("https://desk.example.com"));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Desk from(String address) {
        Desk d = new Desk(server.baseUrl());
        d.forwardedFor = address;
        return d;
    }

    String email(String role) {
        return role + "@demo.example.com";
    }

    String password(String role) {
        for (var u : server.credentials().path("users")) {
            if (role.equals(u.path("role").asText())) {
                return u.path("password").asText();
            }
        }
        throw new IllegalArgumentException(role);
    }

    Desk.Answer attempt(Desk d, String email, String password) {
        return d.post("/sign-in", Desk.form("email", email, "password", password), "application/json");
    }

    @Test
    void anAccountIsThrottledAfterItsFailuresWhateverTheAddressAndEvenWithTheRightPassword() {
        for (int i = 0; i < 3; i++) {
            assertThat(attempt(from("198.51.100." + (10 + i)), email("customer-member"), "wrong " + i).status()).isEqualTo(401);
        }
        Desk.Answer refused = attempt(from("198.51.100.20"), email("CUSTOMER-member"), password("customer-member"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("type").asText()).isEqualTo("RateLimitError");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 900L);
        assertThat(refused.setCookie()).isNull();
        Desk.Answer form = from("198.51.100.20").post("/sign-in", Desk.form("email", email("customer-member"),
                "password", password("customer-member")), "text/html");
        assertThat(form.location()).isEqualTo("/sign-in?error=throttled");
        // other accounts from the same addresses are not affected
        assertThat(attempt(from("198.51.100.20"), email("employee"), password("employee")).status()).isEqualTo(200);
        // an unknown e-mail is throttled exactly like a known one
        for (int i = 0; i < 3; i++) {
            assertThat(attempt(from("198.51.100." + (30 + i)), "ghost@demo.example.com", "wrong").status()).isEqualTo(401);
        }
        Desk.Answer ghost = attempt(from("198.51.100.40"), "ghost@demo.example.com", "wrong");
        assertThat(ghost.status()).isEqualTo(429);
        // the failures leave the window: simulated by ageing them
        server.parley().database().write(h -> h.createUpdate("UPDATE sign_in_failures SET failed_at = failed_at - :w")
                .bind("w", Duration.ofMinutes(15).toMillis()).execute());
        assertThat(attempt(from("198.51.100.41"), email("customer-member"), password("customer-member")).status()).isEqualTo(200);
    }

    @Test
    void anAddressIsThrottledAfterItsFailuresWhateverTheAccount() {
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(from("203.0.113.7"), "someone" + i + "@x.example", "wrong").status()).isEqualTo(401);
        }
        assertThat(attempt(from("203.0.113.7"), email("outsider"), password("outsider")).status()).isEqualTo(429);
        // IPv6 counts per /64: another address of the same block is refused too
        for (int i = 0; i < 5; i++) {
            attempt(from("2001:db8:1:2::" + (i + 1)), "v6-" + i + "@x.example", "wrong");
        }
        assertThat(attempt(from("2001:db8:1:2::99"), email("outsider"), password("outsider")).status()).isEqualTo(429);
        // another address signs in
        assertThat(attempt(from("203.0.113.8"), email("outsider"), password("outsider")).status()).isEqualTo(200);
    }

    @Test
    void behindHttpsTheCookieIsSecure() {
        Desk d = from("192.0.2.1");
        Desk.Answer a = attempt(d, email("project-member"), password("project-member"));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.setCookie()).contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax");
    }
}
