package dev.parley.conversation;

import dev.parley.storage.Engine;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The full-text index (SQLite FTS5; on PostgreSQL a tsvector, see {@link SearchSql}) and the
 * translation of a user's search string into a safe FTS5 expression. Every word becomes a
 * quoted prefix term and every {@code "quoted phrase"} a quoted phrase, all ANDed; FTS syntax
 * in the input ({@code NEAR}, {@code *}, {@code :}, parentheses, stray quotes) is never passed
 * through, so no input can make the query fail.
 */
public final class SearchIndex {
    private static final Pattern PHRASE_OR_WORD = Pattern.compile("\"([^\"]*)\"|([^\\s\"]+)");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");

    private SearchIndex() {
    }

    /** The FTS5 expression for {@code input}; empty when it holds no searchable word. */
    public static String expression(String input) {
        return String.join(" AND ", terms(input));
    }

    /**
     * The search as at most {@code max} FTS5 expressions, each of which must match some visible
     * row of a conversation: the words of a search may come from its title and from different
     * messages. One expression per distinct word or phrase; past {@code max}, the remaining
     * terms share the last expression (bounding the SQL for very long inputs). Empty when the
     * input holds no searchable word.
     */
    public static List<String> matchGroups(String input, int max) {
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(terms(input)));
        if (distinct.size() <= max) {
            return distinct;
        }
        List<String> groups = new ArrayList<>(distinct.subList(0, max - 1));
        groups.add(String.join(" AND ", distinct.subList(max - 1, distinct.size())));
        return groups;
    }

    /** Each word as a quoted prefix term, each {@code "quoted phrase"} as a quoted phrase. */
    private static List<String> terms(String input) {
        List<String> parts = new ArrayList<>();
        Matcher m = PHRASE_OR_WORD.matcher(input);
        while (m.find()) {
            boolean phrase = m.group(1) != null;
            List<String> tokens = tokens(phrase ? m.group(1) : m.group(2));
            if (tokens.isEmpty()) {
                continue;
            }
            String quoted = "\"" + String.join(" ", tokens) + "\"";
            // a bare word also matches as a prefix ("inv" finds "invoice")
            parts.add(phrase ? quoted : quoted + "*");
        }
        return parts;
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static void indexConversation(Handle h, String conversationId, String title, String shortId) {
        h.createUpdate("DELETE FROM search_index WHERE conversation_id = :c AND entry_id IS NULL")
                .bind("c", conversationId).execute();
        h.createUpdate("INSERT INTO search_index (conversation_id, entry_id, internal, body) VALUES (:c, NULL, 0, :body)")
                .bind("c", conversationId).bind("body", SearchSql.body(Engine.of(h), title + " " + shortId)).execute();
    }

    static void indexMessage(Handle h, TimelineEntry entry) {
        h.createUpdate("INSERT INTO search_index (conversation_id, entry_id, internal, body) VALUES (:c, :e, :i, :body)")
                .bind("c", entry.conversationId()).bind("e", entry.entryId()).bind("i", entry.internal() ? 1 : 0)
                .bind("body", SearchSql.body(Engine.of(h), entry.content())).execute();
    }

    /**
     * Builds the index anew from conversations and messages, as {@link #indexConversation} and
     * {@link #indexMessage} would have (after an import, which does not carry the index).
     */
    public static void rebuild(Handle h) {
        h.execute("DELETE FROM search_index");
        h.execute("INSERT INTO search_index (conversation_id, entry_id, internal, body)"
                + " SELECT conversation_id, NULL, 0, title || ' ' || short_id FROM conversations");
        h.execute("INSERT INTO search_index (conversation_id, entry_id, internal, body)"
                + " SELECT conversation_id, entry_id, CASE WHEN internal = 1 THEN 1 ELSE 0 END, content FROM timeline_entries"
                + " WHERE type = 'MESSAGE' AND content IS NOT NULL");
    }

    static void removeEntry(Handle h, String entryId) {
        h.createUpdate("DELETE FROM search_index WHERE entry_id = :e").bind("e", entryId).execute();
    }
}
