package dev.parley.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
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
    private final QueuePageCache kept;
    private final ReadStates readStates;

    /** @param kept the unfiltered queue's pages and counts between changes */
    Queue(Database database, QueuePageCache kept, ReadStates readStates) {
        this.database = database;
        this.kept = kept;
        this.readStates = readStates;
    }

    /** A page rendered as the API's items. */
    record Page(List<ObjectNode> items, long total) {
    }

    /** A page's conversations with the queue's columns, in the tab's order; {@code total} is the tab's. */
    record Items(List<Item> items, long total) {
        List<String> ids() {
            return items.stream().map(Item::conversationId).toList();
        }
    }

    record Item(String conversationId, String assigneeId, boolean lastByStaff, String lastMessageBy, long sortAt,
                byte[] fields) {
        Item(String conversationId, String assigneeId, boolean lastByStaff, String lastMessageBy, long sortAt) {
            this(conversationId, assigneeId, lastByStaff, lastMessageBy, sortAt,
                    QueueItemsJson.fields(assigneeId, lastWriter(lastMessageBy, lastByStaff), sortAt));
        }

        /** "staff" or "customer"; null before the first message. */
        String lastWriter() {
            return lastWriter(lastMessageBy, lastByStaff);
        }

        private static String lastWriter(String lastMessageBy, boolean lastByStaff) {
            return lastMessageBy == null ? null : lastByStaff ? "staff" : "customer";
        }
    }

    private record PageKey(QueueTab tab, int limit, long skip) {
    }

    private static final Object COUNTS = "counts";

    Page list(Caller caller, QueueTab tab, QueueFilter filter, int limit, long skip) {
        Items items = items(caller, tab, filter, limit, skip);
        return database.read(h -> new Page(render(h, caller, items.items()), items.total()));
    }

    /** The page's conversations (which the caller, staff, may all see) and the tab's total. */
    Items items(Caller caller, QueueTab tab, QueueFilter filter, int limit, long skip) {
        StaffOnly.require(caller);
        if (filter.matchesNothing()) {
            return new Items(List.of(), 0);
        }
        if (!filter.isEmpty()) {
            return database.read(h -> read(h, tab, filter, limit, skip));
        }
        PageKey key = new PageKey(tab, limit, skip);
        return kept.find(key, Items.class).orElseGet(() -> {
            QueuePageCache.Ticket ticket = kept.ticket();
            Items read = database.read(h -> read(h, tab, filter, limit, skip));
            kept.put(ticket, key, read);
            return read;
        });
    }

    private static Items read(Handle h, QueueTab tab, QueueFilter filter, int limit, long skip) {
        Engine engine = Engine.of(h);
        long total;
        if (filter.isEmpty()) {
            total = wholeQueueCounts(h).get(tab);
        } else {
            Query count = h.createQuery("SELECT COUNT(*) FROM conversations c WHERE "
                    + String.join(" AND ", conditions(engine, tab, filter)));
            filter.bind(engine, count);
            total = count.mapTo(Long.class).one();
        }
        Query page = h.createQuery(pageSql(engine, tab, filter));
        filter.bind(engine, page);
        List<Item> items = page.bind("limit", limit).bind("offset", skip).bind("each", skip + limit)
                .map((rs, ctx) -> new Item(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getString(4), rs.getLong(5)))
                .list();
        return new Items(items, total);
    }

    /**
     * A tab's page as the merge of its cells ({@link QueueTab#cells}): each cell is an exact prefix
     * of the index {@code conversations_queue} and so read in order, at most a page deep, where
     * the tab's condition as one {@code OR} left the planner to sort every conversation in the tab
     * (SQLite 3.53 did, for 449,365 closed conversations at 1M: 2.8 s a page).
     */
    private static String pageSql(Engine engine, QueueTab tab, QueueFilter filter) {
        String direction = tab.oldestFirst ? "ASC" : "DESC";
        String id = engine == Engine.POSTGRESQL ? "conversation_id COLLATE \"C\"" : "conversation_id";
        String filters = filter.conditions(engine).stream().map(c -> " AND " + c).collect(java.util.stream.Collectors.joining());
        List<String> cells = new ArrayList<>();
        for (QueueTab.Cell cell : tab.cells()) {
            // the cell's values are constants of the code, not input
            cells.add("SELECT * FROM (SELECT c.conversation_id, c.assignee_id, c.last_by_staff, c.last_message_by, c.sort_at"
                    + " FROM conversations c WHERE c.status = '" + cell.status() + "' AND c.last_by_staff = " + cell.lastByStaff()
                    + filters + " ORDER BY c.sort_at " + direction + ", c." + id + " " + direction + " LIMIT :each) q" + cells.size());
        }
        return "SELECT conversation_id, assignee_id, last_by_staff, last_message_by, sort_at FROM ("
                + String.join(" UNION ALL ", cells) + ") tab ORDER BY sort_at " + direction + ", " + id + " " + direction
                + " LIMIT :limit OFFSET :offset";
    }

    Map<QueueTab, Long> counts(Caller caller, QueueFilter filter) {
        StaffOnly.require(caller);
        Map<QueueTab, Long> counts = zeroCounts();
        if (filter.matchesNothing()) {
            return counts;
        }
        if (filter.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<QueueTab, Long> whole = kept.find(COUNTS, Map.class).orElseGet(() -> {
                QueuePageCache.Ticket ticket = kept.ticket();
                Map<QueueTab, Long> read = database.read(Queue::wholeQueueCounts);
                kept.put(ticket, COUNTS, read);
                return read;
            });
            return new EnumMap<>(whole); // a copy: callers may change theirs
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

    /**
     * The tabs' counts without filters: the conversations per status are kept by triggers
     * ({@code conversation_counts}, migration V5), and only the open conversations whose last
     * message is staff's (few: reopened by staff) are counted, so counting costs the same at any
     * size (the counts request with a GROUP BY over a million conversations took 130 ms).
     */
    private static Map<QueueTab, Long> wholeQueueCounts(Handle h) {
        Map<QueueTab, Long> counts = zeroCounts();
        h.createQuery("SELECT status, n FROM conversation_counts")
                .map((rs, ctx) -> new Object[]{rs.getString(1), rs.getLong(2)})
                .forEach(r -> counts.merge(QueueTab.of((String) r[0], false), (Long) r[1], Long::sum));
        long openByStaff = h.createQuery("SELECT COUNT(*) FROM conversations c WHERE c.status = 'open' AND c.last_by_staff = 1")
                .mapTo(Long.class).one();
        counts.merge(QueueTab.WAITING_FOR_US, -openByStaff, Long::sum);
        counts.merge(QueueTab.IN_PROGRESS, openByStaff, Long::sum);
        return counts;
    }

    private static Map<QueueTab, Long> zeroCounts() {
        Map<QueueTab, Long> counts = new EnumMap<>(QueueTab.class);
        for (QueueTab tab : QueueTab.values()) {
            counts.put(tab, 0L);
        }
        return counts;
    }

    private static List<String> conditions(Engine engine, QueueTab tab, QueueFilter filter) {
        List<String> conditions = new ArrayList<>();
        conditions.add(tab.condition);
        conditions.addAll(filter.conditions(engine));
        return conditions;
    }

    private List<ObjectNode> render(Handle h, Caller caller, List<Item> items) {
        List<String> ids = items.stream().map(Item::conversationId).toList();
        List<ConversationRow> rows = ConversationRepository.findAll(h, ids);
        List<ObjectNode> rendered = ConversationView.conversations(h, rows);
        Map<String, ObjectNode> conversations = new java.util.HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            conversations.put(rows.get(i).conversationId(), rendered.get(i));
        }
        Map<String, ReadStates.State> states = readStates.states(h, caller, ids);
        List<ObjectNode> out = new ArrayList<>(items.size());
        for (Item item : items) {
            ObjectNode conversation = conversations.get(item.conversationId());
            if (conversation == null) {
                continue; // deleted since the page was read
            }
            ObjectNode node = Json.MAPPER.createObjectNode();
            node.set("conversation", conversation);
            node.put("assigneeId", item.assigneeId());
            node.put("lastMessageBy", item.lastWriter());
            node.put("waitingSince", Clock.iso(item.sortAt()));
            node.put("unread", states.get(item.conversationId()).unread());
            out.add(node);
        }
        return out;
    }
}
