package dev.parley.bench.seed;

import dev.parley.conversation.SearchIndex;
import dev.parley.conversation.SqliteSearchKeys;
import dev.parley.storage.Database;
import dev.parley.storage.Engine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seeds a SQLite store in one transaction over one connection with prepared statements.
 *
 * <p>While loading: {@code synchronous=OFF} (a crash mid-seed means seeding again, nothing is
 * lost) and the rollback journal instead of WAL (the WAL would receive every page once more and
 * then be checkpointed into the file; a rollback journal keeps only the few pages that existed
 * before, so the seed stays atomic at almost no cost). The store's {@code journal_mode=WAL} is
 * put back afterwards; {@code synchronous} is per connection and the server sets its own.
 *
 * <p>The named secondary indexes of the loaded tables (and of {@code conversation_viewers}, which
 * triggers fill) are dropped and created again after the load (one sort instead of millions of
 * random B-tree inserts). FTS5 gets a large pending-terms
 * buffer ({@code hashsize}) so that it writes few, large segments; the setting is removed after.
 * The rows' keys ({@link SqliteSearchKeys}) are written in one pass after the load.
 */
final class SqliteBulkWriter implements BulkWriter {
    private static final List<String> LOADED = List.of("conversations", "timeline_entries", "events", "conversation_viewers");

    private final String url;
    private Connection connection;
    private final List<String> droppedIndexes = new ArrayList<>();
    private PreparedStatement conversation;
    private PreparedStatement entry;
    private PreparedStatement search;
    private boolean journalChanged;

    SqliteBulkWriter(String url) {
        this.url = url;
    }

