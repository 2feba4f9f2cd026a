package dev.parley.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ApiError;
import dev.parley.api.Json;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.conversation.Mutation;
import dev.parley.events.EventLog;
import dev.parley.identity.Caller;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import org.jdbi.v3.core.Handle;

import java.util.Map;

/**
 * Who on the staff works on a conversation. Changing it is a mutation like the contract's: one
 * write transaction under the conversation's row lock that appends a {@code ConversationAssigned}
 * event (so other nodes, caches and the event stream learn of it), answered with its position.
 */
final class Assignments {
    static final String EVENT = "ConversationAssigned";

    private final Database database;
    private final EventLog events;

    Assignments(Database database, EventLog events) {
        this.database = database;
        this.events = events;
    }

    ObjectNode get(Caller caller, String idOrShortId) {
        StaffOnly.require(caller);
        return database.read(h -> render(h, StaffOnly.visible(h, caller, idOrShortId).conversationId()));
    }

    /** @param assigneeId an active employee's userId, or null to unassign */
    Mutation<ObjectNode> assign(Caller caller, String idOrShortId, String assigneeId) {
        StaffOnly.require(caller);
        Mutation<ObjectNode> result = database.write(h -> {
            ConversationRow c = StaffOnly.visible(h, caller, idOrShortId);
            ConversationRepository.lock(h, c.conversationId());
            if (assigneeId != null && !isActiveEmployee(h, assigneeId)) {
                throw ApiError.validation(".assigneeId", "reference", "must be the userId of an active employee",
                        Map.of("assigneeId", assigneeId));
            }
            h.createUpdate("""
                            UPDATE conversations SET assignee_id = :assignee, assigned_at = :now, assigned_by = :by
                            WHERE conversation_id = :id""")
                    .bind("assignee", assigneeId).bind("now", Clock.nowMillis()).bind("by", caller.userId())
                    .bind("id", c.conversationId()).execute();
            // who is assigned is the team's business: the event reaches staff only
            long position = events.append(h, EVENT, c.conversationId(), caller.userId(), null, EventLog.STAFF);
            return new Mutation<>(render(h, c.conversationId()), position);
        });
        events.committed(result.position());
        return result;
    }

    private static boolean isActiveEmployee(Handle h, String userId) {
        return h.createQuery("SELECT 1 FROM users WHERE user_id = :id AND is_employee = 1 AND active = 1")
                .bind("id", userId).mapTo(Integer.class).findOne().isPresent();
    }

    private static ObjectNode render(Handle h, String conversationId) {
        return h.createQuery("SELECT assignee_id, assigned_at, assigned_by FROM conversations WHERE conversation_id = :id")
                .bind("id", conversationId)
                .map((rs, ctx) -> {
                    ObjectNode node = Json.MAPPER.createObjectNode().put("conversationId", conversationId);
                    node.put("assigneeId", rs.getString(1));
                    long at = rs.getLong(2);
                    node.put("assignedAt", rs.wasNull() ? null : Clock.iso(at));
                    node.put("assignedBy", rs.getString(3));
                    return node;
                }).one();
    }
}
