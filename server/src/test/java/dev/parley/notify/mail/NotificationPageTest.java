package dev.parley.notify.mail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.testing.DeskClient;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk's {@code /account/notifications}: the kinds meant for the viewer (customers: staff
 * replies and status changes; staff: new conversations and customer messages), saved with the
 * form's CSRF token, and the language of the mails; there whether or not mails are on.
 */
class NotificationPageTest {
    static TestServer server;

    /** A signed-in browser without a browser: one session cookie, HTML asked for, redirects not followed. */
    static final class Browser extends DeskClient {
        String csrf;

        Browser(String role) {
            super(server.baseUrl());
            for (JsonNode u : server.credentials().path("users")) {
                if (role.equals(u.path("role").asText())) {
                    Answer a = postForm("/sign-in", form("email", u.path("email").asText(), "password",
                            u.path("password").asText()), "application/json");
                    assertThat(a.status()).isEqualTo(200);
                    csrf = Json.tree(a.body()).path("csrf").asText();
                }
            }
        }

        Answer get(String path) {
            return fetch(path, "text/html");
        }

        Answer post(String path, String... pairs) {
            return postForm(path, form(pairs), "text/html");
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.startDemo(); // mails off: the page is there all the same
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Set<String> optOuts(String role) {
        String id = server.user(role).userId();
        return server.parley().database().read(h -> NotificationSettings.optOuts(h, id));
    }

    private static String language(String role) {
        String id = server.user(role).userId();
        return server.parley().database().read(h -> NotificationSettings.language(h, id));
    }

    @Test
    void aCustomerTurnsStaffRepliesOffAndChoosesGerman() {
        Browser b = new Browser("customer-member");
        assertThat(b.get("/account").body()).contains("href=\"/account/notifications\"");
        String page = b.get("/account/notifications").body();
        assertThat(page).contains("name=\"kind-staff-opened\"", "name=\"kind-staff-reply\"", "name=\"kind-status-change\"")
                .doesNotContain("kind-new-conversation").doesNotContain("kind-customer-message")
                .contains("name=\"_csrf\" value=\"" + b.csrf + "\"");
        assertThat(page.replaceAll("\\s+", " ")).contains("name=\"kind-staff-reply\" value=\"on\" checked");

        // without the form's token nothing changes
        assertThat(b.post("/account/notifications", "kind-status-change", "on", "language", "de").status()).isEqualTo(403);
        assertThat(optOuts("customer-member")).isEmpty();

        DeskClient.Answer saved = b.post("/account/notifications", "_csrf", b.csrf, "kind-staff-opened", "on",
                "kind-status-change", "on", "language", "de");
        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.location()).isEqualTo("/account/notifications?saved=1");
        assertThat(optOuts("customer-member")).containsExactly("staff-reply");
        assertThat(language("customer-member")).isEqualTo("de");
        String after = b.get("/account/notifications?saved=1").body().replaceAll("\\s+", " ");
        assertThat(after).contains("name=\"kind-staff-reply\" value=\"on\">")
                .contains("name=\"kind-status-change\" value=\"on\" checked")
                .contains("<option value=\"de\" selected>");

        // on again, English again
        b.post("/account/notifications", "_csrf", b.csrf, "kind-staff-opened", "on", "kind-status-change", "on",
                "kind-staff-reply", "on", "language", "en");
        assertThat(optOuts("customer-member")).isEmpty();
        assertThat(language("customer-member")).isEqualTo("en");
    }

    @Test
    void staffSeeTheStaffKindsAndAnUnknownLanguageChangesNothing() {
        Browser b = new Browser("employee");
        String page = b.get("/account/notifications").body();
        assertThat(page).contains("name=\"kind-new-conversation\"", "name=\"kind-customer-message\"")
                .doesNotContain("kind-staff-reply").doesNotContain("kind-staff-opened");
        b.post("/account/notifications", "_csrf", b.csrf, "kind-customer-message", "on", "language", "fr");
        assertThat(optOuts("employee")).containsExactly("new-conversation");
        assertThat(language("employee")).isEqualTo("en");
        b.post("/account/notifications", "_csrf", b.csrf, "kind-customer-message", "on", "kind-new-conversation", "on");
        assertThat(optOuts("employee")).isEmpty();
    }

    @Test
    void signedOutVisitorsAreSentToSignIn() {
        DeskClient.Answer a = new Browser("nobody").get("/account/notifications");
        assertThat(a.status()).isEqualTo(303);
        assertThat(a.location()).startsWith("/sign-in");
    }
}
