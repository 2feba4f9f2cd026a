package dev.parley.api;

import dev.parley.storage.Database;
import dev.parley.storage.ReadRoute;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs a read operation with its reads on the read replica when the replica has applied the event
 * the request asks for ({@code if-event-reached}), else on the primary.
 *
 * <p>The replica is never trusted to say that something does not exist: a 404 it produced is
 * answered again from the primary, so a client that does not send {@code if-event-reached}
 * still finds what it has just created (it may see other data a little behind). A replica that
 * fails mid-request is likewise replaced by the primary; read handlers have no side effects, so
 * running one twice is safe.
 */
final class ReadRouting {
    /** A read handler bound to its request. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private final Database database;

    ReadRouting(Database database) {
        this.database = database;
    }

    void run(long requiredPosition, Work work) throws Exception {
        Exception replicaFailure;
        try (ReadRoute route = database.routeReads(requiredPosition)) {
            try {
                work.run();
                return;
            } catch (ApiError e) {
                if (!route.replica() || e.status() != 404) {
                    throw e;
                }
                replicaFailure = null;
            } catch (JdbiException e) {
                if (!route.replica()) {
                    throw e;
                }
                replicaFailure = e;
            }
        }
        try (ReadRoute primary = database.routeReadsToPrimary(replicaFailure)) {
            work.run();
        }
    }
}
