package dev.parley.api;

import dev.parley.testing.Browser;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /docs} in real Chromium: Swagger UI loads under the page's CSP from Parley's own files,
 * reads {@code /openapi.json} and lists the operations (mittwald's and Parley's extensions),
 * with no error or warning on the console.
 */
class ApiDocsBrowserTest {
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
    void docsRenderTheOperationListWithoutConsoleErrors() {
        try (Browser browser = Browser.desktop()) {
            browser.go(server.baseUrl() + "/docs");
            browser.await().withMessage("Swagger UI to list the operations")
                    .until(d -> d.findElements(By.cssSelector(".opblock")).size() >= 20);
            String text = browser.driver().findElement(By.id("swagger-ui")).getText();
            assertThat(text).contains("Parley API", "/v2/conversations/{conversationId}", "Get a support conversation.",
                    "Request a file upload token for the conversation.", "/v2/events");
            assertThat(browser.script("return document.querySelector('.servers select option') ? "
                    + "document.querySelector('.servers select option').value : ''")).isEqualTo(server.baseUrl());
            browser.assertNoConsoleErrors();
        }
    }
}
