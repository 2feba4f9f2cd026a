package dev.parley.events.stream;

import dev.parley.events.EventLog;
import dev.parley.identity.Caller;

import java.util.Set;

/**
 * Whether a caller receives one event live. The conversation's audience is the visibility rule's
 * (employees, or the caller's {@code conversation_viewers} row, passed in as {@code visible});
 * an event's own audience narrows it: staff-only events (staff notes) reach employees, events
 * for their actor (uploads not attached yet) reach that actor and employees. An audience this
 * code does not know is treated as staff-only, and an event without a conversation reaches
 * employees only.
 */
final class EventAudience {
    private EventAudience() {
    }

    static boolean receives(Caller caller, EventRow row, Set<String> visible) {
        if (caller.isEmployee()) {
            return true;
        }
        if (row.conversationId() == null || !visible.contains(StreamSql.pair(caller.userId(), row.conversationId()))) {
            return false;
        }
        if (row.audience() == null) {
            return true;
        }
        return EventLog.ACTOR.equals(row.audience()) && caller.userId().equals(row.actorId());
    }
}
