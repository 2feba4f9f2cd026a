package dev.parley.conversation;

import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Searches larger than one search-engine query may be (Lucene allows 1,024 clauses; the SQL
 * engines have limits of their own) are answered, and answered right, on every engine: never a
 * 500. Tried, each over the 1,200 words of one message (within its 8,000 characters) and as a
 * customer and an employee: the whole message as a quoted phrase, and with its last word
 * changed; the words joined by hyphens (a phrase ending in a prefix); the words joined by
 * {@code or}, and other words joined so; 600 two-word phrases joined by {@code or} (a staff
 * search asks text and notes: twice the clauses), present and reversed; a word with 1,200
 * exclusions, none of them in the message, and with one of them in it.
 */
class OversizedSearchTest {
    private static final int WORDS = 1_200;
    private static TestServer server;
    private static ApiClient api;
    private static String id;
    private static List<String> words;
    /** Words of the same shape that no conversation holds. */
    private static List<String> absent;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        words = wordsFrom(46_656); // "1000", "1001", …: four letters and digits each, none a prefix of another
        absent = wordsFrom(46_656 + 10_000);
        id = api.newConversation(server.user("customer-owner").token(),
                Map.of("title", "oversized", "messageContent", String.join(" ", words)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> wordsFrom(int first) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < WORDS; i++) {
            out.add(Integer.toString(first + i, Character.MAX_RADIX));
        }
        return out;
    }

    @Test
    void aPhraseOfMoreWordsThanAQueryMayHaveIsAnswered() {
        for (String role : List.of("customer-owner", "employee")) {
            assertThat(search(role, "\"" + String.join(" ", words) + "\"")).as(role).containsExactly(id);
            List<String> changed = new ArrayList<>(words);
            changed.set(WORDS - 1, absent.get(0));
            assertThat(search(role, "\"" + String.join(" ", changed) + "\"")).as(role).isEmpty();
            // unquoted words joined by hyphens: one phrase whose last word is a prefix
            assertThat(search(role, String.join("-", words))).as(role).containsExactly(id);
            assertThat(search(role, String.join("-", changed))).as(role).isEmpty();
        }
    }

    @Test
    void moreAlternativesThanAQueryMayHaveAreAnswered() {
        Function<List<String>, String> anyOf = w -> String.join(" or ", w);
        // 600 phrases: within the clauses for a customer, twice as many for staff (text and notes)
        List<String> pairs = new ArrayList<>(), absentPairs = new ArrayList<>();
        for (int i = 0; i + 1 < 1_200; i += 2) {
            pairs.add("\"" + words.get(i) + " " + words.get(i + 1) + "\"");
            absentPairs.add("\"" + words.get(i + 1) + " " + words.get(i) + "\"");
        }
        for (String role : List.of("customer-owner", "employee")) {
            assertThat(search(role, anyOf.apply(words))).as(role).containsExactly(id);
            assertThat(search(role, anyOf.apply(absent))).as(role).isEmpty();
            assertThat(search(role, anyOf.apply(pairs))).as(role).containsExactly(id);
            assertThat(search(role, anyOf.apply(absentPairs))).as(role).isEmpty();
        }
    }

    @Test
    void moreExclusionsThanAQueryMayHaveAreAnswered() {
        for (String role : List.of("customer-owner", "employee")) {
            StringBuilder none = new StringBuilder(words.get(0));
            absent.forEach(w -> none.append(" -").append(w));
            assertThat(search(role, none.toString())).as(role).containsExactly(id);
            StringBuilder one = new StringBuilder(words.get(0));
            absent.subList(1, WORDS).forEach(w -> one.append(" -").append(w));
            one.append(" -").append(words.get(WORDS - 1));
            assertThat(search(role, one.toString())).as(role).isEmpty();
        }
    }

    private static List<String> search(String role, String text) {
        ApiResponse r = api.listConversations(server.user(role).token(),
                "fullTextSearch=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&limit=100").assertStatus(200);
        List<String> ids = r.json().findValuesAsText("conversationId");
        assertThat(Long.parseLong(r.header("X-Pagination-TotalCount"))).as("total").isEqualTo(ids.size());
        return ids;
    }
}
