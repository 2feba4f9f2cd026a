package dev.parley.desk;

import dev.parley.testing.Browser;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The foundation in a real browser: {@code /} leads to the sign-in page (the layout's frame);
 * the page loads its assets under the
 * CSP without a console error, passes axe-core, fits 360 px, and the language switch works.
 */
class DeskFoundationBrowserTest {
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

    @Test
    void rootLeadsToSignInWhosePageIsCleanAccessibleAndSwitchesLanguage() throws Exception {
        try (Browser browser = Browser.desktop()) {
            browser.go(server.baseUrl() + "/");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/sign-in");
            // the CSP header is on the page the browser got (checked over HTTP: WebDriver hides headers)
            HttpResponse<Void> head = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(browser.driver().getCurrentUrl())).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(head.headers().firstValue("Content-Security-Policy")).hasValue(Pages.CONTENT_SECURITY_POLICY);

            String lang = browser.driver().findElement(By.tagName("html")).getAttribute("lang");
            assertThat(lang).isEqualTo("en");
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
            // the stylesheet and scripts loaded (CSP allows self): htmx defined, desk.css applied
            assertThat(browser.script("return typeof htmx")).isEqualTo("object");
            assertThat(browser.script("return getComputedStyle(document.querySelector('.skip-link')).position")).isEqualTo("absolute");
            browser.assertNoConsoleErrors();
            browser.assertNoSeriousViolations();

            // keyboard: the first Tab reaches the skip link, which is visible when focused
            browser.driver().findElement(By.tagName("body")).sendKeys(Keys.TAB);
            WebElement focused = browser.driver().switchTo().activeElement();
            assertThat(focused.getAttribute("class")).contains("skip-link");
            assertThat(focused.getRect().getY()).isGreaterThanOrEqualTo(0);

            // switch to German and back: the same page, now in German
            browser.driver().findElement(By.cssSelector(".lang-switch a[lang='de']")).click();
            browser.awaitHeading("Anmelden");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/sign-in");
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
            browser.assertNoConsoleErrors();
            browser.assertNoSeriousViolations();
            browser.driver().findElement(By.cssSelector(".lang-switch a[lang='en']")).click();
            browser.await().until(d -> "en".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        }
    }

    @Test
    void onAPhoneNothingScrollsSideways() {
        try (Browser browser = Browser.phone()) {
            browser.go(server.baseUrl() + "/conversations/does-not-exist");
            assertThat(browser.number("return window.innerWidth")).isEqualTo(360);
            browser.assertNoHorizontalScroll();
            browser.assertNoConsoleErrors();
            browser.assertNoSeriousViolations();
        }
    }
}
