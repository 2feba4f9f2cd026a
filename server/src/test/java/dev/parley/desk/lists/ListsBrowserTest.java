package dev.parley.desk.lists;

import dev.parley.account.AccountService;
import dev.parley.testing.ApiClient;
import dev.parley.testing.Browser;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in pages and the lists in Chromium: signing in through the form (and the refusal),
 * axe-core on every page (sign-in, account, invitation, customer list, staff queue), 360 px
 * without sideways scrolling, the queue showing a new conversation without a reload, j/k/Enter,
 * sign-out, and hostile titles and names shown as text. With {@code PARLEY_SCREENSHOTS=1} it
 * saves docs/screenshots/customer-list.png and staff-queue.png.
 */
class ListsBrowserTest {
    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        Browser.requireChromium();
        server = TestServer.startDemo();
        api = server.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String email(String role) {
        for (var u : server.credentials().path("users")) {
            if (role.equals(u.path("role").asText())) {
                return u.path("email").asText();
            }
        }
        throw new IllegalArgumentException(role);
    }

    private static String password(String role) {
        for (var u : server.credentials().path("users")) {
            if (role.equals(u.path("role").asText())) {
                return u.path("password").asText();
            }
        }
        throw new IllegalArgumentException(role);
    }

    private static void signIn(Browser browser, String email, String password) {
        browser.driver().findElement(By.id("email")).sendKeys(email);
        browser.driver().findElement(By.id("password")).sendKeys(password);
        browser.driver().findElement(By.cssSelector("form[action='/sign-in'] button[type='submit']")).click();
    }


