package dev.parley.storage;

import org.jdbi.v3.core.Jdbi;

/**
 * Where this thread's {@link Database#read} calls go while a request is handled: the replica, or
 * the primary's reader. Opened by {@link Database#routeReads}; closing it restores the default
 * (the primary), so reads outside a request (sweeps, listeners, exports) never see a replica.
 */
public final class ReadRoute implements AutoCloseable {
    static final ThreadLocal<ReadRoute> CURRENT = new ThreadLocal<>();

    private final Jdbi jdbi;
    private final boolean replica;
    private final ReadRoute previous;

    ReadRoute(Jdbi jdbi, boolean replica) {
        this.jdbi = jdbi;
        this.replica = replica;
        this.previous = CURRENT.get();
        CURRENT.set(this);
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** Whether this thread's reads go to the replica now (a request routed there). */
    public static boolean currentIsReplica() {
        ReadRoute route = CURRENT.get();
        return route != null && route.replica;
    }

    /** Whether the reads in this route go to the replica. */
    public boolean replica() {
        return replica;
    }

    @Override
    public void close() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
