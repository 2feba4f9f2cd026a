package dev.parley.ops;

import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /metrics}: Prometheus text with the request timer per contract operation, route
 * template and status, the JVM, the pools, the caches, the outboxes, the event log and rate-limit
 * refusals; with {@code --metrics-token} only for {@code Authorization: Bearer <token>} (tried:
 * none, a wrong token, the token without "Bearer", the right one); with {@code --metrics-port}
 * only on that port. Bad paths and methods on the metrics port: /other (404), POST (405).
 */
class MetricsTest {

    @Test
    void requestsAreCountedPerOperationAndStatusBesideJvmPoolCacheAndOutboxMetrics() {
        try (TestServer server = TestServer.start(b -> b.rateLimit(20, Duration.ofMinutes(10)))) {
            ApiClient api = server.client();
            String token = server.user("customer-owner").token();
            String id = api.newConversation(token, Map.of("title", "Counted", "messageContent", "first"));
            api.getConversation(token, id).assertStatus(200);
            api.getConversation(token, id).assertStatus(200);
            api.getConversation(token, "00000000-0000-4000-8000-000000000000").assertStatus(404);
            // the rest of the budget of 20, then refusals
            int refused = 0;
            for (int i = 0; i < 25; i++) {
                if (api.listCategories(token).status() == 429) {
                    refused++;
                }
            }
            assertThat(refused).isPositive();

            ApiResponse metrics = OpsHttp.get(server.baseUrl(), "/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            String text = metrics.text();
            assertThat(text)
                    .contains("parley_http_requests_seconds_count{method=\"GET\",operation=\"conversation-get-conversation\","
                            + "route=\"/v2/conversations/{conversationId}\",status=\"200\"} 2")
                    .contains("parley_http_requests_seconds_count{method=\"GET\",operation=\"conversation-get-conversation\","
                            + "route=\"/v2/conversations/{conversationId}\",status=\"404\"} 1")
                    .contains("parley_http_requests_seconds_bucket{method=\"GET\",operation=\"conversation-get-conversation\"")
                    .contains("operation=\"conversation-create-conversation\"")
                    .doesNotContain(id);
            assertThat(text).contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads")
                    .contains("jvm_gc_").contains("hikaricp_connections_active");
            assertThat(text).contains("parley_cache_requests_total{cache=\"conversation\",result=\"hit\"}")
                    .contains("parley_cache_requests_total{cache=\"caller\",result=\"miss\"}")
                    .contains("parley_cache_hit_ratio{cache=\"list-page\"}");
            assertThat(text).contains("parley_outbox_pending{outbox=\"webhook\"} 0.0")
                    .contains("parley_outbox_oldest_due_seconds{outbox=\"mail\"} 0.0");
            assertThat(text).contains("parley_events_applied_position").contains("parley_events_lag_events");
            assertThat(value(text, "parley_events_head_position")).isPositive();
            assertThat(value(text, "parley_ratelimit_refusals_total")).isEqualTo(refused);
            if (!TestDatabase.isPostgresql()) {
                assertThat(value(text, "parley_storage_group_commit_batch_writes_count")).as("SQLite group commit").isPositive();
            }
        }
    }

    @Test
    void tokenIsRequiredWhenConfigured() {
        try (TestServer server = TestServer.start(b -> b.operations(new OperationsSettings(null, "s3cret-scrape")))) {
            assertThat(OpsHttp.get(server.baseUrl(), "/metrics").status()).isEqualTo(401);
            assertThat(OpsHttp.get(server.baseUrl(), "/metrics", Map.of("Authorization", "Bearer wrong")).status())
                    .isEqualTo(401);
            assertThat(OpsHttp.get(server.baseUrl(), "/metrics", Map.of("Authorization", "s3cret-scrape")).status())
                    .isEqualTo(401);
            ApiResponse ok = OpsHttp.get(server.baseUrl(), "/metrics", Map.of("Authorization", "Bearer s3cret-scrape"));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.text()).contains("jvm_memory_used_bytes");
            assertThat(OpsHttp.get(server.baseUrl(), "/healthz").status()).as("health needs no token").isEqualTo(200);
        }
    }

    @Test
    void ownPortServesMetricsAndTheMainPortDoesNot() {
        try (TestServer server = TestServer.start(b -> b.operations(new OperationsSettings(0, "port-token")))) {
            int port = server.parley().operations().metricsPort();
            assertThat(port).isPositive().isNotEqualTo(server.parley().port());
            String own = "http://127.0.0.1:" + port;
            assertThat(OpsHttp.get(server.baseUrl(), "/metrics", Map.of("Authorization", "Bearer port-token")).status())
                    .as("not on the main port").isEqualTo(404);
            assertThat(OpsHttp.get(own, "/metrics").status()).isEqualTo(401);
            assertThat(OpsHttp.get(own, "/other", Map.of("Authorization", "Bearer port-token")).status()).isEqualTo(404);
            ApiResponse post = new ApiClient(own).call(null, "POST", "/metrics")
                    .header("Authorization", "Bearer port-token").raw("text/plain", new byte[]{1}).sendUnchecked();
            assertThat(post.status()).isEqualTo(405);
            server.client().listCategories(server.user("customer-owner").token()).assertStatus(200);
            ApiResponse ok = OpsHttp.get(own, "/metrics", Map.of("Authorization", "Bearer port-token"));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.text()).contains("operation=\"conversation-list-categories\"").contains("jvm_memory_used_bytes");
        }
    }

    /** The value of an unlabelled series in the scrape. */
    private static double value(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).trim()))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing"));
    }
}
