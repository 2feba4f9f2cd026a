package dev.parley.client;

import dev.parley.client.error.MittwaldConnectionException;
import dev.parley.client.error.RateLimitedException;
import dev.parley.client.error.ServerException;
import dev.parley.client.model.Category;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.model.CreateMessageRequest;
import dev.parley.client.model.ListConversationsQuery;
import dev.parley.client.testing.Clients;
import dev.parley.client.testing.RecordingProxy;
import dev.parley.client.testing.RecordingProxy.Exchange;
import dev.parley.client.testing.RecordingProxy.Fault;
import dev.parley.client.testing.TestParley;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries: 429 after Retry-After (any method), 503 and dropped connections for idempotent methods only. */
class RetryTest {
    private TestParley parley;
    private RecordingProxy proxy;
    private MittwaldClient owner;

    @BeforeEach
    void start() {
        parley = TestParley.shared();
        proxy = new RecordingProxy(parley.baseUrl());
        owner = Clients.as(parley, "customer-owner", proxy.url());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private static long millisBetween(Exchange first, Exchange second) {
        return Duration.ofNanos(second.atNanos() - first.atNanos()).toMillis();
    }

    @Test
    void a429IsSentAgainAfterItsRetryAfter() {
        proxy.inject(Fault.rateLimited(RecordingProxy.any(), "1"));

        List<Category> categories = owner.conversation().listCategories();

        assertThat(categories).isNotEmpty();
        List<Exchange> seen = proxy.exchanges();
        assertThat(seen).extracting(Exchange::status).containsExactly(429, 200);
        assertThat(seen.get(0).injected()).isTrue();
        assertThat(millisBetween(seen.get(0), seen.get(1))).isGreaterThanOrEqualTo(950);
    }

    @Test
    void a429IsRetriedForAPostTooSinceTheServerDidNotActOnIt() {
        Category general = Clients.category(owner, "general");
        proxy.clear();
        proxy.inject(Fault.rateLimited(RecordingProxy.method("POST"), "1"));

        String id = owner.conversation().createConversation(CreateConversationRequest.of("retried", general.categoryId()))
                .conversationId();

        assertThat(proxy.exchanges()).extracting(Exchange::method, Exchange::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", 429), org.assertj.core.groups.Tuple.tuple("POST", 201));
        assertThat(proxy.exchanges().get(1).body()).isEqualTo(proxy.exchanges().get(0).body());
        assertThat(owner.conversation().getConversation(id).title()).isEqualTo("retried");
    }

    @Test
    void aRetryAfterLongerThanThePolicyAllowsIsThrownAtOnce() {
        proxy.inject(Fault.rateLimited(RecordingProxy.any(), "3600"));

        assertThatThrownBy(() -> owner.conversation().listCategories())
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).hasValue(Duration.ofHours(1)));
        assertThat(proxy.exchanges()).hasSize(1);
    }

    @Test
    void retriesOffSendsOnce() {
        MittwaldClient once = Clients.builder(parley, "customer-owner", proxy.url()).retries(false).build();
        proxy.inject(Fault.rateLimited(RecordingProxy.any(), "1"));

        assertThatThrownBy(() -> once.conversation().listCategories()).isInstanceOf(RateLimitedException.class);
        assertThat(proxy.exchanges()).hasSize(1);
    }

    @Test
    void aDroppedConnectionIsRetriedForAnIdempotentRequest() {
        proxy.inject(Fault.drop(RecordingProxy.any()));
        proxy.inject(Fault.drop(RecordingProxy.any()));

        List<Category> categories = owner.conversation().listCategories();

        assertThat(categories).isNotEmpty();
        assertThat(proxy.exchanges()).extracting(Exchange::status).containsExactly(Fault.DROP, Fault.DROP, 200);
    }

    @Test
    void aDroppedConnectionIsNotRetriedForAPost() {
        String id = owner.conversation().createConversation(CreateConversationRequest.of("drop",
                Clients.category(owner, "general").categoryId())).conversationId();
        int before = proxy.exchanges().size();
        proxy.inject(Fault.drop(RecordingProxy.method("POST")));

        assertThatThrownBy(() -> owner.conversation().createMessage(id, CreateMessageRequest.text("lost?")))
                .isInstanceOf(MittwaldConnectionException.class);

        assertThat(proxy.exchangesSince(before)).extracting(Exchange::status).containsExactly(Fault.DROP);
    }

