package dev.parley.events;

import dev.parley.storage.CommitNotices;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Notices between nodes about state that is not an event (nothing any client follows, nothing
 * kept in the log), so that what a node keeps in memory of it can be dropped when another node
 * changes it: a per-user read state, for one. On PostgreSQL a signal is a {@code NOTIFY} sent
 * when the writing transaction has committed (never if it rolls back; {@link CommitNotices}); SQLite has
 * one node, which the writer tells itself. The writer always tells its own node after the commit
 * (without waiting for the notification).
 *
 * <p>A node that lost its listening connection may have missed signals: every listener is told
 * {@link Listener#missed} when the connection is (re)established, and drops what it keeps.
 */
public final class Signals {
    /** Told of each signal on its channel, and of signals possibly missed. */
    public interface Listener {
        void signalled(String payload);

        /** Signals may have been lost (the listening connection was down, or had not started). */
        void missed();
    }

    private final Map<String, List<Listener>> listeners = new ConcurrentHashMap<>();
    private final List<Runnable> polls = new CopyOnWriteArrayList<>();

    /** Listens on {@code channel} (a lower-case SQL identifier). */
    public void on(String channel, Listener listener) {
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /**
     * Runs {@code poll} with the listening thread's look at the event log's head, about once a
     * second whether the connection is up or not (PostgreSQL only): for state a lost signal
     * must not leave stale for longer. {@code poll} handles its own failures.
     */
    public void everyPoll(Runnable poll) {
        polls.add(poll);
    }

    /**
     * Sends a signal with the caller's transaction: to the other nodes on PostgreSQL once it
     * commits ({@link CommitNotices}: right after the commit, never if it rolls back).
     */
    public static void send(Handle h, String channel, String payload) {
        CommitNotices.send(h, channel, payload);
    }

    Set<String> channels() {
        return Set.copyOf(listeners.keySet());
    }

    void deliver(String channel, String payload) {
        listeners.getOrDefault(channel, List.of()).forEach(l -> l.signalled(payload));
    }

    void polled() {
        polls.forEach(Runnable::run);
    }

    void missed(String channel) {
        listeners.getOrDefault(channel, List.of()).forEach(Listener::missed);
    }
}
