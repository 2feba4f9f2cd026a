package dev.parley.bench.seed;

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
 * Seeds a PostgreSQL store with {@code COPY}, in one transaction (DDL is transactional: a seed
 * that fails leaves the empty, intact schema behind).
 *
 * <p>Before loading, the constraints and indexes of the big tables (conversations, timeline
 * entries, search index, events; and foreign keys pointing at them) are read from the catalog
 * and dropped; the tables are truncated (empty already) so that {@code COPY … FREEZE} may write
 * frozen rows (no later vacuum pass to set hint bits). After loading, primary keys and unique
 * constraints come back first, then the secondary and GIN indexes, then the foreign keys (each
 * validated by one join instead of a trigger per row), all with the definitions read before;
 * then ANALYZE. {@code synchronous_commit} is off for this session only.
 */
final class PostgresBulkWriter implements BulkWriter {
    private static final List<String> LOADED = List.of("conversations", "timeline_entries", "search_index", "events");

    private final String url;
    private Connection connection;
    private CopyManager copy;
    /** {table, name, definition}: constraints, dropped foreign keys first, created again in reverse. */
    private final List<String[]> constraints = new ArrayList<>();
    private final List<String> indexes = new ArrayList<>();

    PostgresBulkWriter(String url) {
        this.url = url;
    }

    @Override
    public Map<String, String> prepare() throws Exception {
        Database.open(url).close(); // migrated as the server would
        Properties properties = new Properties();
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty("ApplicationName", "parley-bench-seed");
        connection = DriverManager.getConnection(url, properties);
        connection.setAutoCommit(false);
        copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL synchronous_commit = off");
            st.execute("SET LOCAL maintenance_work_mem = '1GB'");
            st.execute("SET LOCAL work_mem = '256MB'");
        }
        SeedChecks.requireEmpty(connection);
        Map<String, String> categories = SeedChecks.categories(connection);
        dropConstraintsAndIndexes();
        return categories;
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
            st.execute("TRUNCATE " + String.join(", ", LOADED));
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
            row(search, c.id, null, 0, SearchIndex.body(Engine.POSTGRESQL, c.searchText()));
            for (SyntheticConversation.Entry e : c.entries) {
                row(entries, e.id(), c.id, e.seq(), e.type(), e.createdAt(), d.userId(e.createdBy()), e.content(),
                        e.internal() ? 1 : 0, e.editedAt() < 0 ? null : e.editedAt());
                if (e.indexed()) {
                    row(search, c.id, e.id(), e.internal() ? 1 : 0, SearchIndex.body(Engine.POSTGRESQL, e.content()));
                }
            }
        }
        copy("conversations (conversation_id, short_id, title, category_id, status, created_at, created_by,"
                + " main_user_id, shared_aggregate, shared_id, related_domain, related_aggregate, related_id,"
                + " notification_roles, last_message_id, last_message_at, last_message_by, sort_at)", conversations);
        copy("timeline_entries (entry_id, conversation_id, seq, type, created_at, created_by, content, internal,"
                + " edited_at)", entries);
        copy("search_index (conversation_id, entry_id, internal, body)", search);
    }

    private void copy(String target, CharSequence rows) throws Exception {
        copy.copyIn("COPY " + target + " FROM STDIN WITH (FREEZE)", new StringReader(rows.toString()));
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
        try (Statement st = connection.createStatement()) {
            for (int i = constraints.size() - 1; i >= 0; i--) {
                String[] c = constraints.get(i);
                if (!c[2].startsWith("FOREIGN KEY")) {
                    phases.time("postgresql: " + c[1], () -> st.execute(
                            "ALTER TABLE " + c[0] + " ADD CONSTRAINT " + c[1] + " " + c[2]));
                }
            }
            for (String index : indexes) {
                phases.time("postgresql: " + index.replaceAll("^CREATE (UNIQUE )?INDEX (\\S+) .*$", "$2"),
                        () -> st.execute(index));
            }
            phases.time("postgresql: foreign keys", () -> {
                for (String[] c : constraints) {
                    if (c[2].startsWith("FOREIGN KEY")) {
                        st.execute("ALTER TABLE " + c[0] + " ADD CONSTRAINT " + c[1] + " " + c[2]);
                    }
                }
            });
            phases.time("postgresql: commit", connection::commit);
            connection.setAutoCommit(true);
            phases.time("postgresql: analyze", () -> st.execute("ANALYZE"));
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.close();
        }
    }
}
