package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes ({@code ETag} / {@code if-event-reached}), authentication, and rate limits
 * (on a second server with a budget of 5 requests a minute).
 */
class ConsistencyAndLimitsTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String employee;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        employee = server.user("employee").token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long etag(ApiResponse r) {
        String etag = r.header("ETag");
        assertThat(etag).as("ETag of %s", r.request()).matches("\"\\d+\"");
        return Long.parseLong(etag.substring(1, etag.length() - 1));
    }

    // ---- ETag and if-event-reached ------------------------------------------------------------

    @Test
    void everyMutationAnswersAnIncreasingETag() {
        List<Long> positions = new ArrayList<>();
        ApiResponse created = api.createConversation(owner, Map.of("title", "ETags", "messageContent", "one"));
        created.assertStatus(201);
        positions.add(etag(created));
        String id = created.json().path("conversationId").asText();

        ApiResponse message = api.createMessage(owner, id, Map.of("messageContent", "two")).assertStatus(201);
        positions.add(etag(message));
        String messageId = message.json().path("messageId").asText();
        positions.add(etag(api.updateMessage(owner, id, messageId, Map.of("messageContent", "two, edited")).assertStatus(200)));
        positions.add(etag(api.updateConversation(owner, id, Map.of("title", "ETags, renamed")).assertStatus(200)));
        positions.add(etag(api.setStatus(owner, id, "closed").assertStatus(200)));
        positions.add(etag(api.createMessage(employee, id, Map.of("messageContent", "note", "internal", true)).assertStatus(201)));

        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(positions.get(0)).isPositive();
        // reads answer no ETag of an event
        assertThat(api.getConversation(owner, id).assertStatus(200).header("ETag")).isNull();
    }

    @Test
    void aReadThatWaitsForItsWriteSeesIt() {
        ApiResponse created = api.createConversation(owner, Map.of("title", "Read your writes"));
        String id = created.json().path("conversationId").asText();
        ApiResponse renamed = api.updateConversation(owner, id, Map.of("title", "Read your writes, renamed"));
        String etag = renamed.header("ETag");

        ApiResponse read = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id)
                .token(owner).header("if-event-reached", etag).send();
        read.assertStatus(200);
        assertThat(read.json().path("title").asText()).isEqualTo("Read your writes, renamed");

        // the SDK may send it without quotes too
        String bare = etag.substring(1, etag.length() - 1);
        ApiResponse message = api.createMessage(owner, id, Map.of("messageContent", "visible at once"));
        String messageEtag = message.header("ETag");
        JsonNode timeline = api.call("conversation-list-messages-by-conversation", "GET", "/v2/conversations/" + id + "/messages")
                .token(owner).header("if-event-reached", messageEtag.substring(1, messageEtag.length() - 1)).send()
                .assertStatus(200).json();
        assertThat(timeline.findValuesAsText("messageContent")).contains("visible at once");
        JsonNode list = api.call("conversation-list-conversations", "GET", "/v2/conversations")
                .token(owner).header("if-event-reached", bare).send().assertStatus(200).json();
        assertThat(list.findValuesAsText("conversationId")).contains(id);
    }

    @Test
    void anEventFarInTheFutureIs412() {
        ApiResponse r = api.call("conversation-list-conversations", "GET", "/v2/conversations")
                .token(owner).header("if-event-reached", "\"999999999\"").send();
        r.assertError(412, "PreconditionFailed");
        assertThat(r.json().path("message").asText()).isNotBlank();
        // api/IfEventReachedTest: at once, under a flood, and for writes made elsewhere
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "\"\"", "1.5", "0x10", "99999999999999999999999"})
    void aMalformedIfEventReachedIs400(String value) {
        ApiResponse r = api.call("conversation-list-conversations", "GET", "/v2/conversations")
                .token(owner).header("if-event-reached", value).send();
        r.assertError(400, "ValidationError");
        assertThat(r.json().path("validationErrors").get(0).path("type").asText()).isEqualTo("format");
    }

    // ---- authentication -----------------------------------------------------------------------

    @Test
    void aMissingOrUnknownTokenIs401() {
        api.listConversations(null, null).assertError(401, "Unauthorized");
        api.listConversations("parley_notAToken", null).assertError(401, "Unauthorized");
        api.call("conversation-list-conversations", "GET", "/v2/conversations").header("Authorization", "Bearer ").send()
                .assertError(401, "Unauthorized");
        api.call("conversation-list-conversations", "GET", "/v2/conversations").header("X-Access-Token", "x".repeat(600)).send()
                .assertError(401, "Unauthorized");
        api.getConversation(null, UUID.randomUUID().toString()).assertError(401, "Unauthorized");
        api.createConversation(null, Map.of("title", "anonymous")).assertError(401, "Unauthorized");
    }

    @Test
    void bearerAndXAccessTokenBothWork() {
        String userId = server.user("customer-owner").userId();
        String id = api.newConversation(owner, Map.of("title", "Token styles"));
        for (Map.Entry<String, String> header : List.of(
                Map.entry("Authorization", "Bearer " + owner),
                Map.entry("Authorization", "bearer " + owner),
                Map.entry("Authorization", owner),
                Map.entry("X-Access-Token", owner))) {
            ApiResponse r = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id)
                    .header(header.getKey(), header.getValue()).send();
            r.assertStatus(200);
            assertThat(r.json().path("createdBy").path("userId").asText()).as(header.getKey()).isEqualTo(userId);
        }
    }

    @Test
    void publicOperationsAnswerWithoutAToken() {
        JsonNode categories = api.listCategories(null).assertStatus(200).json();
        api.getCategory(null, categories.get(0).path("categoryId").asText()).assertStatus(200);
        ApiResponse rules = api.call("file-get-file-upload-type-rules", "GET", "/v2/file-upload-types/conversation/rules").send();
        rules.assertStatus(200);
        assertThat(rules.json().path("mimeTypes")).as("the conversation upload rules").isNotEmpty();
    }

    // ---- rate limits --------------------------------------------------------------------------

    @Test
    void rateLimitsAnswer429WithRetryAfterPerToken() {
        try (TestServer limited = TestServer.start(b -> b.rateLimit(5, Duration.ofMinutes(1)))) {
            ApiClient client = limited.client();
            String first = limited.user("customer-owner").token();
            String second = limited.user("customer-member").token();

            for (int i = 1; i <= 5; i++) {
                ApiResponse r = client.listConversations(first, null).assertStatus(200);
                assertThat(r.header("X-Ratelimit-Limit")).isEqualTo("5");
                assertThat(r.header("X-Ratelimit-Remaining")).isEqualTo(String.valueOf(5 - i));
                assertThat(Long.parseLong(r.header("X-Ratelimit-Reset"))).isBetween(0L, 60L);
            }
            ApiResponse limitedResponse = client.listConversations(first, null);
            limitedResponse.assertError(429, "RateLimitError");
            assertThat(limitedResponse.json().path("message").asText()).isNotBlank();
            assertThat(Long.parseLong(limitedResponse.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(limitedResponse.header("X-Ratelimit-Limit")).isEqualTo("5");
            assertThat(limitedResponse.header("X-Ratelimit-Remaining")).isEqualTo("0");
            // writes are limited by the same budget
            client.createConversation(first, Map.of("title", "too many")).assertError(429, "RateLimitError");

            // another token has its own budget
            ApiResponse other = client.listConversations(second, null).assertStatus(200);
            assertThat(other.header("X-Ratelimit-Remaining")).isEqualTo("4");
            // and so do anonymous callers of public operations
            ApiResponse anonymous = client.listCategories(null).assertStatus(200);
            assertThat(anonymous.header("X-Ratelimit-Limit")).isEqualTo("5");
        }
    }
}