    @Test
    void a503IsRetriedForAGetButNotForAPost() {
        String id = owner.conversation().createConversation(CreateConversationRequest.of("unavailable",
                Clients.category(owner, "general").categoryId())).conversationId();
        String body = "{\"type\":\"ServiceUnavailable\",\"message\":\"The database is unavailable; try again shortly\"}";
        int before = proxy.exchanges().size();
        proxy.inject(new Fault(RecordingProxy.method("GET"), 503, Map.of("Retry-After", "1"), body));

        assertThat(owner.conversation().getConversation(id).title()).isEqualTo("unavailable");
        assertThat(proxy.exchangesSince(before)).extracting(Exchange::status).containsExactly(503, 200);

        before = proxy.exchanges().size();
        proxy.inject(new Fault(RecordingProxy.method("POST"), 503, Map.of("Retry-After", "1"), body));
        assertThatThrownBy(() -> owner.conversation().createMessage(id, CreateMessageRequest.text("not twice")))
                .isInstanceOf(ServerException.class);
        assertThat(proxy.exchangesSince(before)).extracting(Exchange::status).containsExactly(503);
    }

    @Test
    void anUploadFromAFileIsRetriedOnA429ButOneFromAStreamIsNot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String id = owner.conversation().createConversation(CreateConversationRequest.of("uploads",
                Clients.category(owner, "general").categoryId())).conversationId();
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("retried.txt"), "sent twice\n");
        int before = proxy.exchanges().size();
        proxy.inject(Fault.rateLimited(e -> e.getRequestURI().getPath().equals("/v2/files"), "1"));

        assertThat(owner.file().createFile(owner.conversation().requestFileUpload(id).uploadToken(), file).name())
                .isEqualTo("retried.txt");
        List<Exchange> uploads = proxy.exchangesSince(before).stream().filter(e -> e.path().equals("/v2/files")).toList();
        assertThat(uploads).extracting(Exchange::status).containsExactly(429, 201);
        assertThat(uploads.get(1).body()).contains("sent twice");

        proxy.inject(Fault.rateLimited(e -> e.getRequestURI().getPath().equals("/v2/files"), "1"));
        String token = owner.conversation().requestFileUpload(id).uploadToken();
        assertThatThrownBy(() -> owner.file().createFile(token, "once.txt",
                new java.io.ByteArrayInputStream("sent once\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isInstanceOf(RateLimitedException.class);
    }

    @Test
    void parleysOwnRateLimitIsWaitedOut() {
        // two requests per two seconds, refilled one a second: the third request in a row gets a 429
        try (TestParley limited = TestParley.start(b -> b.rateLimit(2, Duration.ofSeconds(2)));
             RecordingProxy limitedProxy = new RecordingProxy(limited.baseUrl())) {
            MittwaldClient patient = Clients.as(limited, "customer-owner", limitedProxy.url());
            MittwaldClient impatient = Clients.builder(limited, "customer-member", limitedProxy.url()).retries(false).build();

            for (int i = 0; i < 5; i++) {
                assertThat(patient.conversation().listConversations(ListConversationsQuery.all()).items()).isNotNull();
            }

            List<Exchange> seen = limitedProxy.exchanges();
            assertThat(seen).filteredOn(e -> e.status() == 200).hasSize(5);
            assertThat(seen).filteredOn(e -> e.status() == 429).isNotEmpty().allSatisfy(e -> {
                assertThat(e.injected()).isFalse();
                assertThat(Long.parseLong(e.responseHeader("retry-after"))).isPositive();
            });
            for (int i = 0; i + 1 < seen.size(); i++) {
                if (seen.get(i).status() == 429) {
                    long asked = Long.parseLong(seen.get(i).responseHeader("retry-after")) * 1000;
                    assertThat(millisBetween(seen.get(i), seen.get(i + 1))).isGreaterThanOrEqualTo(asked - 50);
                }
            }

            assertThatThrownBy(() -> {
                for (int i = 0; i < 5; i++) {
                    impatient.conversation().listConversations(ListConversationsQuery.all());
                }
            }).isInstanceOfSatisfying(RateLimitedException.class, e -> {
                assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
                assertThat(e.headers().firstValue("X-Ratelimit-Limit")).hasValue("2");
            });
        }
    }
}
