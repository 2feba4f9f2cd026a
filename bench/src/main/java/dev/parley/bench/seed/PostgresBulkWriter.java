package dev.parley.bench.seed;

import dev.parley.conversation.AudienceKeys;
import dev.parley.conversation.SearchIndex;
import dev.parley.storage.Database;
import dev.parley.storage.Engine;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Seeds a PostgreSQL store with {@code COPY} over two connections, so that two backends work at
 * once: one loads the search index (its {@code tsvector} is computed per row, then the GIN
 * index is built: the biggest single cost), the other everything else.
 *
 * <p>First, in a transaction of its own, the constraints and indexes of the big tables
 * (conversations, timeline entries, search index, events; and foreign keys pointing at them) are
 * read from the catalog and dropped. Then each connection truncates its tables (empty already)
 * in its own transaction, so that {@code COPY … FREEZE} may write frozen rows (no later vacuum
 * pass to set hint bits), loads them and, in the same transaction, creates their primary keys,
 * unique constraints, indexes and last the foreign keys (each validated by one join instead of
 * a trigger per row) from the definitions read before. Triggers are off for these sessions
 * ({@code session_replication_role = replica}); the visibility rows and counts they would keep
 * are rebuilt in bulk at the end ({@code rebuild_conversation_viewers()}, migration V5). Then
 * both commit, VACUUM and ANALYZE. If anything
 * fails, both roll back and the dropped constraints and indexes are created again on the empty
 * tables: a failed seed leaves the empty, intact schema behind. {@code synchronous_commit} is
 * off for these sessions only.
 */
final class PostgresBulkWriter implements BulkWriter {
    /** The tables loaded with COPY; the search index (last) on the side connection. */
    private static final List<String> LOADED = List.of("conversations", "timeline_entries", "events", "search_index");

