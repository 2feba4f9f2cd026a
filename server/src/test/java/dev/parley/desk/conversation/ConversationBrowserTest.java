package dev.parley.desk.conversation;

import dev.parley.account.DeskSessions;
import dev.parley.testing.Browser;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The conversation screens in a real browser: a customer opens a request with an attachment
 * (picked through the file input; desk.js uploads it, then sends the message with its id); staff
 * open it in the workspace, assign it to themselves, write an internal note and a reply; the
 * customer's open page shows the reply through the event stream without a reload, and never the
 * note. An XSS payload in the title, the message and the file name stays text. axe-core on every
 * page. With PARLEY_SCREENSHOTS=1 it saves docs/screenshots/conversation-{customer,staff}.png.
 */
class ConversationBrowserTest {
    private static final String XSS = "<img src=x onerror=alert(1)>";
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

    /** Signs in over HTTP and hands the session cookie to the browser. */
    private static void signIn(Browser browser, String role) {
        DeskUser user = DeskUser.signIn(server, role);
        // any page of the origin for the cookie: the not-found page (its icon link spares a favicon.ico request)
        browser.go(server.baseUrl() + "/conversations/none/here");
        browser.driver().manage().addCookie(new Cookie(DeskSessions.COOKIE, user.cookie, "/"));
        browser.consoleProblems(); // drop that page's own 404
    }


    @Test
    void customerAndStaffWorkOnOneConversationLive(@org.junit.jupiter.api.io.TempDir Path temp) throws IOException {
        Path file = temp.resolve(XSS + ".png");
        Files.write(file, SampleFiles.png(40, 30));
        try (Browser customer = Browser.desktop(); Browser staff = Browser.desktop()) {
            signIn(customer, "customer-owner");
            customer.go(server.baseUrl() + "/conversations/new");
            customer.assertNoSeriousViolations();
            customer.driver().findElement(By.id("title")).sendKeys(XSS + " shop is down");
            customer.driver().findElement(By.id("message")).sendKeys("Since **10:00** " + XSS);
            new Select(customer.driver().findElement(By.id("share"))).selectByValue("customer:" + server.demoCustomerId());
            customer.driver().findElement(By.id("files")).sendKeys(file.toString());
            assertThat(customer.driver().findElement(By.cssSelector("[data-upload-list]")).getText()).contains(XSS + ".png");
            customer.driver().findElement(By.cssSelector("[data-new-conversation] button[type=submit]")).click();
            customer.await().until(d -> d.getCurrentUrl().matches(".*/conversations/[0-9a-f-]{36}$"));
            String url = customer.driver().getCurrentUrl();

            // the payloads are text: the title, the message and the file name; no element was made of them
            customer.await().until(d -> d.findElements(By.cssSelector("img.attachment__preview")).size() == 1);
            assertThat(customer.driver().findElement(By.tagName("h1")).getText()).isEqualTo(XSS + " shop is down");
            assertThat(customer.driver().findElement(By.cssSelector(".message__body")).getText()).contains(XSS);
            // (the upload rules drop < and > from file names; what is left is shown as text)
            assertThat(customer.driver().findElement(By.cssSelector(".attachment__name")).getText())
                    .isEqualTo("img src=x onerror=alert(1).png");
            assertThat(customer.number("return document.querySelectorAll('img[src=\"x\"]').length")).isZero();
            assertThat(customer.number("return document.querySelector('img.attachment__preview').naturalWidth")).isEqualTo(40);
            assertThatThrownBy(() -> customer.driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
            customer.assertNoSeriousViolations();
            customer.assertNoConsoleErrors();

            signIn(staff, "employee");
            staff.go(url);
            assertThat(staff.driver().findElements(By.cssSelector(".workspace__context"))).hasSize(1);
            staff.assertNoSeriousViolations();
            staff.driver().findElement(By.cssSelector("[data-assign-me]")).click();
            staff.await().until(d -> d.findElement(By.cssSelector("[data-assignee]")).getText().equals("Erik Employee"));

            staff.driver().findElement(By.cssSelector("input[name=internal][value='1']")).click();
            assertThat(staff.driver().findElement(By.cssSelector("[data-send-reply]")).getText()).isEqualTo("Add internal note");
            staff.driver().findElement(By.id("composer-text")).sendKeys("Secret: FPM pool exhausted");
            staff.driver().findElement(By.cssSelector("[data-send-reply]")).click();
            staff.await().until(d -> d.findElements(By.cssSelector(".message--note")).size() == 1);
            assertThat(staff.driver().findElement(By.cssSelector(".message--note")).getText())
                    .containsIgnoringCase("Internal note").contains("Secret: FPM pool exhausted");

            staff.driver().findElement(By.cssSelector("input[name=internal][value='0']")).click();
            staff.driver().findElement(By.id("composer-text")).sendKeys("We restarted PHP-FPM, please check.");
            staff.driver().findElement(By.cssSelector("[data-send-reply]")).click();
            staff.await().until(d -> d.findElement(By.id("timeline")).getText().contains("We restarted PHP-FPM"));
            staff.assertNoSeriousViolations();

            // the customer's page, never reloaded, shows the reply (stream → timeline fragment) and never the note
            customer.script("window.__notReloaded = true");
            customer.await().until(d -> d.findElement(By.id("timeline")).getText().contains("We restarted PHP-FPM"));
            assertThat(customer.script("return window.__notReloaded")).isEqualTo(true);
            // the status badge came along (out-of-band swap of the same fragment)
            customer.await().until(d -> d.findElement(By.id("conversation-status")).getText().equals("Answered — waiting for you"));
            assertThat(customer.driver().getPageSource()).doesNotContain("FPM pool exhausted");
            assertThat(customer.number("return document.querySelectorAll('img[src=\"x\"]').length")).isZero();
            customer.assertNoSeriousViolations();

            if ("1".equals(System.getenv("PARLEY_SCREENSHOTS"))) {
                Path dir = Path.of(System.getProperty("user.dir")).resolveSibling("docs").resolve("screenshots");
                Files.createDirectories(dir);
                Files.copy(customer.driver().getScreenshotAs(OutputType.FILE).toPath(), dir.resolve("conversation-customer.png"),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.copy(staff.driver().getScreenshotAs(OutputType.FILE).toPath(), dir.resolve("conversation-staff.png"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
