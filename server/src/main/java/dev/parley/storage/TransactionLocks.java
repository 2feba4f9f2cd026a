package dev.parley.storage;

import org.jdbi.v3.core.Handle;

/**
 * Named locks held to the end of the current write transaction, for check-then-create work that
 * several nodes may do at once on one database (the demo directory, the default categories at
 * first start). PostgreSQL: a transaction-scoped advisory lock; SQLite has one writer at a time
 * already.
 */
public final class TransactionLocks {
    private TransactionLocks() {
    }

    /** Waits until no other transaction holds {@code name}, and holds it until this one ends. */
    public static void exclusive(Handle h, String name) {
        if (Engine.of(h) == Engine.POSTGRESQL) {
            h.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:name))) AS locked")
                    .bind("name", "parley:" + name).mapTo(Integer.class).one();
        }
    }
}
