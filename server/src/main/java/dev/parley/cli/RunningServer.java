package dev.parley.cli;

import dev.parley.storage.StoreLock;

import java.util.Optional;

/**
 * What a writing admin command says when a Parley server runs on the same SQLite store (found by
 * its {@link StoreLock}; on PostgreSQL, where many nodes run, there is no such lock to look at).
 *
 * <p>Identity and setup changes (users, customers, projects, memberships, tokens, categories,
 * preferences) reach a running server within about 0.1 s: triggers raise
 * {@code identity_version}, which the server reads every 100 ms (identity/IdentityChanges), and
 * preferences are read from the store whenever a conversation is created. So those commands go ahead and say so.
 * Commands that would leave a running server stale or replace the store under it (import, a
 * schema migration) are refused instead.
 */
final class RunningServer {
    private RunningServer() {
    }

    /** The process holding the store, if any. */
    static Optional<StoreLock.Holder> of(StoreOptions store) {
        return StoreLock.holder(store.jdbcUrl());
    }

    /** After a change: tells (on stderr) that the running server sees it within about 0.1 s. */
    static void noteChange(StoreOptions store) {
        of(store).ifPresent(holder -> System.err.println("parley: note: " + holder
                + (holder.serving() ? " serves this store; it sees this change within about 0.1 s."
                : " is using this store too.")));
    }
}
