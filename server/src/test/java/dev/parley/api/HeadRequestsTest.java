package dev.parley.api;

import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.RawHttp;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HEAD on a contract GET operation is that GET without its body: the same pipeline, so the same
 * status, the same headers (the body's length included) and a token spent from the same bucket.
 * Javalin left to itself answered HEAD on any GET route with an empty 200 without running it, so
 * a request without a token, or for a conversation nobody may see, got 200. Each GET twin is sent
 * with {@link ApiClient}, which checks it against the contract.
 *
 * <p>Inputs tried with HEAD: no token, an unknown token, {@code Basic} credentials (401); a
 * conversation of another customer, an unknown id (404); a malformed id, {@code skip=-1},
 * {@code limit=abc} (400); the list, a conversation, its messages, a category (200, the GET's
 * length); a spent budget (429).
 */
class HeadRequestsTest {
    static TestServer server;
    static String conversation;
    static String owner;

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.rateLimit(1_000, Duration.ofDays(1)));
        owner = server.user("customer-owner").token();
        conversation = server.client().newConversation(owner, Map.of("title", "Heads", "messageContent", "and tails",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp.Answer head(String target, String... headers) {
        RawHttp.Answer answer = RawHttp.send(server.baseUrl(), "HEAD", target, List.of(headers), null);
        assertThat(answer.body()).as("HEAD " + target + ": no body").isEmpty();
        return answer;
    }

    @Test
    void headAnswersAsItsGetWithoutTheBody() {
        ApiClient api = server.client();
        String category = api.listCategories(owner).assertStatus(200).json().get(0).path("categoryId").asText();
        Map<String, ApiResponse> gets = Map.of(
                "/v2/conversations", api.listConversations(owner, "").assertStatus(200),
                "/v2/conversations/" + conversation, api.getConversation(owner, conversation).assertStatus(200),
                "/v2/conversations/" + conversation + "/messages", api.listMessages(owner, conversation).assertStatus(200),
                "/v2/conversation-categories/" + category, api.getCategory(owner, category).assertStatus(200));
        gets.forEach((target, get) -> {
            RawHttp.Answer head = head(target, "Authorization: Bearer " + owner);
            assertThat(head.status()).as(target).isEqualTo(200);
            assertThat(head.header("Content-Length")).as(target + ": the GET's length")
                    .isEqualTo(String.valueOf(get.body().length));
            assertThat(head.header("Content-Type")).as(target).isEqualTo(get.header("Content-Type"));
            assertThat(head.header("X-Ratelimit-Limit")).as(target + ": rate limited").isEqualTo("1000");
            assertThat(head.header("X-Request-Id")).as(target).isNotBlank();
        });
        // the list's pagination headers too
        assertThat(head("/v2/conversations", "Authorization: Bearer " + owner).header("X-Pagination-TotalCount"))
                .isEqualTo(gets.get("/v2/conversations").header("X-Pagination-TotalCount"));
    }

    @Test
    void headIsRefusedAsItsGetIs() {
        ApiClient api = server.client();
        String path = "/v2/conversations/" + conversation;
        String outsider = server.user("outsider").token();
        // the GET twins, checked against the contract
        api.getConversation("not-a-token", conversation).assertError(401, "Unauthorized");
        api.getConversation(outsider, conversation).assertError(404, "NotFound");
        api.listConversations(owner, "limit=abc").assertError(400, "ValidationError");
        api.listConversations(owner, "skip=-1").assertError(400, "ValidationError");

        assertThat(head(path).status()).as("no token").isEqualTo(401);
        assertThat(head(path, "Authorization: Bearer not-a-token").status()).as("unknown token").isEqualTo(401);
        assertThat(head(path, "Authorization: Basic dXNlcjpwYXNz").status()).as("Basic").isEqualTo(401);
        assertThat(head(path, "Authorization: Bearer " + outsider).status()).as("another customer's").isEqualTo(404);
        assertThat(head("/v2/conversations/00000000-0000-4000-8000-000000000000", "Authorization: Bearer " + owner)
                .status()).as("unknown id").isEqualTo(404);
        assertThat(head("/v2/conversations/not-an-id", "Authorization: Bearer " + owner).status())
                .as("malformed id").isIn(400, 404);
        assertThat(head("/v2/conversations?skip=-1", "Authorization: Bearer " + owner).status()).isEqualTo(400);
        assertThat(head("/v2/conversations?limit=abc", "Authorization: Bearer " + owner).status()).isEqualTo(400);
    }

    @Test
    void headSpendsTheGetsBudget() {
        try (TestServer small = TestServer.start(b -> b.rateLimit(2, Duration.ofDays(1)))) {
            String token = small.user("customer-owner").token();
            List<String> auth = List.of("Authorization: Bearer " + token);
            RawHttp.Answer first = RawHttp.send(small.baseUrl(), "HEAD", "/v2/conversations", auth, null);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("X-Ratelimit-Remaining")).isEqualTo("1");
            small.client().listConversations(token, "").assertStatus(200);
            RawHttp.Answer refused = RawHttp.send(small.baseUrl(), "HEAD", "/v2/conversations", auth, null);
            assertThat(refused.status()).as("the budget spent by a HEAD and a GET").isEqualTo(429);
            assertThat(refused.header("Retry-After")).isNotBlank();
        }
    }
}
