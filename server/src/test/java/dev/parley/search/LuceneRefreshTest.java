package dev.parley.search;

import dev.parley.testing.ApiClient;
import dev.parley.testing.RawHttp;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes go into the Lucene index at once, but become searchable (a refresh) only when a search
 * waits for them or a second after the last refresh: a stream of writes nobody searches for is
 * not refreshed batch by batch, and a search after any of them still finds every one
 * (read-your-writes). The refreshes are counted by {@code parley_search_refreshes_total}.
 *
 * <p>Tried: 4 writers at once, 60 messages each with no search between, then searches for the
 * first, a middle and the last of each; writes and searches in turn (each search finds the write before it, in two
 * conversations, so a refresh per search is needed and made).
 */
class LuceneRefreshTest {
    private static final Pattern REFRESHES = Pattern.compile("(?m)^parley_search_refreshes_total(?:\\{[^}]*})? ([0-9.E]+)$");

    private static final int WRITERS = 4;
    private static final int MESSAGES_EACH = 60;

    private TestServer server;
    private ApiClient api;
    private String owner;

    @BeforeEach
    void start() {
        Assumptions.assumeFalse(TestDatabase.isPostgresql(), "the Lucene index is the SQLite store's");
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private long refreshes() {
        Matcher m = REFRESHES.matcher(RawHttp.send(server.baseUrl(), "GET", "/metrics", List.of(), null).response().text());
        assertThat(m.find()).as("parley_search_refreshes_total in /metrics").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static String word() {
        return UniqueWords.next('r');
    }

    private List<String> search(String text) {
        return api.listConversations(owner, "fullTextSearch=" + text).assertStatus(200).json().findValuesAsText("conversationId");
    }

    @Test
    void writesNobodySearchesForAreNotRefreshedOneByOneAndAllAreFoundAfterwards() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            ids.add(api.newConversation(owner, Map.of("title", "Refreshes " + word(), "messageContent", "first")));
        }
        search(word()); // whatever the start left pending is searchable now
        List<List<String>> words = new ArrayList<>();
        long before = refreshes();
        long started = System.nanoTime();
        // several writers at once, so that changes keep arriving while the indexer works (it
        // indexed and refreshed again at once while changes were waiting)
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<List<String>>> written = new ArrayList<>();
            for (String id : ids) {
                written.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < MESSAGES_EACH; i++) {
                        String w = word();
                        mine.add(w);
                        api.createMessage(owner, id, Map.of("messageContent", "Message about " + w)).assertStatus(201);
                    }
                    return mine;
                }));
            }
            for (Future<List<String>> f : written) {
                words.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        long during = refreshes() - before;
        // at most one a second while nobody searched (and one that may have been due at the start)
        assertThat(during).as("refreshes during %d writes in about %d s", WRITERS * MESSAGES_EACH, seconds)
                .isLessThanOrEqualTo(seconds + 2);
        for (int i = 0; i < WRITERS; i++) {
            List<String> mine = words.get(i);
            assertThat(search(mine.get(mine.size() - 1))).containsExactly(ids.get(i));
            assertThat(search(mine.get(0))).containsExactly(ids.get(i));
            assertThat(search(mine.get(mine.size() / 2))).containsExactly(ids.get(i));
        }
    }

    @Test
    void eachSearchAfterAWriteFindsIt() {
        String first = api.newConversation(owner, Map.of("title", "Turns " + word(), "messageContent", "first"));
        String second = api.newConversation(owner, Map.of("title", "Turns " + word(), "messageContent", "first"));
        long before = refreshes();
        for (int i = 0; i < 10; i++) {
            String id = i % 2 == 0 ? first : second;
            String w = word();
            api.createMessage(owner, id, Map.of("messageContent", "Reply " + w)).assertStatus(201);
            assertThat(search(w)).as("round %d", i).containsExactly(id);
        }
        // every search waited for the write before it: one refresh each, at least
        assertThat(refreshes() - before).isGreaterThanOrEqualTo(10);
    }
}
