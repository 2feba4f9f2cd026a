package dev.parley.conversation;

import dev.parley.storage.Engine;
import dev.parley.storage.WritesBeforeCommit;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The full-text index (SQLite FTS5; on PostgreSQL a tsvector, see {@link SearchSql}) and the
 * translation of a user's search string into safe FTS5 expressions. Every word becomes a
 * quoted prefix term and every {@code "quoted phrase"} a quoted phrase; as in PostgreSQL's
 * {@code websearch_to_tsquery}, {@code or} (any case) between two terms lets either match, and
 * a {@code -} before a word or phrase excludes conversations where it matches. FTS syntax in
 * the input ({@code NEAR}, {@code *}, {@code :}, parentheses, stray quotes) is never passed
 * through, so no input can make the query fail.
 */
public final class SearchIndex {
    private static final Pattern ITEM = Pattern.compile("(-?)(?:\"([^\"]*)\"|([^\\s\"]+))");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");

    private SearchIndex() {
    }

    /**
     * A parsed search: {@code groups} must each match some visible row of a conversation,
     * and no visible row may match {@code exclusion} (null: nothing excluded).
     */
    public record Search(List<String> groups, String exclusion) {
        /** Nothing searchable in the input. */
        public boolean isEmpty() {
            return groups.isEmpty() && exclusion == null;
        }
    }

    /** A word or phrase of the input as an FTS5 term. */
    private record Item(String term, boolean negated, boolean orOperator, boolean empty) {
    }

    /** The FTS5 expression of the terms that must match, ANDed; empty when there are none. */
    public static String expression(String input) {
        return String.join(" AND ", parse(input, Integer.MAX_VALUE).groups());
    }

