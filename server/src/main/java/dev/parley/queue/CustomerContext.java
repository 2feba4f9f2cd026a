package dev.parley.queue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.conversation.ConversationView;
import dev.parley.identity.Caller;
import dev.parley.storage.Database;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.Optional;

/**
 * What staff see beside a conversation: the customer and project it concerns (the same rule as
 * the queue's customerId / projectId filters) and that customer's (else that project's) other
 * conversations, newest activity first.
 */
final class CustomerContext {
    static final int RECENT = 5;

    private final Database database;

    CustomerContext(Database database) {
        this.database = database;
    }

    ObjectNode get(Caller caller, String idOrShortId) {
        StaffOnly.require(caller);
        return database.read(h -> {
            ConversationRow c = StaffOnly.visible(h, caller, idOrShortId);
            Optional<String> projectId = project(h, c);
            Optional<String> customerId = customer(h, c, projectId);
            ObjectNode node = Json.MAPPER.createObjectNode().put("conversationId", c.conversationId());
            node.set("customer", customerId.map(id -> named(h, "customers", "customer_id", id)).orElse(null));
            node.set("project", projectId.map(id -> named(h, "projects", "project_id", id)).orElse(null));
            List<String> recent = customerId.map(id -> recent(h, QueueFilter.CONCERNS_CUSTOMER, "customerId", id, c))
                    .or(() -> projectId.map(id -> recent(h, QueueFilter.CONCERNS_PROJECT, "projectId", id, c)))
                    .orElse(List.of());
            ArrayNode items = node.putArray("recentConversations");
            ConversationView.conversations(h, ConversationRepository.findAll(h, recent)).forEach(items::add);
            return node;
        });
    }

    private static Optional<String> project(Handle h, ConversationRow c) {
        String candidate = "project".equals(c.sharedAggregate()) ? c.sharedId()
                : "project".equals(c.relatedAggregate()) ? c.relatedId() : null;
        if (candidate == null) {
            return Optional.empty();
        }
        return h.createQuery("SELECT project_id FROM projects WHERE project_id = :id").bind("id", candidate)
                .mapTo(String.class).findOne();
    }

    private static Optional<String> customer(Handle h, ConversationRow c, Optional<String> projectId) {
        if ("customer".equals(c.sharedAggregate())) {
            return h.createQuery("SELECT customer_id FROM customers WHERE customer_id = :id").bind("id", c.sharedId())
                    .mapTo(String.class).findOne();
        }
        if ("placementgroup".equals(c.sharedAggregate())) {
            return h.createQuery("SELECT customer_id FROM placement_groups WHERE placement_group_id = :id")
                    .bind("id", c.sharedId()).mapTo(String.class).findOne();
        }
        return projectId.flatMap(id -> h.createQuery("SELECT customer_id FROM projects WHERE project_id = :id")
                .bind("id", id).mapTo(String.class).findOne());
    }

    private static ObjectNode named(Handle h, String table, String idColumn, String id) {
        String name = h.createQuery("SELECT name FROM " + table + " WHERE " + idColumn + " = :id")
                .bind("id", id).mapTo(String.class).one();
        return Json.MAPPER.createObjectNode().put("id", id).put("name", name);
    }

    private static List<String> recent(Handle h, String condition, String parameter, String id, ConversationRow c) {
        return h.createQuery("SELECT c.conversation_id FROM conversations c WHERE " + condition
                        + " AND c.conversation_id <> :self ORDER BY c.sort_at DESC, c.conversation_id LIMIT " + RECENT)
                .bind(parameter, id).bind("self", c.conversationId()).mapTo(String.class).list();
    }
}
