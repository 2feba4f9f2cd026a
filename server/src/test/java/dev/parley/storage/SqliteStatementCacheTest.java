package dev.parley.storage;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SqliteStatementCache} on a SQLite store (on either test engine: the cache is SQLite's):
 * a statement is prepared once per connection and handed out again, and reuse never changes an
 * answer. Tried: the same SQL with other parameters, fewer parameters bound than before (cleared,
 * not left over), the same SQL inside the iteration of its own results, a query read only partly
 * (its snapshot must not stay open: a later read on that connection sees later commits), results
 * never closed by their handle, a
 * statement that failed, more distinct statements than are kept, connections closed one after
 * another (forgotten, not kept for ever), and many threads on the reader pool at once.
 */
class SqliteStatementCacheTest {
    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open("jdbc:sqlite:" + dir.resolve("parley.db"));
        db.write(h -> {
            h.execute("CREATE TABLE cache_rows (id INTEGER PRIMARY KEY, label TEXT NOT NULL, note TEXT)");
            for (int i = 1; i <= 5; i++) {
                h.execute("INSERT INTO cache_rows (id, label) VALUES (?, ?)", i, "row " + i);
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Records each statement a query executes with. */
    private static StatementCustomizer recordInto(List<PreparedStatement> seen) {
        return new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement stmt, org.jdbi.v3.core.statement.StatementContext ctx) {
                seen.add(stmt);
            }
        };
    }

    private static String label(Handle h, int id, List<PreparedStatement> seen) {
        return h.createQuery("SELECT label FROM cache_rows WHERE id = :id").bind("id", id)
                .addCustomizer(recordInto(seen)).mapTo(String.class).findOne().orElse(null);
    }

    @Test
    void theWriterPreparesAStatementOnceAndAnswersEachUseWithItsOwnParameters() {
        List<PreparedStatement> seen = new ArrayList<>();
        List<String> labels = db.write(h -> List.of(String.valueOf(label(h, 2, seen)), String.valueOf(label(h, 4, seen))));
        List<String> again = db.write(h -> List.of(String.valueOf(label(h, 9, seen)), String.valueOf(label(h, 1, seen))));
        assertThat(labels).containsExactly("row 2", "row 4");
        assertThat(again).containsExactly("null", "row 1");
        assertThat(seen).hasSize(4);
        assertThat(Set.copyOf(seen)).as("one statement for all four uses, across two transactions").hasSize(1);
    }

    @Test
    void parametersOfAnEarlierUseAreClearedNotCarriedOver() {
        db.write(h -> h.execute("UPDATE cache_rows SET note = ? WHERE id = ?", "first", 1));
        // the same SQL, the second parameter bound as NULL explicitly is what Jdbi does for a null
        db.write(h -> h.createUpdate("UPDATE cache_rows SET note = :note WHERE id = :id")
                .bind("note", "second").bind("id", 2).execute());
        db.write(h -> h.createUpdate("UPDATE cache_rows SET note = :note WHERE id = :id")
                .bindNull("note", java.sql.Types.VARCHAR).bind("id", 2).execute());
        List<String> notes = db.read(h -> h.createQuery("SELECT id || ':' || COALESCE(note, '-') FROM cache_rows ORDER BY id")
                .mapTo(String.class).list());
        assertThat(notes).containsExactly("1:first", "2:-", "3:-", "4:-", "5:-");
    }

    @Test
    void theSameSqlInsideTheIterationOfItsOwnResultsGetsAStatementOfItsOwn() {
        String sql = "SELECT id FROM cache_rows WHERE id >= :from ORDER BY id";
        List<String> pairs = db.read(h -> {
            List<String> out = new ArrayList<>();
            try (var outer = h.createQuery(sql).bind("from", 4).mapTo(Integer.class).stream()) {
                outer.forEach(id -> out.add(id + "->" + h.createQuery(sql).bind("from", id + 1).mapTo(Integer.class).list()));
            }
            return out;
        });
        assertThat(pairs).containsExactly("4->[5]", "5->[]");
        // and the kept statement is whole afterwards
        List<Integer> after = db.read(h -> h.createQuery(sql).bind("from", 3).mapTo(Integer.class).list());
        assertThat(after).containsExactly(3, 4, 5);
    }

    @Test
    void aQueryReadOnlyPartlyDoesNotKeepItsSnapshotOnTheConnection() {
        List<Object> seen = db.read(reader -> {
            String first = reader.createQuery("SELECT label FROM cache_rows ORDER BY id").mapTo(String.class).first();
            db.write(h -> h.execute("INSERT INTO cache_rows (id, label) VALUES (6, 'row 6')"));
            // the same connection, the same (kept) statement, and another one: both see the commit
            List<String> all = reader.createQuery("SELECT label FROM cache_rows ORDER BY id").mapTo(String.class).list();
            int count = reader.createQuery("SELECT count(*) FROM cache_rows").mapTo(Integer.class).one();
            return List.of(first, all, count);
        });
        assertThat(seen.get(0)).isEqualTo("row 1");
        assertThat((List<?>) seen.get(1)).hasSize(6).last().isEqualTo("row 6");
        assertThat(seen.get(2)).isEqualTo(6);
    }

    @Test
    void resultsLeftOpenWhenTheHandleClosesDoNotKeepItsSnapshot() {
        String sql = "SELECT label FROM cache_rows ORDER BY id";
        for (int round = 0; round < 3; round++) {
            int id = 20 + round;
            String first = db.read(h -> {
                var rows = h.createQuery(sql).mapTo(String.class).iterator(); // read one row, never closed
                return rows.next();
            });
            assertThat(first).isEqualTo("row 1");
            db.write(h -> h.execute("INSERT INTO cache_rows (id, label) VALUES (?, ?)", id, "row " + id));
            List<String> all = db.read(h -> h.createQuery(sql).mapTo(String.class).list());
            assertThat(all).hasSize(6 + round).last().isEqualTo("row " + id);
        }
    }

    @Test
    void aStatementThatFailedIsUsableAgain() {
        String insert = "INSERT INTO cache_rows (id, label) VALUES (:id, :label)";
        for (int attempt = 0; attempt < 3; attempt++) {
            int n = attempt;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.write(h ->
                    h.createUpdate(insert).bind("id", 1).bind("label", "duplicate " + n).execute()))
                    .hasMessageContaining("UNIQUE");
            db.write(h -> h.createUpdate(insert).bind("id", 10 + n).bind("label", "new " + n).execute());
        }
        List<String> added = db.read(h -> h.createQuery("SELECT label FROM cache_rows WHERE id >= 10 ORDER BY id")
                .mapTo(String.class).list());
        String kept = db.read(h -> h.createQuery("SELECT label FROM cache_rows WHERE id = 1").mapTo(String.class).one());
        assertThat(added).containsExactly("new 0", "new 1", "new 2");
        assertThat(kept).isEqualTo("row 1");
    }

    @Test
    void moreDistinctStatementsThanAreKeptStillAnswerRight() {
        int distinct = SqliteStatementCache.PER_CONNECTION * 2 + 7;
        for (int round = 0; round < 2; round++) {
            List<Integer> answers = db.write(h -> {
                List<Integer> out = new ArrayList<>();
                for (int i = 0; i < distinct; i++) { // each SQL text is different
                    out.add(h.createQuery("SELECT " + i + " + count(*) FROM cache_rows").mapTo(Integer.class).one());
                }
                return out;
            });
            for (int i = 0; i < distinct; i++) {
                assertThat(answers.get(i)).isEqualTo(i + 5);
            }
        }
    }

    @Test
    void closedConnectionsAreForgottenWithTheirStatements() {
        // every handle on its own connection, closed with it: as a pool retiring connections
        String url = "jdbc:sqlite:" + dir.resolve("parley.db");
        SqliteStatementCache cache = new SqliteStatementCache();
        org.jdbi.v3.core.Jdbi jdbi = org.jdbi.v3.core.Jdbi.create(() -> java.sql.DriverManager.getConnection(url));
        jdbi.setStatementBuilderFactory(cache);
        for (int i = 1; i <= 50; i++) {
            int id = 1 + i % 5;
            String label = jdbi.withHandle(h -> h.createQuery("SELECT label FROM cache_rows WHERE id = :id")
                    .bind("id", id).mapTo(String.class).one());
            assertThat(label).isEqualTo("row " + id);
        }
        assertThat(cache.connections()).as("only the last connection's entry, not one per connection ever used").isEqualTo(1);
    }

    @Test
    void manyReadersAtOnceEachGetTheirOwnAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        Set<PreparedStatement> statements = ConcurrentHashMap.newKeySet();
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        int id = 1 + (i % 5);
                        List<PreparedStatement> seen = new ArrayList<>();
                        String got = db.read(h -> label(h, id, seen));
                        statements.addAll(seen);
                        if (!("row " + id).equals(got)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        // one statement per pooled reader connection at most (3,600 reads), a few more only while nested
        assertThat(statements.size()).isBetween(1, 16);
    }
}
