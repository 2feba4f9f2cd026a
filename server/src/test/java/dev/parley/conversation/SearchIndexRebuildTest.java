package dev.parley.conversation;

import dev.parley.testing.ApiClient;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebuilding the full-text rows (after an import, {@code admin reindex}) leaves exactly the rows
 * the writes left, on both engines: on PostgreSQL that means the normalised words (a rebuild that
 * copied the raw text let PostgreSQL's parser keep {@code ABCD-2345}, e-mail addresses and
 * accents whole, so searches found other things after an import). Texts tried: a hyphenated
 * code, an e-mail address, a path, accents, a version number, non-Latin script, a shortId.
 */
class SearchIndexRebuildTest {
    private static final int WRITERS = 12;
    private static final int ROUNDS = 8;
    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> rows() {
        return server.parley().database().read(h -> h.createQuery(
                        "SELECT conversation_id || '|' || COALESCE(entry_id, '-') || '|' || internal || '|' || body FROM search_index"
                                + " ORDER BY conversation_id, entry_id")
                .mapTo(String.class).list());
    }

    private static List<String> found(String token, String query) {
        return api.listConversations(token, "fullTextSearch=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .assertStatus(200).json().findValuesAsText("conversationId");
    }

    @Test
    void aRebuildLeavesTheRowsTheWritesLeft() {
        String owner = server.user("customer-owner").token();
        String employee = server.user("employee").token();
        String id = api.newConversation(owner, Map.of("title", "Invoice ABCD-2345 Grüße",
                "messageContent", "Mail ops@example.com about /var/lib/parley and v2.10.3, naïve café 日本語"));
        api.createMessage(employee, id, Map.of("messageContent", "Noted: ABCD-2345 is paid", "internal", true)).assertStatus(201);
        api.createMessage(employee, id, Map.of("messageContent", "Danke, erledigt — Straße frei")).assertStatus(201);
        List<String> written = rows();
        List<String> before = found(owner, "abcd-2345 erledigt");
        List<String> accents = found(owner, "cafe");

        server.parley().database().write(h -> {
            SearchIndex.rebuild(h);
            return null;
        });

        assertThat(rows()).as("rows after the rebuild").isEqualTo(written);
        assertThat(found(owner, "abcd-2345 erledigt")).isEqualTo(before).contains(id);
        assertThat(found(owner, "cafe")).isEqualTo(accents).contains(id);
        assertThat(found(owner, "example")).contains(id);
    }

    /**
     * The same under many writes at once: on SQLite they share group-commit batches, and their
     * rows are written at the end of the batch ({@code WritesBeforeCommit}). The writes: new
     * messages, messages edited right after they were written (the old row removed, the new one
     * added), titles changed, internal notes, and messages that fail after their row was asked for
     * (a file id that does not exist: 400), whose rows must not be written.
     */
    @Test
    void rowsWrittenInBatchesAreTheRowsOfARebuild() throws Exception {
        String owner = server.user("customer-owner").token();
        String employee = server.user("employee").token();
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < WRITERS; i++) {
            conversations.add(api.newConversation(owner, Map.of("title", "Batch conversation " + i,
                    "messageContent", "opening words " + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String id = conversations.get(w);
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        String word = "w" + writer + "r" + r;
                        String messageId = api.createMessage(owner, id, Map.of("messageContent", "first " + word))
                                .assertStatus(201).json().path("messageId").asText();
                        api.updateMessage(owner, id, messageId, Map.of("messageContent", "edited " + word)).assertStatus(200);
                        api.createMessage(employee, id, Map.of("messageContent", "note " + word, "internal", true))
                                .assertStatus(201);
                        api.createMessage(owner, id, Map.of("messageContent", "failed " + word,
                                "fileIds", List.of("00000000-0000-4000-8000-000000000000"))).assertStatus(400);
                        api.updateConversation(owner, id, Map.of("title", "Renamed " + word)).assertStatus(200);
                    }
                    return null;
                }));
            }
            for (Future<?> f : writers) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> written = rows();
        server.parley().database().write(h -> {
            SearchIndex.rebuild(h);
            return null;
        });
        assertThat(written).as("rows the writes left").isEqualTo(rows());

        String last = "w3r" + (ROUNDS - 1);
        assertThat(found(owner, "edited " + last)).containsExactly(conversations.get(3));
        assertThat(found(owner, "renamed " + last)).containsExactly(conversations.get(3));
        assertThat(found(owner, "failed")).isEmpty();
        assertThat(found(owner, "first")).isEmpty(); // every first version was edited
        assertThat(found(owner, "note")).isEmpty(); // internal notes are staff's
        assertThat(found(employee, "note " + last)).containsExactly(conversations.get(3));
    }
}
