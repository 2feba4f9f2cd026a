package dev.parley.ops;

import dev.parley.events.EventListener;
import dev.parley.storage.Database;
import dev.parley.storage.Engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /readyz}: whether this node can serve. Each check answers "ok" (or "off" for a
 * feature not configured) or names what is wrong:
 * <ul>
 *   <li>{@code database}: a write transaction commits (SQLite: the header's user_version written
 *       back unchanged, a real write; PostgreSQL: the server is no standby and the transaction is
 *       not read-only);</li>
 *   <li>{@code schema}: no migration was applied since this node started (a newer Parley's);</li>
 *   <li>{@code eventListener} (PostgreSQL): the LISTEN connection that brings other nodes' writes;</li>
 *   <li>{@code mailOutbox}, {@code webhookOutbox}: no row a sender could take has waited past
 *       its due time for longer than {@link #STUCK_MILLIS}.</li>
 * </ul>
 * The answer is kept for a second, so a flood of probes costs the database one write a second.
 */
final class Readiness {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Readiness.class);
    static final long STUCK_MILLIS = 5 * 60_000;
    private static final long CACHE_MILLIS = 1_000;

    /** The checks by name, in a stable order, and whether all passed. */
    record Result(boolean ready, Map<String, String> checks) {
    }

    private final Database database;
    private final Optional<EventListener> listener;
    private final boolean mailOn;
    private final OutboxStats outboxes;
    private final long migrationsAtStart;
    private final Map<String, String> logged = new java.util.HashMap<>();
    private final java.util.concurrent.locks.ReentrantLock computing = new java.util.concurrent.locks.ReentrantLock();
    private volatile Result last;
    private volatile long lastAt;

    Readiness(Database database, Optional<EventListener> listener, boolean mailOn, OutboxStats outboxes) {
        this.database = database;
        this.listener = listener;
        this.mailOn = mailOn;
        this.outboxes = outboxes;
        this.migrationsAtStart = migrations(database);
    }

    /**
     * The latest result, computed again when older than a second. While one request computes it
     * (a database that hangs may take the pool's timeout), the others get the previous result
     * instead of queueing behind it.
     */
    Result check() {
        Result previous = last;
        if (previous != null && System.nanoTime() - lastAt <= CACHE_MILLIS * 1_000_000) {
            return previous;
        }
        if (previous != null && !computing.tryLock()) {
            return previous;
        }
        if (previous == null) {
            computing.lock();
        }
        try {
            if (last == null || System.nanoTime() - lastAt > CACHE_MILLIS * 1_000_000) {
                Result result = run();
                lastAt = System.nanoTime();
                last = result;
            }
            return last;
        } finally {
            computing.unlock();
        }
    }

    private Result run() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", attempt("database", this::writable));
        checks.put("schema", attempt("schema", () -> migrations(database) == migrationsAtStart
                ? "ok" : "changed since start: a newer Parley migrated it; restart this node with that version"));
        listener.ifPresent(l -> checks.put("eventListener", l.connected() ? "ok" : "not connected to PostgreSQL"));
        OutboxStats.Snapshot stats = outboxes.snapshot();
        checks.put("mailOutbox", !mailOn ? "off" : outbox(stats == null ? null : stats.mail()));
        checks.put("webhookOutbox", outbox(stats == null ? null : stats.webhook()));
        boolean ready = checks.values().stream().allMatch(v -> v.equals("ok") || v.equals("off"));
        return new Result(ready, checks);
    }

    private String writable() {
        return database.write(h -> {
            if (database.engine() == Engine.SQLITE) {
                int version = h.createQuery("PRAGMA user_version").mapTo(Integer.class).one();
                h.execute("PRAGMA user_version = " + version);
                return "ok";
            }
            boolean standby = h.createQuery("SELECT pg_is_in_recovery()").mapTo(Boolean.class).one();
            String readOnly = h.createQuery("SELECT current_setting('transaction_read_only')").mapTo(String.class).one();
            return standby ? "read-only: the server is a standby"
                    : "on".equals(readOnly) ? "read-only: transactions are read-only" : "ok";
        });
    }

    static String outbox(OutboxStats.Outbox outbox) {
        if (outbox == null) {
            return "unknown: the database cannot be read";
        }
        return outbox.oldestDueMillis() > STUCK_MILLIS
                ? "stuck: a due row has waited " + outbox.oldestDueMillis() / 1000 + " s" : "ok";
    }

    private static long migrations(Database database) {
        return database.read(h -> h.createQuery("SELECT COUNT(*) FROM flyway_schema_history")
                .mapTo(Long.class).one());
    }

    /**
     * A check's answer, or "failed" when it threw: the cause goes to the log (once per change),
     * not to the unauthenticated answer.
     */
    private String attempt(String name, java.util.function.Supplier<String> check) {
        try {
            String answer = check.get();
            logged.remove(name);
            return answer;
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!why.equals(logged.put(name, why))) {
                LOG.warn("Readiness check {} failed: {}", name, why);
            }
            return "failed";
        }
    }
}
