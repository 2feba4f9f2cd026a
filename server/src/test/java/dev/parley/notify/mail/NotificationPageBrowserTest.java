package dev.parley.notify.mail;

import dev.parley.testing.Browser;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notification settings page in Chromium, as a customer finds and uses it: from the account
 * page's link, a kind turned off and German chosen, saved (the confirmation shown, the choice
 * stored and shown again after a reload); axe-core finds no serious violation, no console
 * error, and at 360 px nothing scrolls sideways. With {@code PARLEY_SCREENSHOTS=1} it saves
 * docs/screenshots/notifications.png.
 */
class NotificationPageBrowserTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        Browser.requireChromium();
        server = TestServer.startDemo();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String credential(String role, String field) {
        for (var u : server.credentials().path("users")) {
            if (role.equals(u.path("role").asText())) {
                return u.path(field).asText();
            }
        }
        throw new IllegalArgumentException(role);
    }

    private static void signIn(Browser browser, String role) {
        browser.go(server.baseUrl() + "/sign-in");
        browser.driver().findElement(By.id("email")).sendKeys(credential(role, "email"));
        browser.driver().findElement(By.id("password")).sendKeys(credential(role, "password"));
        browser.driver().findElement(By.cssSelector("form[action='/sign-in'] button[type='submit']")).click();
        browser.await().until(d -> !d.getCurrentUrl().contains("/sign-in"));
    }

    private static WebElement kind(Browser browser, String kind) {
        return browser.driver().findElement(By.name("kind-" + kind));
    }

    @Test
    void aCustomerTurnsStaffRepliesOffAndChoosesGerman() throws IOException {
        String userId = server.user("customer-member").userId();
        try (Browser browser = Browser.desktop()) {
            signIn(browser, "customer-member");
            browser.go(server.baseUrl() + "/account");
            browser.driver().findElement(By.linkText("E-mail notifications")).click();
            browser.await().until(d -> d.getCurrentUrl().endsWith("/account/notifications"));
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("E-mail notifications");
            assertThat(kind(browser, "staff-reply").isSelected()).isTrue();
            assertThat(kind(browser, "status-change").isSelected()).isTrue();
            browser.assertNoConsoleErrors();
            browser.assertNoSeriousViolations();
            screenshot(browser, "notifications.png");

            kind(browser, "staff-reply").click();
            new Select(browser.driver().findElement(By.id("language"))).selectByValue("de");
            browser.driver().findElement(By.cssSelector("form[action='/account/notifications'] button[type='submit']")).click();
            browser.await().until(d -> d.getCurrentUrl().endsWith("/account/notifications?saved=1"));
            assertThat(browser.driver().findElement(By.cssSelector("[role=status]")).getText())
                    .isEqualTo("Your settings have been saved.");

            List<String> off = server.parley().database().read(h -> h.createQuery(
                    "SELECT kind FROM notification_opt_outs WHERE user_id = :u").bind("u", userId).mapTo(String.class).list());
            assertThat(off).containsExactly("staff-reply");
            String language = server.parley().database().read(h -> h.createQuery(
                    "SELECT language FROM users WHERE user_id = :u").bind("u", userId).mapTo(String.class).one());
            assertThat(language).isEqualTo("de");

            browser.go(server.baseUrl() + "/account/notifications");
            assertThat(kind(browser, "staff-reply").isSelected()).isFalse();
            assertThat(kind(browser, "status-change").isSelected()).isTrue();
            assertThat(new Select(browser.driver().findElement(By.id("language"))).getFirstSelectedOption()
                    .getAttribute("value")).isEqualTo("de");
        }
        try (Browser phone = Browser.phone()) {
            signIn(phone, "customer-member");
            phone.go(server.baseUrl() + "/account/notifications");
            phone.assertNoHorizontalScroll();
            phone.assertNoSeriousViolations();
        }
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
}
