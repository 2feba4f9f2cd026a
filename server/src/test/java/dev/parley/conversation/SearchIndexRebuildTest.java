package dev.parley.conversation;

import dev.parley.testing.ApiClient;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebuilding the full-text rows (after an import, {@code admin reindex}) leaves exactly the rows
 * the writes left, on both engines: on PostgreSQL that means the normalised words (a rebuild that
 * copied the raw text let PostgreSQL's parser keep {@code ABCD-2345}, e-mail addresses and
 * accents whole, so searches found other things after an import). Texts tried: a hyphenated
 * code, an e-mail address, a path, accents, a version number, non-Latin script, a shortId.
 */
class SearchIndexRebuildTest {
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
}
