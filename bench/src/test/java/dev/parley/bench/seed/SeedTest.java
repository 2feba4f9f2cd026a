package dev.parley.bench.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small seed on each engine, checked in the database (the consistency the server keeps) and
 * through the HTTP API of an in-process Parley (what the credentials file promises).
 */
class SeedTest {
    private static final int CONVERSATIONS = 200;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    private static SeedSettings settings(long seed) {
        return new SeedSettings(CONVERSATIONS, 20, 5, seed, SeedSettings.DEFAULT_UNTIL, 1.0, 12);
    }

    private static ObjectNode seed(String url, long seed) throws Exception {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        return new Seeder(settings(seed), url, quiet, false).run().credentials();
    }

    private static String sqlite(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("parley.db").toAbsolutePath();
    }

    @Test
    void sqliteStoreIsConsistentAndServedAsTheCredentialsSay() throws Exception {
        Path dir = temp.resolve("store");
        ObjectNode credentials = seed(sqlite(dir), 7);
        assertThat(StoreChecks.violations(sqlite(dir))).isEmpty();
        checkThroughApi(credentials, dir, null);
    }

    /**
     * A SQLite store's search index is built from the generated conversations while they are
     * stored: it must hold exactly what the server's rebuild from the stored rows makes (every
     * term, document, position and doc value, in the same order), committed at the event log's
     * head, so that the server opens it as current.
     */
    @Test
    void theSearchIndexBuiltBesideTheLoadIsTheOneRebuiltFromTheStore() throws Exception {
        Path dir = temp.resolve("indexed");
        seed(sqlite(dir), 5);
        Path rebuilt = temp.resolve("rebuilt.search");
        try (dev.parley.storage.Database database = dev.parley.storage.Database.open(sqlite(dir), false, null)) {
            dev.parley.search.LuceneSearch.rebuild(database, rebuilt);
        }
        String beside = LuceneDump.of(dev.parley.search.LuceneSearch.directoryOf(dir.resolve("parley.db")));
        assertThat(beside).contains("segment of " + CONVERSATIONS + " documents").contains("position=");
        assertThat(beside).isEqualTo(LuceneDump.of(rebuilt));
    }

    @Test
    void sameSeedSameStore() throws Exception {
        ObjectNode a = seed(sqlite(temp.resolve("a")), 11);
        ObjectNode b = seed(sqlite(temp.resolve("b")), 11);
        ObjectNode c = seed(sqlite(temp.resolve("c")), 12);
        a.remove("store");
        b.remove("store");
        assertThat(b).isEqualTo(a);
        assertThat(StoreChecks.dump(sqlite(temp.resolve("b")), true)).isEqualTo(StoreChecks.dump(sqlite(temp.resolve("a")), true));
        assertThat(StoreChecks.dump(sqlite(temp.resolve("c")), true)).isNotEqualTo(StoreChecks.dump(sqlite(temp.resolve("a")), true));
    }

    @Test
    void refusesAStoreThatHoldsData() throws Exception {
        Path dir = temp.resolve("twice");
        seed(sqlite(dir), 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> seed(sqlite(dir), 1))
                .hasMessageContaining("not empty");
        assertThat(StoreChecks.violations(sqlite(dir))).isEmpty();
    }

    @Test
    void postgresqlStoreIsConsistentServedAndEqualToSqlite() throws Exception {
        String name = PostgresDatabases.create();
        try {
            String url = PostgresDatabases.url(name);
            ObjectNode credentials = seed(url, 7);
            assertThat(StoreChecks.violations(url)).isEmpty();
            // the same rows as on SQLite, search bodies aside (normalised words on PostgreSQL)
            ObjectNode onSqlite = seed(sqlite(temp.resolve("same")), 7);
            assertThat(credentials.get("users")).isEqualTo(onSqlite.get("users"));
            assertThat(credentials.get("counts")).isEqualTo(onSqlite.get("counts"));
            assertThat(credentials.get("conversations")).isEqualTo(onSqlite.get("conversations"));
            assertThat(StoreChecks.dump(url, false)).isEqualTo(StoreChecks.dump(sqlite(temp.resolve("same")), false));
            checkThroughApi(credentials, temp.resolve("pg"), url);
        } finally {
            PostgresDatabases.drop(name);
        }
    }

    private void checkThroughApi(ObjectNode credentials, Path dataDir, String databaseUrl) throws Exception {
        ParleyConfig config = ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .databaseUrl(databaseUrl).build();
        try (Parley parley = Parley.start(config)) {
            String base = "http://127.0.0.1:" + parley.port();
            JsonNode users = credentials.get("users");
            String member = users.get("biggestCustomerMember").get("token").asText();
            String median = users.get("medianCustomerMember").get("token").asText();
            String employee = users.get("employee").get("token").asText();

            assertThat(total(base, member, "")).isEqualTo(users.get("biggestCustomerMember").get("visibleConversations").asLong());
            assertThat(total(base, median, "")).isEqualTo(users.get("medianCustomerMember").get("visibleConversations").asLong());
            assertThat(total(base, employee, "")).isEqualTo(CONVERSATIONS);

            for (JsonNode c : credentials.get("conversations")) {
                String token = "biggest".equals(c.get("customer").asText()) ? member : median;
                HttpResponse<String> got = get(base, token, "/v2/conversations/" + c.get("conversationId").asText());
                assertThat(got.statusCode()).isEqualTo(200);
                assertThat(Json.MAPPER.readTree(got.body()).get("shortId").asText()).isEqualTo(c.get("shortId").asText());
                assertThat(Json.MAPPER.readTree(get(base, token, "/v2/conversations/" + c.get("conversationId").asText()
                        + "/messages").body()).size()).isEqualTo(c.get("timelineEntries").asInt());
                assertThat(Json.MAPPER.readTree(get(base, employee, "/v2/conversations/" + c.get("conversationId").asText()
                        + "/messages").body()).size()).isEqualTo(c.get("timelineEntriesForStaff").asInt());
            }

            JsonNode search = credentials.get("search");
            String id = search.get("conversationId").asText();
            for (String q : new String[]{search.get("word").asText(), "\"" + search.get("phrase").asText() + "\""}) {
                String body = get(base, member, "/v2/conversations?limit=1000&fullTextSearch="
                        + URLEncoder.encode(q, StandardCharsets.UTF_8)).body();
                assertThat(body).as("search for %s", q).contains(id);
            }

            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v2/conversations/" + id + "/messages"))
                    .header("Authorization", "Bearer " + member).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"messageContent\":\"seeded stores take new messages quuxly\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isBetween(200, 299);
            assertThat(total(base, member, "&fullTextSearch=quuxly")).isEqualTo(1);
        }
    }

    private static long total(String base, String token, String query) throws Exception {
        HttpResponse<String> r = get(base, token, "/v2/conversations?limit=1" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Long.parseLong(r.headers().firstValue("X-Pagination-TotalCount").orElseThrow());
    }

    private static HttpResponse<String> get(String base, String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
