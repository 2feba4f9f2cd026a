package dev.parley.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /healthz} and {@code GET /readyz}: 200 with every check named when all is well; no
 * token and no rate limit; 503 naming the database when its pool is gone (on both engines); on
 * PostgreSQL 503 naming the event listener when it has stopped.
 */
class HealthTest {

    @Test
    void healthyNodeAnswersOkWithEveryCheckNamedWithoutTokenOrRateLimit() {
        // a budget of 2 requests: probes must not spend it nor be refused by it
        try (TestServer server = TestServer.start(b -> b.rateLimit(2, Duration.ofMinutes(10)))) {
            ApiResponse health = OpsHttp.get(server.baseUrl(), "/healthz");
            assertThat(health.status()).isEqualTo(200);
            assertThat(OpsHttp.json(health).path("status").asText()).isEqualTo("ok");
            assertThat(health.header("Content-Type")).startsWith("application/json");

            ApiResponse ready = OpsHttp.await(server.baseUrl(), "/readyz", r -> r.status() == 200);
            JsonNode body = OpsHttp.json(ready);
            assertThat(ready.status()).as(ready.text()).isEqualTo(200);
            assertThat(body.path("status").asText()).isEqualTo("ok");
            JsonNode checks = body.path("checks");
            assertThat(checks.path("database").asText()).isEqualTo("ok");
            assertThat(checks.path("schema").asText()).isEqualTo("ok");
            assertThat(checks.path("webhookOutbox").asText()).isEqualTo("ok");
            assertThat(checks.path("mailOutbox").asText()).as("no --smtp-url").isEqualTo("off");
            if (TestDatabase.isPostgresql()) {
                assertThat(checks.path("eventListener").asText()).isEqualTo("ok");
            } else {
                assertThat(checks.has("eventListener")).as("SQLite has no listener").isFalse();
            }

            for (int i = 0; i < 10; i++) {
                for (String path : new String[]{"/healthz", "/readyz"}) {
                    ApiResponse probe = OpsHttp.get(server.baseUrl(), path);
                    assertThat(probe.status()).as(path + " #" + i).isEqualTo(200);
                    assertThat(probe.header("X-Ratelimit-Limit")).as("not rate limited").isNull();
                }
            }
        }
    }

    @Test
    void databaseGoneIsNamedWith503WhileHealthzStillAnswers() {
        try (TestServer server = TestServer.startDemo()) {
            assertThat(OpsHttp.await(server.baseUrl(), "/readyz", r -> r.status() == 200).status()).isEqualTo(200);
            for (HikariDataSource pool : server.parley().database().pools()) {
                pool.close(); // closed again, harmlessly, when the server closes
            }
            ApiResponse ready = OpsHttp.await(server.baseUrl(), "/readyz", r -> r.status() == 503);
            assertThat(ready.status()).as(ready.text()).isEqualTo(503);
            JsonNode body = OpsHttp.json(ready);
            assertThat(body.path("status").asText()).isEqualTo("unavailable");
            assertThat(body.path("checks").path("database").asText()).isEqualTo("failed");
            assertThat(ready.text()).as("no internals in the public answer")
                    .doesNotContain("Exception").doesNotContain("jdbc:");
            assertThat(OpsHttp.get(server.baseUrl(), "/healthz").status()).as("the process still answers").isEqualTo(200);
        }
    }

    @Test
    void stoppedEventListenerIsNamedOnPostgresql() {
        if (!TestDatabase.isPostgresql()) {
            return; // SQLite has no listener: the other engine's run covers this
        }
        try (TestServer server = TestServer.startDemo()) {
            OpsHttp.await(server.baseUrl(), "/readyz", r -> r.status() == 200);
            server.parley().operations().eventListener().orElseThrow().close();
            ApiResponse ready = OpsHttp.await(server.baseUrl(), "/readyz", r -> r.status() == 503);
            assertThat(ready.status()).as(ready.text()).isEqualTo(503);
            JsonNode checks = OpsHttp.json(ready).path("checks");
            assertThat(checks.path("eventListener").asText()).contains("not connected");
            assertThat(checks.path("database").asText()).isEqualTo("ok");
        }
    }
}
