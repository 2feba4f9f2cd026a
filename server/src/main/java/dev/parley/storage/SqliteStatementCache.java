package dev.parley.storage;

import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements of a SQLite connection kept for its next use of the same SQL. SQLite
 * compiles a statement on every prepare, with the triggers it fires (a message's
 * {@code UPDATE conversations} brings the viewer and queue triggers): at one million conversations
 * preparing took 15 % of the single writer thread's CPU. pgjdbc keeps server-side prepared
 * statements itself; sqlite-jdbc, HikariCP and Jdbi keep none, so this does, per physical
 * connection (a pooled connection outlives the handles that borrow it).
 *
 * <p>A statement is handed out to one use at a time: the same SQL asked for again while its
 * statement is in use (a query run inside the iteration of its own results) gets a statement of
 * its own, closed after use as usual. A returned statement has its parameters cleared; its results
 * were closed before by Jdbi, which also returns the statement of results left open when their
 * handle closes ({@code SqliteStatementCacheTest}). Statements that return generated keys or updatable results are never
 * kept. Up to {@link #PER_CONNECTION} statements per connection, the least recently used closed
 * first; all of them end with their connection (sqlite-jdbc finalizes them when it closes), and
 * the cache forgets a closed connection when the next new one comes.
 */
final class SqliteStatementCache implements StatementBuilderFactory {
    static final int PER_CONNECTION = 128;

    /** By physical connection; a connection's entry goes once it is closed (the pool retires connections). */
    private final Map<SQLiteConnection, Statements> byConnection = new ConcurrentHashMap<>();

    /** One for every handle: it holds no state of its own (the statements are kept by connection). */
    private final Builder builder = new Builder();

    @Override
    public StatementBuilder createStatementBuilder(Connection connection) {
        return builder;
    }

    /**
     * The statements kept for one connection, by their SQL as prepared, and by identity (Jdbi
     * returns a statement with its SQL as written, named parameters and all); only the thread
     * that holds the connection uses them.
     */
    private static final class Statements extends LinkedHashMap<String, Kept> {
        final Map<Statement, Kept> byIdentity = new IdentityHashMap<>();

        Statements() {
            super(16, 0.75f, true); // access order: the eldest is the least recently used
        }

        void keep(String sql, Kept kept) {
            put(sql, kept);
            byIdentity.put(kept.statement, kept);
        }

        void drop(String sql, Kept kept) {
            remove(sql, kept);
            byIdentity.remove(kept.statement);
            closeQuietly(kept.statement);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            if (size() <= PER_CONNECTION || eldest.getValue().inUse) {
                return false;
            }
            byIdentity.remove(eldest.getValue().statement);
            closeQuietly(eldest.getValue().statement);
            return true;
        }
    }

    private static final class Kept {
        final String sql;
        final PreparedStatement statement;
        boolean inUse;

        Kept(String sql, PreparedStatement statement) {
            this.sql = sql;
            this.statement = statement;
        }
    }

    private final class Builder implements StatementBuilder {
        private final StatementBuilder plain = new DefaultStatementBuilder();

        @Override
        public Statement create(Connection conn, StatementContext ctx) throws SQLException {
            return plain.create(conn, ctx);
        }

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            SQLiteConnection physical = ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable() ? null : physical(conn);
            if (physical == null) {
                return plain.create(conn, sql, ctx);
            }
            Statements statements = statementsOf(physical);
            Kept kept = statements.get(sql);
            if (kept != null && kept.statement.isClosed()) {
                statements.drop(sql, kept);
                kept = null;
            }
            if (kept == null) {
                kept = new Kept(sql, physical.prepareStatement(sql));
                statements.keep(sql, kept);
            } else if (kept.inUse) {
                return plain.create(conn, sql, ctx); // the same SQL nested in its own use
            }
            kept.inUse = true;
            return kept.statement;
        }

        @Override
        public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
            return plain.createCall(conn, sql, ctx);
        }

        @Override
        public void close(Connection conn, String sql, Statement stmt) throws SQLException {
            SQLiteConnection physical = physical(conn);
            Statements statements = physical == null ? null : byConnection.get(physical);
            Kept kept = statements == null ? null : statements.byIdentity.get(stmt);
            if (kept == null) { // not kept (nested, generated keys) or dropped meanwhile
                plain.close(conn, sql, stmt);
                return;
            }
            release(statements, kept);
        }
    }

    /** The SQLite connection under the pool's, or null (another driver: nothing is kept). */
    private static SQLiteConnection physical(Connection conn) throws SQLException {
        return conn.isWrapperFor(SQLiteConnection.class) ? conn.unwrap(SQLiteConnection.class) : null;
    }

    /**
     * The statements of {@code connection}; its first use also forgets the connections closed
     * since (a new connection is how the pool replaces them), whose statements SQLite freed.
     */
    private Statements statementsOf(SQLiteConnection connection) {
        Statements statements = byConnection.get(connection);
        if (statements == null) {
            byConnection.keySet().removeIf(SqliteStatementCache::isClosed);
            statements = byConnection.computeIfAbsent(connection, c -> new Statements());
        }
        return statements;
    }

    /** Connections kept for (tests). */
    int connections() {
        return byConnection.size();
    }

    private static boolean isClosed(SQLiteConnection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Back into the cache with its parameters cleared (Jdbi closed its results, which reset it); dropped if that fails. */
    private static void release(Statements statements, Kept kept) {
        kept.inUse = false;
        try {
            kept.statement.clearParameters();
        } catch (SQLException e) { // closed or broken: not kept
            statements.drop(kept.sql, kept);
        }
    }

    private static void closeQuietly(Statement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // closing a statement of a closed connection
        }
    }
}
