package dev.parley.events;

import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the conversations of events this node learns about only by position (another node's
 * notification, a poll of the log's head): reads the log from the last position it scanned.
 *
 * <p>On PostgreSQL positions are taken from a sequence before the transaction commits, so a
 * position below one already scanned may commit later ("out of order"). Every commit is also
 * notified with its own position, which is then looked up alone; and positions a scan found
 * missing (uncommitted then, or rolled back) are looked up again with every later scan for
 * {@link #HOLE_TTL_NANOS}, so that a late commit whose notification was lost (the listening
 * connection down) is found too. Not thread-safe: {@link EventLog} calls it under its lock.
 */
final class EventScanner {
    /** How long a missing position is looked for again. */
    static final long HOLE_TTL_NANOS = 60_000_000_000L;
    /** At most this many missing positions are remembered (the oldest are dropped first). */
    static final int MAX_HOLES = 10_000;

    private long scanned;
    /** Missing positions and when they were first missed. */
    private final Map<Long, Long> holes = new LinkedHashMap<>();
    private final long holeTtlNanos;

    EventScanner(long scanned) {
        this(scanned, HOLE_TTL_NANOS);
    }

    /** @param holeTtlNanos how long a missing position is looked for again (tests shorten it) */
    EventScanner(long scanned, long holeTtlNanos) {
        this.scanned = scanned;
        this.holeTtlNanos = holeTtlNanos;
    }

    long scanned() {
        return scanned;
    }

    /** The conversations of events in (scanned, position] and of earlier holes that have appeared. */
    List<String> scanTo(Handle h, long position) {
        long from = scanned;
        long now = System.nanoTime();
        holes.values().removeIf(missedAt -> now - missedAt > holeTtlNanos);
        List<Long> lookAgain = new ArrayList<>(holes.keySet());
        StringBuilder sql = new StringBuilder(
                "SELECT position, conversation_id FROM events WHERE position > :from AND position <= :to");
        if (!lookAgain.isEmpty()) {
            sql.append(" OR position IN (<holes>)");
        }
        var query = h.createQuery(sql.toString()).bind("from", from).bind("to", position);
        if (!lookAgain.isEmpty()) {
            query.bindList("holes", lookAgain);
        }
        List<String> conversations = new ArrayList<>();
        java.util.BitSet found = new java.util.BitSet();
        query.map((rs, ctx) -> new Object[]{rs.getLong(1), rs.getString(2)}).forEach(row -> {
            long p = (Long) row[0];
            if (p > from && p - from <= Integer.MAX_VALUE) {
                found.set((int) (p - from));
            }
            holes.remove(p);
            if (row[1] != null) {
                conversations.add((String) row[1]);
            }
        });
        // a long gap is a jump of the sequence (an import, a restore), not uncommitted transactions
        if (position - from <= MAX_HOLES) {
            for (long p = from + 1; p <= position; p++) {
                if (!found.get((int) (p - from))) {
                    holes.put(p, now);
                }
            }
        }
        Iterator<Long> oldest = holes.keySet().iterator();
        while (holes.size() > MAX_HOLES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        scanned = position;
        return conversations;
    }

    /** The conversation of one position at or below the scanned one (a late commit's notification). */
    static List<String> lookUp(Handle h, long position) {
        return h.createQuery("SELECT conversation_id FROM events WHERE position = :p").bind("p", position)
                .mapTo(String.class).list();
    }

    /** Whether a scan found {@code position} missing and it is still looked for. */
    boolean isHole(long position) {
        return holes.containsKey(position);
    }

    /** The lowest position still looked for; Long.MAX_VALUE when none is. */
    long lowestHole() {
        long lowest = Long.MAX_VALUE;
        for (long p : holes.keySet()) {
            lowest = Math.min(lowest, p);
        }
        return lowest;
    }

    /** Whether positions a scan found missing are still looked for. */
    boolean hasHoles() {
        return !holes.isEmpty();
    }

    /** Moves past the next position, whose conversation the caller knows (its own commit). */
    void skipTo(long position) {
        scanned = position;
    }

    /** Forgets a position looked up on its own. */
    void found(long position) {
        holes.remove(position);
    }
}
