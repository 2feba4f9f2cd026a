package dev.parley.testing;

import dev.parley.storage.Database;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records the SQL a server runs on its request threads, to show what a request costs. Statements
 * of Parley's background threads (all named {@code parley-…}: the SQLite writer, the event
 * listener, the orphan sweeper) are left out, since they run whenever their schedule says.
 */
public final class StatementLog implements SqlLogger {
    private final Queue<String> statements = new ConcurrentLinkedQueue<>();

    /** Starts recording the statements {@code server} runs from now on. */
    public static StatementLog on(TestServer server) {
        return on(server.parley().database());
    }

    public static StatementLog on(Database database) {
        StatementLog log = new StatementLog();
        database.setSqlLogger(log);
        return log;
    }

    private void record(StatementContext context) {
        if (!Thread.currentThread().getName().startsWith("parley-")) {
            statements.add(context.getRenderedSql().strip().replaceAll("\\s+", " "));
        }
    }

    @Override
    public void logAfterExecution(StatementContext context) {
        record(context);
    }

    @Override
    public void logException(StatementContext context, SQLException ex) {
        record(context);
    }

    /** The statements recorded since the last {@link #clear()}, in order. */
    public List<String> statements() {
        return new ArrayList<>(statements);
    }

    public void clear() {
        statements.clear();
    }
}
