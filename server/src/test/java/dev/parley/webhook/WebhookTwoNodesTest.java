package dev.parley.webhook;

import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.testing.ApiClient;
import dev.parley.testing.CliCapture;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.parley.webhook.WebhookReceiver.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL database, both sending: every event reaches the hook exactly once
 * (one 2xx per {@code webhook-id}), retried failures included, and in order per conversation.
 */
class WebhookTwoNodesTest {

    @Test
    void twoNodesDeliverEachEventOnceInOrderPerConversation() throws Exception {
        Assumptions.assumeTrue(TestDatabase.isPostgresql(), "several nodes share one PostgreSQL; SQLite has one node");
        WebhookSettings settings = WebhookSettings.defaults().withAllowPrivate(List.of("127.0.0.1"))
                .withRetries(Duration.ofMillis(50), Duration.ofMillis(200), WebhookSettings.DEFAULT_RETRY_FOR)
                .withPoll(Duration.ofMillis(100));
        try (WebhookReceiver receiver = new WebhookReceiver();
             TestServer first = TestServer.start(b -> b.webhooks(settings))) {
            Path dir = Files.createTempDirectory("parley-second-node");
            try (Parley second = Parley.start(ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(dir)
                    .databaseUrl(first.databaseUrl()).rateLimit(1_000_000, Duration.ofMinutes(1))
                    .authFailureLimit(1_000_000).webhooks(settings).build())) {
                CliCapture.Result added = CliCapture.run(List.of("admin", "webhook", "add", "--url", receiver.url("/both"),
                        "--webhook-allow-private", "127.0.0.1", "--data-dir", first.dataDir().toString(),
                        "--database-url", first.databaseUrl()));
                assertThat(added.exitCode()).as(added.err()).isZero();
                receiver.secret("/both", added.out().strip().split("\n")[1].strip());
                receiver.delay("/both", 15);
                receiver.answer("/both", n -> n % 4 == 0 ? 503 : 200); // every fourth request fails

                List<ApiClient> nodes = List.of(first.client(), new ApiClient("http://127.0.0.1:" + second.port()));
                String owner = first.user("customer-owner").token();
                Map<String, List<String>> sent = new HashMap<>();
                for (int i = 0; i < 6; i++) {
                    String c = nodes.get(i % 2).newConversation(owner, Map.of("title", "Two nodes " + i));
                    List<String> contents = new ArrayList<>();
                    for (int m = 0; m < 4; m++) {
                        String content = "conversation " + i + " message " + m;
                        nodes.get((i + m) % 2).createMessage(owner, c, Map.of("messageContent", content)).assertStatus(201);
                        contents.add(content);
                    }
                    sent.put(c, contents);
                }

                int expected = sent.size() * 5;
                await(Duration.ofSeconds(120), expected + " events accepted",
                        () -> receiver.at("/both").stream().filter(r -> r.answered() == 200).count() >= expected);
                Thread.sleep(500); // a second delivery, were there one, would arrive meanwhile
                List<WebhookReceiver.Received> all = receiver.at("/both");
                List<WebhookReceiver.Received> accepted = all.stream().filter(r -> r.answered() == 200).toList();
                assertThat(accepted).hasSize(expected);
                Map<String, Long> perId = accepted.stream()
                        .collect(Collectors.groupingBy(WebhookReceiver.Received::webhookId, Collectors.counting()));
                assertThat(perId).hasSize(expected).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
                assertThat(all).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());
                assertThat(all.size()).as("some attempts failed and were retried").isGreaterThan(expected);
                for (Map.Entry<String, List<String>> e : sent.entrySet()) {
                    List<WebhookReceiver.Received> mine = receiver.at("/both", e.getKey()).stream()
                            .filter(r -> r.answered() == 200).toList();
                    assertThat(mine.get(0).type()).isEqualTo("conversation.created");
                    assertThat(mine.subList(1, mine.size()).stream().map(r -> r.json().at("/data/message/messageContent").asText()))
                            .containsExactlyElementsOf(e.getValue());
                }
            }
        }
    }
}