    private final String url;
    /** Everything but the search index. */
    private Connection connection;
    private CopyManager copy;
    /** The search index, on a thread of its own. */
    private Connection side;
    private CopyManager sideCopy;
    private final java.util.concurrent.ExecutorService sideThread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "seed-search-index");
        t.setDaemon(true);
        return t;
    });
    private java.util.concurrent.Future<?> pending;
    private boolean dropped;
    private boolean committed;
    /** {table, name, definition}: constraints, dropped foreign keys first, created again in reverse. */
    private final List<String[]> constraints = new ArrayList<>();
    private final List<String> indexes = new ArrayList<>();

    PostgresBulkWriter(String url) {
        this.url = url;
    }

    @Override
    public Map<String, String> prepare() throws Exception {
        Database.open(url).close(); // migrated as the server would
        connection = open();
        copy = connection.unwrap(PGConnection.class).getCopyAPI();
        SeedChecks.requireEmpty(connection);
        Map<String, String> categories = SeedChecks.categories(connection);
        dropConstraintsAndIndexes();
        connection.commit();
        dropped = true;
        side = open();
        sideCopy = side.unwrap(PGConnection.class).getCopyAPI();
        try (Statement st = connection.createStatement(); Statement sst = side.createStatement()) {
            st.execute("TRUNCATE " + String.join(", ", LOADED.subList(0, LOADED.size() - 1)));
            sst.execute("TRUNCATE " + SEARCH);
        }
        return categories;
    }

    private static final String SEARCH = "search_index";

    private Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty("ApplicationName", "parley-bench-seed");
        Connection c = DriverManager.getConnection(url, properties);
        try (Statement st = c.createStatement()) {
            st.execute("SET synchronous_commit = off");
            st.execute("SET maintenance_work_mem = '1GB'");
            st.execute("SET work_mem = '256MB'");
            // no triggers while loading (the visibility rows would be kept row by row, against
            // tables whose keys are dropped); finish() rebuilds them in bulk
            st.execute("SET session_replication_role = replica");
        }
        c.setAutoCommit(false);
        return c;
    }

    private void dropConstraintsAndIndexes() throws SQLException {
        String tables = "'" + String.join("'::regclass, '", LOADED) + "'::regclass";
        try (Statement st = connection.createStatement()) {
            // foreign keys first (into or out of the loaded tables), then primary keys and uniques
            try (ResultSet rs = st.executeQuery("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
                    + " FROM pg_constraint WHERE contype IN ('f', 'p', 'u')"
                    + " AND (conrelid IN (" + tables + ") OR (contype = 'f' AND confrelid IN (" + tables + ")))"
                    + " ORDER BY CASE contype WHEN 'f' THEN 0 ELSE 1 END, conrelid::regclass::text, conname")) {
                while (rs.next()) {
                    constraints.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text"
                    + " FROM pg_index i WHERE i.indrelid IN (" + tables + ")"
                    + " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
                    + " ORDER BY 2")) {
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                    st.addBatch("DROP INDEX " + rs.getString(2));
                }
            }
            for (String[] c : constraints) {
                st.addBatch("ALTER TABLE " + c[0] + " DROP CONSTRAINT " + c[1]);
            }
            st.executeBatch();
        }
    }

    @Override
    public void directory(Directory d) throws Exception {
        DirectoryRows.insert(connection, d);
    }

    @Override
    public void conversations(List<SyntheticConversation> batch, Directory d) throws Exception {
        StringBuilder conversations = new StringBuilder(batch.size() * 400);
        StringBuilder entries = new StringBuilder(batch.size() * 2000);
        StringBuilder search = new StringBuilder(batch.size() * 1500);
        for (SyntheticConversation c : batch) {
            row(conversations, c.id, c.shortId, c.title, c.categoryId, c.status, c.createdAt, d.userId(c.createdBy),
                    d.userId(c.mainUser), c.sharedAggregate, c.sharedId, c.relatedDomain, c.relatedAggregate,
                    c.relatedId, null, c.lastMessageId, c.lastMessageId == null ? null : c.lastMessageAt,
                    c.lastMessageId == null ? null : d.userId(c.lastMessageBy), c.sortAt());
            // rows customers see carry the conversation's audience keys (migration V12; no trigger here)
            String audience = arrayLiteral(AudienceKeys.of(d.userId(c.createdBy), d.userId(c.mainUser),
                    c.sharedAggregate, c.sharedId));
            row(search, c.id, null, 0, SearchIndex.body(Engine.POSTGRESQL, c.searchText()), audience);
            for (SyntheticConversation.Entry e : c.entries) {
                row(entries, e.id(), c.id, e.seq(), e.type(), e.createdAt(), d.userId(e.createdBy()), e.content(),
                        e.internal() ? 1 : 0, e.editedAt() < 0 ? null : e.editedAt());
                if (e.indexed()) {
                    row(search, c.id, e.id(), e.internal() ? 1 : 0, SearchIndex.body(Engine.POSTGRESQL, e.content()),
                            e.internal() ? null : audience);
                }
            }
        }
        if (pending != null) {
            pending.get(); // the previous batch's search rows are in
        }
        String searchRows = search.toString();
        pending = sideThread.submit(() -> {
            sideCopy.copyIn("COPY search_index (conversation_id, entry_id, internal, body, audience) FROM STDIN WITH (FREEZE)",
                    new StringReader(searchRows));
            return null;
        });
        copy("conversations (conversation_id, short_id, title, category_id, status, created_at, created_by,"
                + " main_user_id, shared_aggregate, shared_id, related_domain, related_aggregate, related_id,"
                + " notification_roles, last_message_id, last_message_at, last_message_by, sort_at)", conversations);
        copy("timeline_entries (entry_id, conversation_id, seq, type, created_at, created_by, content, internal,"
                + " edited_at)", entries);
    }

    private void copy(String target, CharSequence rows) throws Exception {
        copy.copyIn("COPY " + target + " FROM STDIN WITH (FREEZE)", new StringReader(rows.toString()));
    }

    /** A text[] value ({@code {"a","b"}}); keys hold no quotes or backslashes (ids and a prefix). */
    private static String arrayLiteral(List<String> values) {
        return "{\"" + String.join("\",\"", values) + "\"}";
    }

    /** One line of COPY's text format: tab-separated, \N for NULL, backslash escapes. */
    private static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            Object v = values[i];
            if (v == null) {
                out.append("\\N");
            } else if (v instanceof String s) {
                escape(out, s);
            } else {
                out.append(v);
            }
        }
        out.append('\n');
    }

    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
    }

    @Override
    public void events(EventBuffer events, String[] conversationIds, Directory d) throws Exception {
        StringBuilder rows = new StringBuilder(1 << 20);
        events.forEach((position, type, conversation, actor, at) -> {
            row(rows, position, type, conversationIds[conversation], d.userId(actor), at);
            if (rows.length() > 8 << 20) {
                copy("events (position, type, conversation_id, actor_id, created_at)", rows);
                rows.setLength(0);
            }
        });
        copy("events (position, type, conversation_id, actor_id, created_at)", rows);
        try (Statement st = connection.createStatement()) {
            // the BIGSERIAL continues after the seeded positions, as if the server had appended them
            st.execute("SELECT setval(pg_get_serial_sequence('events', 'position'), " + Math.max(1, events.size())
                    + ", " + (events.size() > 0) + ")");
        }
    }

    @Override
    public void finish(Phases phases) throws Exception {
        if (pending != null) {
            pending.get();
        }
        // the search index's GIN build runs beside the other tables' keys and indexes
        java.util.concurrent.Future<?> searchIndexes = sideThread.submit(() -> {
            try (Statement st = side.createStatement()) {
                for (String index : indexes) {
                    if (index.contains(" ON public." + SEARCH + " ") || index.contains(" ON " + SEARCH + " ")) {
                        phases.time("postgresql: " + indexName(index) + " (beside)", () -> st.execute(index));
                    }
                }
            }
            return null;
        });
        try (Statement st = connection.createStatement()) {
            for (int i = constraints.size() - 1; i >= 0; i--) {
                String[] c = constraints.get(i);
                if (!c[2].startsWith("FOREIGN KEY")) {
                    phases.time("postgresql: " + c[1], () -> st.execute(
                            "ALTER TABLE " + c[0] + " ADD CONSTRAINT " + c[1] + " " + c[2]));
                }
            }
            for (String index : indexes) {
                if (!index.contains(" ON public." + SEARCH + " ") && !index.contains(" ON " + SEARCH + " ")) {
                    phases.time("postgresql: " + indexName(index), () -> st.execute(index));
                }
            }
            phases.time("postgresql: foreign keys", () -> {
                for (String[] c : constraints) {
                    if (c[2].startsWith("FOREIGN KEY")) {
                        st.execute("ALTER TABLE " + c[0] + " ADD CONSTRAINT " + c[1] + " " + c[2]);
                    }
                }
            });
        }
        try (Statement st = connection.createStatement()) {
            phases.time("postgresql: visibility rows and counts", () -> st.execute("SELECT rebuild_conversation_viewers()"));
        }
        phases.time("postgresql: waiting for the search index", searchIndexes::get);
        phases.time("postgresql: commit", () -> {
            side.commit();
            connection.commit();
        });
        committed = true;
        java.util.concurrent.Future<?> analyzeSearch = sideThread.submit(() -> {
            side.setAutoCommit(true);
            try (Statement st = side.createStatement()) {
                st.execute("VACUUM (ANALYZE) " + SEARCH);
            }
            return null;
        });
        // VACUUM as well: the rows written by INSERT (the visibility rows) are marked all-visible,
        // so index-only scans need not visit the table, as after autovacuum on a running store
        // (COPY FREEZE marked the others already: seconds at 1M)
        phases.time("postgresql: vacuum and analyze", () -> {
            connection.setAutoCommit(true);
            try (Statement st = connection.createStatement()) {
                for (String table : new String[]{"users", "customers", "customer_members", "projects", "project_members",
                        "placement_groups", "api_tokens", "categories", "conversation_preferences", "conversations",
                        "timeline_entries", "events", "conversation_viewers", "viewer_counts", "conversation_counts"}) {
                    st.execute("VACUUM (ANALYZE) " + table);
                }
            }
            analyzeSearch.get();
        });
    }

    private static String indexName(String createIndex) {
        return createIndex.replaceAll("^CREATE (UNIQUE )?INDEX (\\S+) .*$", "$2");
    }

    /** After a failure: the empty tables get back the constraints and indexes dropped before. */
    private void restoreSchema() throws SQLException {
        try (Connection c = open(); Statement st = c.createStatement()) {
            for (int i = constraints.size() - 1; i >= 0; i--) {
                String[] k = constraints.get(i);
                st.execute("ALTER TABLE " + k[0] + " ADD CONSTRAINT " + k[1] + " " + k[2]);
            }
            for (String index : indexes) {
                st.execute(index.replaceFirst("INDEX ", "INDEX IF NOT EXISTS "));
            }
            c.commit();
        }
    }

    @Override
    public void close() throws SQLException {
        sideThread.shutdownNow();
        for (Connection c : new Connection[]{side, connection}) {
            if (c != null) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                c.close();
            }
        }
        if (dropped && !committed) {
            restoreSchema();
        }
    }
}
