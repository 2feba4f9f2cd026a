package dev.parley.search;

import dev.parley.conversation.SearchCounts;
import dev.parley.conversation.SearchIndex;
import dev.parley.storage.Engine;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search's total is exact up to {@link SearchCounts#CAP} and reported as the cap above it, on
 * both engines (Lucene or SQL answering); pages past the cap are still answered; a list without
 * a search counts exactly; and Parley's /openapi.json says so. The store gets CAP + 50
 * conversations with one shared word, written in SQL (quicker than the API).
 */
class SearchCountCapTest {
    private static final int N = SearchCounts.CAP + 50;
    private static TestServer server;
    private static ApiClient api;
    private static String owner;
    private static String employee;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        String ownerId = server.user("customer-owner").userId();
        String customer = server.demoCustomerId();
        server.parley().database().write(h -> {
            Engine engine = Engine.of(h);
            PreparedBatch conversations = h.prepareBatch("""
                    INSERT INTO conversations (conversation_id, short_id, title, status, created_at, created_by, main_user_id,
                        shared_aggregate, shared_id, sort_at)
                    VALUES (:id, :short, :title, 'open', :at, :user, :user, 'customer', :customer, :at)""");
            PreparedBatch rows = h.prepareBatch(
                    "INSERT INTO search_index (conversation_id, entry_id, internal, body) VALUES (:id, NULL, 0, :body)");
            for (int i = 0; i < N; i++) {
                String id = UUID.nameUUIDFromBytes(("cap" + i).getBytes()).toString();
                String shortId = String.format("CAP%05d", i);
                String title = "Capped question number" + i;
                conversations.bind("id", id).bind("short", shortId).bind("title", title).bind("at", 1_000_000L + i)
                        .bind("user", ownerId).bind("customer", customer).add();
                rows.bind("id", id).bind("body", SearchIndex.body(engine, title + " " + shortId)).add();
            }
            conversations.execute();
            rows.execute();
            return null;
        });
        server.restart(); // the Lucene index sees another number of conversations and is built anew
        api = server.client();
        owner = server.user("customer-owner").token();
        employee = server.user("employee").token();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static ApiResponse search(String token, String query) {
        return api.listConversations(token, query).assertStatus(200);
    }

    @Test
    void aSearchOverTheCapReportsTheCapAndAnswersEveryPage() {
        for (String token : new String[] {owner, employee}) {
            ApiResponse first = search(token, "fullTextSearch=capped&limit=100");
            assertThat(first.header("X-Pagination-TotalCount")).isEqualTo(String.valueOf(SearchCounts.CAP));
            assertThat(first.json().size()).isEqualTo(100);
            // newest first: the last inserted (latest sort_at) leads
            assertThat(first.json().get(0).path("shortId").asText()).isEqualTo(String.format("CAP%05d", N - 1));
            // pages near and past the cap are answered in full, with the capped total
            ApiResponse middle = search(token, "fullTextSearch=capped&limit=100&skip=" + (N - 130));
            assertThat(middle.header("X-Pagination-TotalCount")).isEqualTo(String.valueOf(SearchCounts.CAP));
            assertThat(middle.json().size()).isEqualTo(100);
            assertThat(middle.json().get(0).path("shortId").asText()).isEqualTo(String.format("CAP%05d", 129));
            ApiResponse past = search(token, "fullTextSearch=capped&limit=100&skip=" + (N - 30));
            assertThat(past.header("X-Pagination-TotalCount")).isEqualTo(String.valueOf(SearchCounts.CAP));
            assertThat(past.json().size()).isEqualTo(30);
            assertThat(past.json().get(29).path("shortId").asText()).isEqualTo("CAP00000");
        }
    }

    @Test
    void belowTheCapTheTotalIsExact() {
        // "number1*" is a prefix: number1, number10…number19, number100…number199, number1000…number1049
        ApiResponse r = search(owner, "fullTextSearch=number1&limit=5");
        assertThat(r.header("X-Pagination-TotalCount")).isEqualTo(String.valueOf(1 + 10 + 100 + 50));
        ApiResponse phrase = search(employee, "fullTextSearch=" + java.net.URLEncoder.encode("\"question number77\"",
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(phrase.header("X-Pagination-TotalCount")).isEqualTo("1");
    }

    @Test
    void aListWithoutASearchCountsExactly() {
        ApiResponse r = search(employee, "limit=1");
        assertThat(Long.parseLong(r.header("X-Pagination-TotalCount"))).isGreaterThanOrEqualTo(N);
    }

    @Test
    void parleysOpenApiDocumentSaysSo() throws Exception {
        HttpResponse<String> doc = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(doc.body()).contains("with fullTextSearch, exact up to " + SearchCounts.CAP + " matches");
    }
}
