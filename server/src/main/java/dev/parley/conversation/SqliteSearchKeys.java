package dev.parley.conversation;

import org.jdbi.v3.core.Handle;

import java.util.List;

/**
 * SQLite: how a write finds the full-text rows it replaces. {@code search_index} is an FTS5
 * table, and FTS5 can only scan its other columns: finding a conversation's title row (a rename)
 * or a message's row (an edit) by {@code conversation_id} or {@code entry_id} read every row, 2.3 s
 * at a million conversations, holding the store's single writer meanwhile. So every row also has
 * one key in the FTS5 table {@code search_keys} under the same rowid (migration V20): {@code t}
 * and the conversation id for a title row, {@code e} and the entry id for a message. A lookup is
 * then an FTS5 term lookup, and a row's key is written as its words are, in the batch's segment;
 * an ordinary table with an index on the entry id cost a random B-tree insert per message (at
 * 1M a sixth of the writer's time, and a fifth fewer messages/s; docs/BENCHMARKS.md). A key found is checked against the
 * row's own columns, so two ids that give the same key (FTS5 folds case) still find only their
 * own rows.
 */
public final class SqliteSearchKeys {
    private SqliteSearchKeys() {
    }

    /**
     * The key of a row whose conversation and entry ids are the SQL expressions given (entry null:
     * a title row): one token, as {@code search_keys} keeps no positions to match a phrase with.
     * A UUID without its dashes; an id with other characters in hex.
     */
    private static String key(String conversationId, String entryId) {
        return "CASE WHEN " + entryId + " IS NULL THEN 't' || " + token(conversationId)
                + " ELSE 'e' || " + token(entryId) + " END";
    }

    private static String token(String id) {
        return "CASE WHEN " + id + " GLOB '*[^0-9A-Za-z-]*' THEN hex(" + id + ") ELSE replace(" + id + ", '-', '') END";
    }

    /** The FTS5 query for the token {@code key} (an SQL expression). */
    private static String matching(String key) {
        return "'\"' || " + key + " || '\"'";
    }

    /** Gives every row of {@code search_index} its key (after a bulk load; the keys table empty). */
    public static final String KEY_ALL_ROWS = "INSERT INTO search_keys (rowid, key) SELECT rowid, "
            + key("conversation_id", "entry_id") + " FROM search_index";

    /** Counts the rows of {@code search_index} whose key is missing (a store check for tests and tools). */
    public static final String ROWS_WITHOUT_KEY = "SELECT COUNT(*) FROM search_index s WHERE s.rowid NOT IN"
            + " (SELECT rowid FROM search_keys WHERE search_keys MATCH "
            + matching(key("s.conversation_id", "s.entry_id")) + ")";

    /**
     * Keys the row just inserted into {@code search_index} on this connection, of conversation
     * {@code conversationId} and entry {@code entryId} (null: the title row). A single-row
     * {@code VALUES}: an {@code INSERT … SELECT} opens a statement savepoint, and FTS5 writes the
     * rows it holds as a new segment at every savepoint (see WritesBeforeCommit), one per message.
     */
    static void keyLastRow(Handle h, String conversationId, String entryId) {
        h.createUpdate("INSERT INTO search_keys (rowid, key) VALUES (last_insert_rowid(), " + key(":c", ":e") + ")")
                .bind("c", conversationId).bind("e", entryId).execute();
    }

    /** The rowid of the title row of conversation {@code :c}. */
    static final String TITLE_ROW = "SELECT rowid FROM search_index WHERE rowid IN (SELECT rowid FROM search_keys"
            + " WHERE search_keys MATCH " + matching(key(":c", "NULL")) + ") AND conversation_id = :c AND entry_id IS NULL";

    /** The rowid of the row of entry {@code :e}. */
    static final String ENTRY_ROW = "SELECT rowid FROM search_index WHERE rowid IN (SELECT rowid FROM search_keys"
            + " WHERE search_keys MATCH " + matching(key("NULL", ":e")) + ") AND entry_id = :e";

    /** Deletes the title row of the conversation, and its key. */
    static void deleteTitle(Handle h, String conversationId) {
        delete(h, h.createQuery(TITLE_ROW).bind("c", conversationId).mapTo(Long.class).list());
    }

    /** Deletes the row of the entry, and its key. */
    static void deleteEntry(Handle h, String entryId) {
        delete(h, h.createQuery(ENTRY_ROW).bind("e", entryId).mapTo(Long.class).list());
    }

    private static void delete(Handle h, List<Long> rows) {
        if (rows.isEmpty()) {
            return;
        }
        h.createUpdate("DELETE FROM search_index WHERE rowid IN (<rows>)").bindList("rows", rows).execute();
        h.createUpdate("DELETE FROM search_keys WHERE rowid IN (<rows>)").bindList("rows", rows).execute();
    }

    /** Empties the keys (before a rebuild of every row). */
    static void deleteAll(Handle h) {
        h.execute("INSERT INTO search_keys (search_keys) VALUES ('delete-all')");
    }
}