    private static void screenshot(Browser browser, String name) throws IOException {
        if (!"1".equals(System.getenv("PARLEY_SCREENSHOTS"))) {
            return;
        }
        Path dir = Files.isDirectory(Path.of("..", "docs")) ? Path.of("..", "docs", "screenshots") : Path.of("docs", "screenshots");
        Files.createDirectories(dir);
        Path shot = ((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void pageIsClean(Browser browser) {
        browser.assertNoConsoleErrors();
        browser.assertNoSeriousViolations();
    }

    @Test
    void aCustomerSignsInThroughTheFormSeesTheirListAndTheAccountPage() throws IOException {
        String w = "c" + UUID.randomUUID().toString().substring(0, 8);
        api.newConversation(server.user("customer-owner").token(), Map.of("title", "Printer on fire " + w));
        String answered = api.newConversation(server.user("customer-owner").token(), Map.of("title", "Mail quota " + w));
        api.createMessage(server.user("employee").token(), answered, Map.of("messageContent", "Raised it")).assertStatus(201);
        try (Browser browser = Browser.desktop()) {
            browser.go(server.baseUrl() + "/conversations");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/sign-in?next=%2Fconversations");
            pageIsClean(browser);

            signIn(browser, email("customer-owner"), "certainly not the password");
            WebElement alert = browser.await().until(d -> d.findElement(By.cssSelector(".alert--error")));
            assertThat(alert.getText()).isEqualTo("The e-mail address or the password is wrong.");
            pageIsClean(browser);

            signIn(browser, email("customer-owner"), password("customer-owner"));
            browser.await().until(d -> d.getCurrentUrl().endsWith("/conversations"));
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("My conversations");
            assertThat(browser.driver().findElement(By.className("viewer__name")).getText()).isNotBlank();
            WebElement unread = browser.driver().findElement(By.xpath("//li[contains(., 'Mail quota " + w + "')]"));
            assertThat(unread.getAttribute("class")).contains("list__row--unread");
            pageIsClean(browser);
            screenshot(browser, "customer-list.png");

            // search through the form
            WebElement q = browser.driver().findElement(By.id("list-q"));
            q.sendKeys("Printer " + w, Keys.ENTER);
            browser.await().until(d -> d.getCurrentUrl().contains("q="));
            assertThat(browser.driver().findElement(By.className("conversation-list")).getText())
                    .contains("Printer on fire").doesNotContain("Mail quota");

            browser.go(server.baseUrl() + "/account");
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Your account");
            pageIsClean(browser);

            String token = AccountService.invite(server.parley().database(), server.user("outsider").userId(), Duration.ofHours(1));
            browser.go(server.baseUrl() + "/invite/" + token);
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Choose your password");
            pageIsClean(browser);
        }
    }

    @Test
    void atThreeHundredSixtyPixelsTheListsDoNotScrollSideways() {
        try (Browser browser = Browser.phone()) {
            browser.go(server.baseUrl() + "/sign-in?next=%2Fconversations");
            browser.assertNoHorizontalScroll();
            signIn(browser, email("customer-member"), password("customer-member"));
            browser.await().until(d -> d.getCurrentUrl().endsWith("/conversations"));
            browser.assertNoHorizontalScroll();
            browser.assertNoSeriousViolations();
        }
        try (Browser browser = Browser.phone()) {
            browser.go(server.baseUrl() + "/sign-in?next=%2Fqueue");
            signIn(browser, email("employee"), password("employee"));
            browser.await().until(d -> d.getCurrentUrl().endsWith("/queue"));
            browser.assertNoHorizontalScroll();
            browser.assertNoSeriousViolations();
        }
    }

    @Test
    void theStaffQueueUpdatesLiveOpensByKeyboardAndShowsHostileTextAsText() throws IOException {
        String w = "s" + UUID.randomUUID().toString().substring(0, 8);
        String owner = server.user("customer-owner").token();
        api.newConversation(owner, Map.of("title", "Domain transfer stuck at pending"));
        api.newConversation(server.user("customer-member").token(), Map.of("title", "SSL certificate renewal failed"));
        try (Browser browser = Browser.desktop()) {
            browser.go(server.baseUrl() + "/");
            signIn(browser, email("employee"), password("employee"));
            browser.await().until(d -> d.getCurrentUrl().endsWith("/queue"));
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Queue");
            pageIsClean(browser);

            // a customer writes through the API: the row appears without a reload
            browser.script("window.sameDocument = 'yes'");
            long before = browser.number("return document.querySelector('[data-count=waitingForUs]').textContent * 1");
            String title = "Live arrival " + w;
            api.newConversation(owner, Map.of("title", title));
            browser.await().until(d -> d.findElement(By.id("queue-results")).getText().contains(title));
            assertThat(browser.script("return window.sameDocument")).isEqualTo("yes");
            assertThat(browser.number("return document.querySelector('[data-count=waitingForUs]').textContent * 1"))
                    .isEqualTo(before + 1);
            screenshot(browser, "staff-queue.png");

            // a display name and a title that would run script if they were HTML (the name is restored after)
            String name = server.parley().database().read(h -> h.createQuery("SELECT clear_name FROM users WHERE user_id = :id")
                    .bind("id", server.user("customer-member").userId()).mapTo(String.class).one());
            server.parley().database().write(h -> h.createUpdate("UPDATE users SET clear_name = :n WHERE user_id = :id")
                    .bind("n", "<img src=x onerror=\"window.xssName=1\">Mallory")
                    .bind("id", server.user("customer-member").userId()).execute());
            api.newConversation(server.user("customer-member").token(),
                    Map.of("title", "<script>window.xssTitle=1</script><b>bold</b> " + w));
            browser.go(server.baseUrl() + "/queue?q=" + w);
            String text = browser.driver().findElement(By.id("queue-results")).getText();
            assertThat(text).contains("<script>window.xssTitle=1</script><b>bold</b> " + w,
                    "<img src=x onerror=\"window.xssName=1\">Mallory");
            assertThat(browser.script("return typeof window.xssTitle + typeof window.xssName")).isEqualTo("undefinedundefined");
            pageIsClean(browser);
            server.parley().database().write(h -> h.createUpdate("UPDATE users SET clear_name = :n WHERE user_id = :id")
                    .bind("n", name).bind("id", server.user("customer-member").userId()).execute());

            // keyboard: ? shows the shortcuts, / focuses search, j/k move, Enter opens
            WebElement body = browser.driver().findElement(By.tagName("body"));
            body.sendKeys("?");
            assertThat(browser.script("return document.getElementById('queue-help').open")).isEqualTo(true);
            browser.assertNoSeriousViolations();
            browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
            browser.await().until(d -> Boolean.FALSE.equals(((JavascriptExecutor) d).executeScript(
                    "return document.getElementById('queue-help').open")));
            browser.driver().findElement(By.tagName("body")).sendKeys("/");
            assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("queue-q");
            // typing j in the search box is text, not a shortcut
            browser.driver().switchTo().activeElement().sendKeys("j");
            assertThat(browser.driver().findElement(By.id("queue-q")).getAttribute("value")).contains(w).hasSize(w.length() + 1);
            browser.go(server.baseUrl() + "/queue?q=" + w);
            browser.driver().findElement(By.tagName("body")).sendKeys("j");
            assertThat(browser.script("return document.activeElement.closest('[data-queue-row]').getAttribute('aria-current')"))
                    .isEqualTo("true");
            browser.driver().switchTo().activeElement().sendKeys("j");
            browser.driver().switchTo().activeElement().sendKeys("k");
            WebElement focused = browser.driver().switchTo().activeElement();
            String href = focused.getAttribute("href");
            assertThat(focused.getText()).contains("Live arrival"); // oldest first
            focused.sendKeys(Keys.ENTER);
            browser.await().until(d -> d.getCurrentUrl().equals(href));
            assertThat(href).matches(".*/conversations/[0-9a-f-]{36}");

            // sign out: the queue asks for signing in again
            browser.go(server.baseUrl() + "/queue");
            browser.driver().findElement(By.cssSelector(".viewer__sign-out button")).click();
            browser.await().until(d -> d.getCurrentUrl().endsWith("/sign-in"));
            browser.go(server.baseUrl() + "/queue");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/sign-in?next=%2Fqueue");
        }
    }
}
