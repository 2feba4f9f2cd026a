package dev.parley.desk.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.account.DeskSessions;
import dev.parley.testing.Browser;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desk's boundaries in a real browser: an outsider guessing a conversation's URL (by id or
 * shortId) gets exactly the page a nonexistent conversation gives; a form whose CSRF token was
 * removed is refused and changes nothing; an expired session is sent to sign in; the
 * conversation screens fit a 360 px phone, with axe-core on each.
 */
class DeskBoundariesBrowserTest {
    private static TestServer server;
    private static String conversationId;
    private static String shortId;

    @BeforeAll
    static void start() {
        Browser.requireChromium();
        server = TestServer.startDemo();
        String owner = server.user("customer-owner").token();
        conversationId = server.client().newConversation(owner, Map.of("title", "Invoice question",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        JsonNode created = server.client().getConversation(owner, conversationId).assertStatus(200).json();
        shortId = created.path("shortId").asText();
        assertThat(conversationId).isNotBlank();
        assertThat(shortId).isNotBlank();
        server.client().createMessage(server.user("customer-owner").token(), conversationId,
                Map.of("messageContent", "Why was I charged twice in **November**?")).assertStatus(201);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static DeskUser signIn(Browser browser, String role) {
        DeskUser user = DeskUser.signIn(server, role);
        browser.go(server.baseUrl() + "/conversations/none/here");
        browser.driver().manage().addCookie(new Cookie(DeskSessions.COOKIE, user.cookie, "/"));
        browser.consoleProblems(); // drop that page's own 404
        return user;
    }

    /** What a reader sees of a page: its title, heading and main text. */
    private static String visible(Browser browser) {
        return browser.driver().getTitle() + "\n" + browser.driver().findElement(By.tagName("h1")).getText()
                + "\n" + browser.driver().findElement(By.tagName("main")).getText();
    }

    @Test
    void anOutsiderGuessingUrlsSeesWhatANonexistentConversationShows() {
        try (Browser outsider = Browser.desktop()) {
            signIn(outsider, "outsider");
            outsider.go(server.baseUrl() + "/conversations/" + UUID.randomUUID());
            String nonexistent = visible(outsider);
            outsider.assertNoSeriousViolations();
            for (String guess : new String[] {conversationId, shortId, shortId.toLowerCase(), conversationId + "/timeline"}) {
                outsider.go(server.baseUrl() + "/conversations/" + guess);
                assertThat(visible(outsider)).as("/conversations/%s", guess).isEqualTo(nonexistent);
                assertThat(outsider.driver().getPageSource()).doesNotContain("Invoice question").doesNotContain("charged twice");
            }
            outsider.go(server.baseUrl() + "/queue");
            assertThat(visible(outsider)).as("/queue for a customer").isEqualTo(nonexistent);
            outsider.go(server.baseUrl() + "/conversations");
            assertThat(outsider.driver().getPageSource()).doesNotContain("Invoice question");
        }
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        try (Browser customer = Browser.desktop()) {
            signIn(customer, "customer-member");
            customer.go(server.baseUrl() + "/account");
            customer.script("document.querySelectorAll('input[name=_csrf]').forEach(e => e.remove())");
            customer.driver().findElement(By.id("current")).sendKeys("whatever-it-was");
            customer.driver().findElement(By.id("password")).sendKeys("a-new-password-123");
            customer.driver().findElement(By.id("password2")).sendKeys("a-new-password-123");
            customer.driver().findElement(By.cssSelector("form[action='/account'] button[type=submit]")).click();
            customer.awaitHeading("Refused");

            // the reply form of a conversation, its token removed: refused, no message written
            customer.go(server.baseUrl() + "/conversations/" + conversationId);
            int before = server.client().listMessages(server.user("customer-owner").token(), conversationId)
                    .assertStatus(200).json().size();
            customer.script("document.querySelectorAll('input[name=_csrf]').forEach(e => e.remove());"
                    + "document.querySelectorAll('form').forEach(f => f.removeAttribute('hx-post'));");
            customer.driver().findElement(By.id("composer-text")).sendKeys("forged");
            customer.script("const t = document.getElementById('composer-text'); t.form.submit();");
            customer.awaitHeading("Refused");
            assertThat(server.client().listMessages(server.user("customer-owner").token(), conversationId)
                    .assertStatus(200).json().size()).isEqualTo(before);
        }
        // the password did not change: the demo password still signs in
        DeskUser.signIn(server, "customer-member");
    }

    @Test
    void theConversationScreensFitA360PxPhone() {
        try (Browser customer = Browser.phone(); Browser staff = Browser.phone()) {
            signIn(customer, "customer-owner");
            for (String path : new String[] {"/conversations/new", "/conversations/" + conversationId}) {
                customer.go(server.baseUrl() + path);
                assertThat(customer.driver().findElements(By.tagName("h1"))).as(path).isNotEmpty();
                customer.assertNoHorizontalScroll();
                customer.assertNoSeriousViolations();
            }
            signIn(staff, "employee");
            staff.go(server.baseUrl() + "/conversations/" + conversationId);
            assertThat(staff.driver().findElements(By.cssSelector(".workspace__context"))).hasSize(1);
            staff.assertNoHorizontalScroll();
            staff.assertNoSeriousViolations();
        }
    }

    @Test
    void anExpiredSessionIsSentToSignInAndBackAfterwards() {
        try (Browser customer = Browser.desktop()) {
            signIn(customer, "project-member");
            customer.go(server.baseUrl() + "/conversations");
            assertThat(customer.driver().getCurrentUrl()).endsWith("/conversations");
            // the session passes its absolute expiry (as if 30 days went by)
            String userId = server.user("project-member").userId();
            server.parley().database().write(h -> h.createUpdate("UPDATE desk_sessions SET expires_at = 1 WHERE user_id = :u")
                    .bind("u", userId).execute());
            customer.go(server.baseUrl() + "/conversations/" + conversationId);
            assertThat(customer.driver().getCurrentUrl()).contains("/sign-in?next=");
            assertThat(customer.driver().findElements(By.cssSelector("input[type=password]"))).hasSize(1);
            customer.assertNoSeriousViolations();
        }
    }
}
