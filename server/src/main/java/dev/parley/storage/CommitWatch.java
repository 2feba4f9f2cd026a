package dev.parley.storage;

import org.jdbi.v3.core.Handle;

/**
 * A value read in every write transaction just before it commits and reported once the commit
 * succeeded: how a node learns, without a read of its own, what its writes made of a counter
 * that triggers keep (the identity version). On SQLite one read serves a whole group-commit
 * batch. The read runs inside the transaction: if it fails, the transaction fails with it.
 */
public interface CommitWatch {
    /** Reads the value inside the transaction, after the work and before the commit. */
    long beforeCommit(Handle h);

    /** Told the value read, after the commit succeeded and before any writer is answered. */
    void committed(long value);
}