    @Override
    public Map<String, String> prepare() throws Exception {
        Database.open(url).close(); // migrated as the server would
        java.util.Properties properties = new java.util.Properties();
        // sqlite-jdbc otherwise runs SELECT last_insert_rowid() (and a regex) after every INSERT
        properties.setProperty("jdbc.get_generated_keys", "false");
        connection = DriverManager.getConnection(url, properties);
        SeedChecks.requireEmpty(connection);
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA journal_mode=TRUNCATE");
            journalChanged = true;
            st.execute("PRAGMA synchronous=OFF");
            // up to 4 GiB of page cache: a million conversations make a store of about 3.5 GB, and
            // random-key B-tree inserts that miss the cache cost a read each
            st.execute("PRAGMA cache_size=-4194304");
            st.execute("PRAGMA temp_store=MEMORY");
            st.execute("PRAGMA foreign_keys=OFF"); // consistent by construction; checked by the tests
        }
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (String table : LOADED) {
                try (ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                        + " AND sql IS NOT NULL AND tbl_name = '" + table + "'")) {
                    while (rs.next()) {
                        droppedIndexes.add(rs.getString(2));
                    }
                }
            }
            for (String sql : droppedIndexes) {
                st.execute("DROP INDEX " + indexName(sql));
            }
            st.execute("INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 268435456)");
        }
        conversation = connection.prepareStatement("""
                INSERT INTO conversations (conversation_id, short_id, title, category_id, status, created_at,
                    created_by, main_user_id, shared_aggregate, shared_id, related_domain, related_aggregate,
                    related_id, notification_roles, last_message_id, last_message_at, last_message_by, sort_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)""");
        entry = connection.prepareStatement("""
                INSERT INTO timeline_entries (entry_id, conversation_id, seq, type, created_at, created_by, content,
                    internal, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        search = connection.prepareStatement(
                "INSERT INTO search_index (conversation_id, entry_id, internal, body) VALUES (?, ?, ?, ?)");
        return SeedChecks.categories(connection);
    }

    /** The name in {@code CREATE [UNIQUE] INDEX name ON …}. */
    private static String indexName(String createSql) {
        String[] words = createSql.trim().split("\\s+");
        return words[1].equalsIgnoreCase("UNIQUE") ? words[3] : words[2];
    }

    @Override
    public void directory(Directory d) throws Exception {
        DirectoryRows.insert(connection, d);
    }

    @Override
    public void conversations(List<SyntheticConversation> batch, Directory d) throws SQLException {
        for (SyntheticConversation c : batch) {
            int i = 1;
            conversation.setString(i++, c.id);
            conversation.setString(i++, c.shortId);
            conversation.setString(i++, c.title);
            conversation.setString(i++, c.categoryId);
            conversation.setString(i++, c.status);
            conversation.setLong(i++, c.createdAt);
            conversation.setString(i++, d.userId(c.createdBy));
            conversation.setString(i++, d.userId(c.mainUser));
            conversation.setString(i++, c.sharedAggregate);
            conversation.setString(i++, c.sharedId);
            conversation.setString(i++, c.relatedDomain);
            conversation.setString(i++, c.relatedAggregate);
            conversation.setString(i++, c.relatedId);
            conversation.setString(i++, c.lastMessageId);
            if (c.lastMessageId == null) {
                conversation.setNull(i++, Types.BIGINT);
                conversation.setNull(i++, Types.VARCHAR);
            } else {
                conversation.setLong(i++, c.lastMessageAt);
                conversation.setString(i++, d.userId(c.lastMessageBy));
            }
            conversation.setLong(i, c.sortAt());
            conversation.executeUpdate();
            search(c.id, null, false, c.searchText());
            for (SyntheticConversation.Entry e : c.entries) {
                entry.setString(1, e.id());
                entry.setString(2, c.id);
                entry.setLong(3, e.seq());
                entry.setString(4, e.type());
                entry.setLong(5, e.createdAt());
                entry.setString(6, d.userId(e.createdBy()));
                entry.setString(7, e.content());
                entry.setInt(8, e.internal() ? 1 : 0);
                if (e.editedAt() < 0) {
                    entry.setNull(9, Types.BIGINT);
                } else {
                    entry.setLong(9, e.editedAt());
                }
                entry.executeUpdate();
                if (e.indexed()) {
                    search(c.id, e.id(), e.internal(), e.content());
                }
            }
        }
    }

    private void search(String conversationId, String entryId, boolean internal, String text) throws SQLException {
        search.setString(1, conversationId);
        search.setString(2, entryId);
        search.setInt(3, internal ? 1 : 0);
        search.setString(4, SearchIndex.body(Engine.SQLITE, text));
        search.executeUpdate();
    }

    @Override
    public void events(EventBuffer events, String[] conversationIds, Directory d) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO events (position, type, conversation_id, actor_id, created_at) VALUES (?, ?, ?, ?, ?)")) {
            events.forEach((position, type, conversation, actor, at) -> {
                insert.setLong(1, position);
                insert.setString(2, type);
                insert.setString(3, conversationIds[conversation]);
                insert.setString(4, d.userId(actor));
                insert.setLong(5, at);
                insert.executeUpdate();
            });
        }
    }

    @Override
    public void finish(Phases phases) throws Exception {
        try (Statement st = connection.createStatement()) {
            phases.time("sqlite: secondary indexes", () -> {
                for (String sql : droppedIndexes) {
                    st.execute(sql);
                }
            });
            phases.time("sqlite: search keys", () -> st.execute(SqliteSearchKeys.KEY_ALL_ROWS));
            st.execute("DELETE FROM search_index_config WHERE k = 'hashsize'");
            phases.time("sqlite: commit", connection::commit);
            // statistics, as after an import (TransferSql.analyze)
            phases.time("sqlite: analyze", () -> {
                st.execute("ANALYZE");
                connection.commit();
            });
            connection.setAutoCommit(true);
            st.execute("PRAGMA journal_mode=WAL");
            journalChanged = false;
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            if (journalChanged) {
                try (Statement st = connection.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL"); // as the server left it
                }
            }
            connection.close();
        }
    }
}
