package dev.parley.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.Mutation;
import dev.parley.identity.Caller;

/**
 * The staff desk's services for the web desk's pages: the same calls (and access rules) as the
 * API extensions in {@link DeskHandlers}, nothing of their own.
 */
public final class DeskServices {
    private final Assignments assignments;
    private final ReadStates readStates;
    private final CustomerContext context;
    private final DeskQueue queue;

    DeskServices(Assignments assignments, ReadStates readStates, CustomerContext context, DeskQueue queue) {
        this.assignments = assignments;
        this.readStates = readStates;
        this.context = context;
        this.queue = queue;
    }

    /** The queue and read states as the desk's list pages show them (the API's queue, same cache). */
    public DeskQueue queue() {
        return queue;
    }

    /** {@code {conversationId, assigneeId, assignedAt, assignedBy}}; staff only. */
    public ObjectNode assignment(Caller caller, String idOrShortId) {
        return assignments.get(caller, idOrShortId);
    }

    /** @param assigneeId an active employee's userId, or null to unassign; staff only */
    public Mutation<ObjectNode> assign(Caller caller, String idOrShortId, String assigneeId) {
        return assignments.assign(caller, idOrShortId, assigneeId);
    }

    /** {@code {conversationId, lastReadAt, unread, lastActivityAt}} for the caller. */
    public ObjectNode readState(Caller caller, String idOrShortId) {
        return readStates.get(caller, idOrShortId);
    }

    public ObjectNode markRead(Caller caller, String idOrShortId) {
        return readStates.markRead(caller, idOrShortId);
    }

    /** The customer and project a conversation concerns, with their other recent conversations; staff only. */
    public ObjectNode customerContext(Caller caller, String idOrShortId) {
        return context.get(caller, idOrShortId);
    }
}
