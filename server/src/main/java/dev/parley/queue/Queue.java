package dev.parley.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationView;
import dev.parley.identity.Caller;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import dev.parley.storage.Engine;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The staff queue: one tab's page (ordered by the last activity, {@code sort_at}, then id: a
 * range of the index {@code conversations_queue}) and the counts of every tab under the same filters.
 */
final class Queue {
    private final Database database;

    Queue(Database database) {
        this.database = database;
    }

    record Page(List<ObjectNode> items, long total) {
    }

    private record Item(String conversationId, String assigneeId, boolean lastByStaff, String lastMessageBy, long sortAt) {
    }

    Page list(Caller caller, QueueTab tab, QueueFilter filter, int limit, long skip) {
        StaffOnly.require(caller);
        if (filter.matchesNothing()) {
            return new Page(List.of(), 0);
        }
        return database.read(h -> {
            Engine engine = Engine.of(h);
            String where = where(engine, tab, filter);
            Query count = h.createQuery("SELECT COUNT(*) FROM conversations c" + where);
            filter.bind(engine, count);
            long total = count.mapTo(Long.class).one();
            String direction = tab.oldestFirst ? "ASC" : "DESC";
            String id = engine == Engine.POSTGRESQL ? "c.conversation_id COLLATE \"C\"" : "c.conversation_id";
            Query page = h.createQuery("SELECT c.conversation_id, c.assignee_id, c.last_by_staff, c.last_message_by, c.sort_at"
                    + " FROM conversations c" + where
                    + " ORDER BY c.sort_at " + direction + ", " + id + " " + direction + " LIMIT :limit OFFSET :offset");
            filter.bind(engine, page);
            List<Item> items = page.bind("limit", limit).bind("offset", skip)
                    .map((rs, ctx) -> new Item(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getString(4), rs.getLong(5)))
                    .list();
            return new Page(render(h, caller, items), total);
        });
    }

    Map<QueueTab, Long> counts(Caller caller, QueueFilter filter) {
        StaffOnly.require(caller);
        Map<QueueTab, Long> counts = new EnumMap<>(QueueTab.class);
        for (QueueTab tab : QueueTab.values()) {
            counts.put(tab, 0L);
        }
        if (filter.matchesNothing()) {
            return counts;
        }
        return database.read(h -> {
            Engine engine = Engine.of(h);
            List<String> conditions = filter.conditions(engine);
            Query query = h.createQuery("SELECT c.status, c.last_by_staff, COUNT(*) FROM conversations c"
                    + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                    + " GROUP BY c.status, c.last_by_staff");
            filter.bind(engine, query);
            query.map((rs, ctx) -> new Object[]{rs.getString(1), rs.getInt(2) == 1, rs.getLong(3)})
                    .forEach(r -> counts.merge(QueueTab.of((String) r[0], (Boolean) r[1]), (Long) r[2], Long::sum));
            return counts;
        });
    }

    private static String where(Engine engine, QueueTab tab, QueueFilter filter) {
        List<String> conditions = new ArrayList<>();
        conditions.add(tab.condition);
        conditions.addAll(filter.conditions(engine));
        return " WHERE " + String.join(" AND ", conditions);
    }

    private static List<ObjectNode> render(Handle h, Caller caller, List<Item> items) {
        List<String> ids = items.stream().map(Item::conversationId).toList();
        List<ObjectNode> conversations = ConversationView.conversations(h, ConversationRepository.findAll(h, ids));
        Map<String, ReadStates.State> states = ReadStates.states(h, caller, ids);
        List<ObjectNode> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.set("conversation", conversations.get(i));
            node.put("assigneeId", item.assigneeId());
            node.put("lastMessageBy", item.lastMessageBy() == null ? null : item.lastByStaff() ? "staff" : "customer");
            node.put("waitingSince", Clock.iso(item.sortAt()));
            node.put("unread", states.get(item.conversationId()).unread());
            out.add(node);
        }
        return out;
    }
}
