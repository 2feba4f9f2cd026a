package dev.parley.conversation;

import dev.parley.storage.Database;
import dev.parley.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQLite: a rename and an edit find the full-text row they replace through its key in
 * {@code search_keys} (migration V20), not by scanning the FTS5 table. Checked: an older store's
 * rows all get their keys when it migrates, and a rename and an edit then replace exactly their
 * row; rows that share a title, a body or most of an id with the row replaced stay (ids tried:
 * UUIDs, an id that is the start of another's words, ids with spaces, quotes, dashes and FTS5
 * syntax, {@code NEAR}, {@code *}); a rebuild keys every row; and the lookups are FTS5 term
 * lookups (their plans constrain both FTS5 tables).
 */
class SqliteSearchKeysTest {
    @TempDir
    Path dir;
    private String url;
    private Database database;

    @BeforeEach
    void open() {
        Assumptions.assumeFalse(TestDatabase.isPostgresql(), "SQLite's schema (the PostgreSQL run would repeat the SQLite run)");
        url = "jdbc:sqlite:" + dir.resolve("parley.db");
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void anOlderStoreKeysEveryRowAndARenameAndAnEditThenReplaceTheirRows() throws Exception {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration/sqlite").target("19").load().migrate();
        String c1 = "6f1c1d2e-0000-4000-8000-000000000001";
        String c2 = "6f1c1d2e-0000-4000-8000-000000000002";
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO search_index (conversation_id, entry_id, internal, body) VALUES"
                    + " ('" + c1 + "', NULL, 0, 'Printer jammed AB12'), ('" + c1 + "', 'e-1', 0, 'toner is empty'),"
                    + " ('" + c1 + "', 'e-2', 1, 'internal: toner ordered'), ('" + c2 + "', NULL, 0, 'Printer jammed AB13')");
            st.execute("DELETE FROM search_index WHERE entry_id = 'e-1'"); // a gap in the rowids
            st.execute("INSERT INTO search_index (conversation_id, entry_id, internal, body) VALUES ('" + c2 + "', 'e-3', 0, 'toner is empty')");
        }

        database = Database.open(url);
        assertThat(rowsWithoutKey()).isZero();

        database.write(h -> {
            SearchIndex.indexConversation(h, c1, "Scanner offline", "AB12");
            SearchIndex.removeEntry(h, "e-2");
            return null;
        });
        assertThat(matches("printer")).containsExactly(c2 + "|-");
        assertThat(matches("scanner")).containsExactly(c1 + "|-");
        assertThat(matches("toner")).containsExactly(c2 + "|e-3");
        assertThat(rowsWithoutKey()).isZero();
    }

    @Test
    void aRenameAndAnEditReplaceOnlyTheirRow() {
        database = Database.open(url);
        List<String> ids = List.of("7d3a3f9e-5b1e-4c1a-9d7e-2b8f0e6c4a11", "x y", "x y z", "y z", "a\"b", "a b", "NEAR(x y)", "x*", "x", "-x");
        database.write(h -> {
            SearchIndex.indexConversation(h, "c1", "Printer jammed", "AB12");
            SearchIndex.indexConversation(h, "c2", "Printer jammed", "AB13");
            for (String id : ids) {
                h.execute("INSERT INTO search_index (conversation_id, entry_id, internal, body) VALUES ('c3', ?, 0, 'same words')", id);
                SqliteSearchKeys.keyLastRow(h, "c3", id);
            }
            return null;
        });
        assertThat(rowsWithoutKey()).isZero();

        database.write(h -> {
            SearchIndex.indexConversation(h, "c1", "Scanner offline", "AB12");
            return null;
        });
        assertThat(matches("printer")).containsExactly("c2|-");
        assertThat(matches("scanner")).containsExactly("c1|-");

        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            database.write(h -> {
                SearchIndex.removeEntry(h, id);
                return null;
            });
            assertThat(matches("same")).as("after removing %s", id)
                    .containsExactlyInAnyOrderElementsOf(ids.subList(i + 1, ids.size()).stream().map(e -> "c3|" + e).toList());
        }
        assertThat(rowsWithoutKey()).isZero();
    }

    @Test
    void aRebuildKeysEveryRow() {
        database = Database.open(url);
        database.write(h -> {
            SearchIndex.indexConversation(h, "c1", "Printer jammed", "AB12");
            h.execute("INSERT INTO search_index (conversation_id, entry_id, internal, body) VALUES ('c1', 'e1', 0, 'by hand, no key')");
            return null;
        });
        assertThat(rowsWithoutKey()).isEqualTo(1);

        database.write(h -> {
            h.execute("INSERT INTO users (user_id, clear_name, created_at) VALUES ('u1', 'Ada', 1)");
            h.execute("INSERT INTO conversations (conversation_id, short_id, title, status, created_at, created_by, main_user_id, sort_at)"
                    + " VALUES ('c9', 'ZZ99', 'Rebuilt title', 'open', 1, 'u1', 'u1', 1)");
            h.execute("INSERT INTO timeline_entries (entry_id, conversation_id, seq, type, created_at, created_by, content)"
                    + " VALUES ('m1', 'c9', 1, 'MESSAGE', 1, 'u1', 'rebuilt message')");
            SearchIndex.rebuild(h);
            return null;
        });
        assertThat(rowsWithoutKey()).isZero();
        database.write(h -> {
            SearchIndex.indexConversation(h, "c9", "Renamed after the rebuild", "ZZ99");
            return null;
        });
        database.write(h -> {
            SearchIndex.removeEntry(h, "m1");
            return null;
        });
        assertThat(matches("rebuilt")).isEmpty();
        assertThat(matches("renamed")).containsExactly("c9|-");
    }

    @Test
    void theLookupsConstrainBothFts5Tables() {
        database = Database.open(url);
        for (String sql : List.of(SqliteSearchKeys.TITLE_ROW, SqliteSearchKeys.ENTRY_ROW)) {
            List<String> plan = database.read(h -> h.createQuery("EXPLAIN QUERY PLAN " + sql.replace(":c", "'c'").replace(":e", "'e'"))
                    .map((rs, ctx) -> rs.getString("detail")).list());
            // an FTS5 table read with no constraint shows an empty index string: "VIRTUAL TABLE INDEX 0:"
            assertThat(plan).as(sql).anySatisfy(step -> assertThat(step).startsWith("SCAN search_index VIRTUAL TABLE INDEX"))
                    .anySatisfy(step -> assertThat(step).startsWith("SCAN search_keys VIRTUAL TABLE INDEX"))
                    .allSatisfy(step -> assertThat(step).doesNotEndWith(":"));
        }
    }

    private long rowsWithoutKey() {
        Long n = database.read(h -> h.createQuery(SqliteSearchKeys.ROWS_WITHOUT_KEY).mapTo(Long.class).one());
        return n;
    }

    /** conversation|entry of the rows whose words match {@code word} */
    private List<String> matches(String word) {
        List<String> found = database.read(h -> h.createQuery("SELECT conversation_id || '|' || COALESCE(entry_id, '-')"
                        + " FROM search_index WHERE search_index MATCH :q").bind("q", word).mapTo(String.class).list());
        return found;
    }
}