    /**
     * The search as at most {@code max} FTS5 expressions, each of which must match some visible
     * row of a conversation (the words of a search may come from its title and from different
     * messages), and one expression for the excluded terms. One group per distinct word, phrase
     * or {@code a or b} alternative; past {@code max}, the remaining groups share the last
     * expression (bounding the SQL for very long inputs). The excluded terms are ORed into one
     * expression: a conversation is excluded when any of its visible rows matches any of them.
     *
     * <p>{@code or} is an operator only between two terms that are not excluded; elsewhere it is
     * an ordinary word. A term with nothing left for the tokenizer (a lone combining mark)
     * matches nothing, as in FTS5: it makes an ANDed group match nothing, drops out of an
     * {@code or}, and excludes nothing.
     */
    public static Search parse(String input, int max) {
        List<Item> items = items(input);
        List<List<Item>> alternatives = new ArrayList<>();
        java.util.Set<String> excluded = new java.util.LinkedHashSet<>();
        boolean afterPositive = false;
        boolean pendingOr = false;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item.negated()) {
                if (!item.empty()) {
                    excluded.add(item.term());
                }
                afterPositive = false;
                continue;
            }
            if (item.orOperator() && afterPositive && i + 1 < items.size()
                    && !items.get(i + 1).negated() && !items.get(i + 1).orOperator()) {
                pendingOr = true;
                continue;
            }
            if (pendingOr) {
                alternatives.get(alternatives.size() - 1).add(item);
                pendingOr = false;
            } else {
                alternatives.add(new ArrayList<>(List.of(item)));
            }
            afterPositive = true;
        }
        java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
        for (List<Item> group : alternatives) {
            java.util.Set<String> terms = new java.util.LinkedHashSet<>();
            for (Item item : group) {
                if (!item.empty()) {
                    terms.add(item.term());
                }
            }
            if (terms.isEmpty()) {
                distinct.add(group.get(0).term()); // matches nothing
            } else if (terms.size() == 1) {
                distinct.add(terms.iterator().next());
            } else {
                distinct.add("(" + String.join(" OR ", terms) + ")");
            }
        }
        List<String> groups = new ArrayList<>(distinct);
        if (groups.size() > max) {
            List<String> bounded = new ArrayList<>(groups.subList(0, max - 1));
            bounded.add(String.join(" AND ", groups.subList(max - 1, groups.size())));
            groups = bounded;
        }
        return new Search(groups, excluded.isEmpty() ? null : String.join(" OR ", excluded));
    }

    /** Each word as a quoted prefix term, each {@code "quoted phrase"} as a quoted phrase. */
    private static List<Item> items(String input) {
        List<Item> items = new ArrayList<>();
        Matcher m = ITEM.matcher(input);
        while (m.find()) {
            boolean phrase = m.group(2) != null;
            String text = phrase ? m.group(2) : m.group(3);
            List<String> tokens = tokens(text);
            if (tokens.isEmpty()) {
                continue;
            }
            boolean negated = !m.group(1).isEmpty();
            String quoted = "\"" + String.join(" ", tokens) + "\"";
            // a bare word also matches as a prefix ("inv" finds "invoice")
            items.add(new Item(phrase ? quoted : quoted + "*", negated,
                    !phrase && !negated && text.equalsIgnoreCase("or"),
                    SearchSql.words(String.join(" ", tokens)).isEmpty()));
        }
        return items;
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * What {@code search_index.body} holds for {@code text} on {@code engine}: the text itself on
     * SQLite, its normalised words on PostgreSQL. For bulk writers that fill the index without
     * going through {@link #indexConversation} and {@link #indexMessage} (a conversation's row
     * is {@code title + " " + shortId}; on SQLite the rows then need their keys,
     * {@link SqliteSearchKeys#KEY_ALL_ROWS}).
     */
    public static String body(Engine engine, String text) {
        return SearchSql.body(engine, text);
    }

    // The index's rows are written at the end of the write's transaction (WritesBeforeCommit): on
    // SQLite, FTS5 rows written inside a queued write's savepoint make a segment per write.

    static void indexConversation(Handle h, String conversationId, String title, String shortId) {
        WritesBeforeCommit.run(h, w -> {
            if (Engine.of(w) == Engine.SQLITE) {
                SqliteSearchKeys.deleteTitle(w, conversationId);
            } else {
                w.createUpdate("DELETE FROM search_index WHERE conversation_id = :c AND entry_id IS NULL")
                        .bind("c", conversationId).execute();
            }
            insert(w, conversationId, null, false, title + " " + shortId);
        });
    }

    static void indexMessage(Handle h, TimelineEntry entry) {
        WritesBeforeCommit.run(h, w -> insert(w, entry.conversationId(), entry.entryId(), entry.internal(), entry.content()));
    }

    /** One row; on SQLite with its key ({@link SqliteSearchKeys}). */
    private static void insert(Handle h, String conversationId, String entryId, boolean internal, String text) {
        h.createUpdate("INSERT INTO search_index (conversation_id, entry_id, internal, body) VALUES (:c, :e, :i, :body)")
                .bind("c", conversationId).bind("e", entryId).bind("i", internal ? 1 : 0)
                .bind("body", SearchSql.body(Engine.of(h), text)).execute();
        if (Engine.of(h) == Engine.SQLITE) {
            SqliteSearchKeys.keyLastRow(h, conversationId, entryId);
        }
    }

    /**
     * Builds the index anew from conversations and messages, as {@link #indexConversation} and
     * {@link #indexMessage} would have (after an import, which does not carry the index). On
     * PostgreSQL the rows hold the normalised words ({@link SearchSql#body}) as those methods
     * store them, so they pass through here rather than being copied by one statement.
     */
    public static void rebuild(Handle h) {
        WritesBeforeCommit.run(h, SearchIndex::rebuildNow);
    }

    private static void rebuildNow(Handle h) {
        String conversations = "SELECT conversation_id, NULL AS entry_id, 0 AS internal, title || ' ' || short_id AS body"
                + " FROM conversations";
        String messages = "SELECT conversation_id, entry_id, CASE WHEN internal = 1 THEN 1 ELSE 0 END AS internal,"
                + " content AS body FROM timeline_entries WHERE type = 'MESSAGE' AND content IS NOT NULL";
        h.execute("DELETE FROM search_index");
        if (Engine.of(h) == Engine.SQLITE) { // FTS5 tokenizes and folds itself
            SqliteSearchKeys.deleteAll(h);
            h.execute("INSERT INTO search_index (conversation_id, entry_id, internal, body) " + conversations);
            h.execute("INSERT INTO search_index (conversation_id, entry_id, internal, body) " + messages);
            h.execute(SqliteSearchKeys.KEY_ALL_ROWS);
            return;
        }
        insertNormalised(h, conversations);
        insertNormalised(h, messages);
    }

    /** The rows of {@code select} into search_index with their bodies normalised, a batch at a time. */
    private static void insertNormalised(Handle h, String select) {
        String insert = "INSERT INTO search_index (conversation_id, entry_id, internal, body) VALUES (:c, :e, :i, :body)";
        try (var rows = h.createQuery(select).setFetchSize(1000).mapToMap().stream()) {
            org.jdbi.v3.core.statement.PreparedBatch[] batch = {h.prepareBatch(insert)};
            rows.forEach(row -> {
                batch[0].bind("c", row.get("conversation_id")).bind("e", row.get("entry_id"))
                        .bind("i", ((Number) row.get("internal")).intValue())
                        .bind("body", SearchSql.body(Engine.POSTGRESQL, (String) row.get("body"))).add();
                if (batch[0].size() >= 1000) {
                    batch[0].execute();
                    batch[0] = h.prepareBatch(insert);
                }
            });
            if (batch[0].size() > 0) {
                batch[0].execute();
            }
        }
    }

    static void removeEntry(Handle h, String entryId) {
        WritesBeforeCommit.run(h, w -> {
            if (Engine.of(w) == Engine.SQLITE) {
                SqliteSearchKeys.deleteEntry(w, entryId);
            } else {
                w.createUpdate("DELETE FROM search_index WHERE entry_id = :e").bind("e", entryId).execute();
            }
        });
    }
}
