package dev.parley.conversation;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.parley.api.Json;
import dev.parley.identity.Caller;
import dev.parley.storage.Engine;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** SQL for conversations: insert, update, find, and the visible, searchable, sorted list. */
public final class ConversationRepository {
    private static final String COLUMNS = """
            c.conversation_id, c.short_id, c.title, c.category_id, c.status, c.created_at, c.created_by,
            c.main_user_id, c.shared_aggregate, c.shared_id, c.related_domain, c.related_aggregate,
            c.related_id, c.notification_roles, c.last_message_id, c.last_message_at, c.last_message_by""";

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private static final RowMapper<ConversationRow> MAPPER = (rs, ctx) -> new ConversationRow(
            rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
            rs.getString(11), rs.getString(12), rs.getString(13), roles(rs.getString(14)),
            rs.getString(15), rs.getObject(16) == null ? null : rs.getLong(16), rs.getString(17));

    private ConversationRepository() {
    }

    public static void insert(Handle h, ConversationRow c) {
        h.createUpdate("""
                        INSERT INTO conversations (conversation_id, short_id, title, category_id, status, created_at,
                            created_by, main_user_id, shared_aggregate, shared_id, related_domain, related_aggregate,
                            related_id, notification_roles, sort_at)
                        VALUES (:id, :shortId, :title, :category, :status, :createdAt, :createdBy, :mainUser,
                            :sharedAggregate, :sharedId, :relatedDomain, :relatedAggregate, :relatedId, :roles, :createdAt)""")
                .bind("id", c.conversationId()).bind("shortId", c.shortId()).bind("title", c.title())
                .bind("category", c.categoryId()).bind("status", c.status()).bind("createdAt", c.createdAt())
                .bind("createdBy", c.createdBy()).bind("mainUser", c.mainUserId())
                .bind("sharedAggregate", c.sharedAggregate()).bind("sharedId", c.sharedId())
                .bind("relatedDomain", c.relatedDomain()).bind("relatedAggregate", c.relatedAggregate())
                .bind("relatedId", c.relatedId())
                .bind("roles", c.notificationRoles() == null ? null : Json.string(c.notificationRoles()))
                .execute();
    }

    /**
     * Serialises writers of one conversation for the rest of the transaction (timeline sequence,
     * status and lastMessage stay consistent). SQLite has one writer at a time already.
     */
    public static void lock(Handle h, String conversationId) {
        if (Engine.of(h) == Engine.POSTGRESQL) {
            h.createQuery("SELECT 1 FROM conversations WHERE conversation_id = :id FOR UPDATE")
                    .bind("id", conversationId).mapTo(Integer.class).findOne();
        }
    }

    public static boolean shortIdTaken(Handle h, String shortId) {
        return h.createQuery("SELECT 1 FROM conversations WHERE short_id = :s").bind("s", shortId)
                .mapTo(Integer.class).findOne().isPresent();
    }

    /** By UUID or by shortId (in any case). */
    public static Optional<ConversationRow> find(Handle h, String idOrShortId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM conversations c WHERE c.conversation_id = :id OR c.short_id = :id")
                .bind("id", ShortIds.normalize(idOrShortId)).map(MAPPER).findOne();
    }

    /** The conversations of {@code ids} that exist, in the order of {@code ids} (the staff desk's pages). */
    public static List<ConversationRow> findAll(Handle h, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, ConversationRow> byId = new java.util.HashMap<>();
        h.createQuery("SELECT " + COLUMNS + " FROM conversations c WHERE c.conversation_id IN (<ids>)")
                .bindList("ids", ids).map(MAPPER).forEach(row -> byId.put(row.conversationId(), row));
        List<ConversationRow> out = new ArrayList<>(ids.size());
        ids.forEach(id -> {
            if (byId.containsKey(id)) {
                out.add(byId.get(id));
            }
        });
        return out;
    }

    public static void updateDetails(Handle h, String conversationId, String title, String categoryId,
                                     String relatedDomain, String relatedAggregate, String relatedId) {
        h.createUpdate("""
                        UPDATE conversations SET title = :title, category_id = :category, related_domain = :rd,
                            related_aggregate = :ra, related_id = :ri WHERE conversation_id = :id""")
                .bind("title", title).bind("category", categoryId).bind("rd", relatedDomain)
                .bind("ra", relatedAggregate).bind("ri", relatedId).bind("id", conversationId).execute();
    }

    public static void updateStatus(Handle h, String conversationId, String status) {
        h.createUpdate("UPDATE conversations SET status = :s WHERE conversation_id = :id")
                .bind("s", status).bind("id", conversationId).execute();
    }

    /**
     * A new visible message: the last message, the sort key, and whether staff wrote it
     * ({@code last_by_staff}, which a trigger keeps from {@code last_message_by} for every other
     * writer; set here in the same statement, the trigger finds it right and the row is written
     * once, not twice: migration V19).
     */
    public static void updateLastMessage(Handle h, String conversationId, String messageId, long at, String by,
                                         boolean byStaff) {
        h.createUpdate("""
                        UPDATE conversations SET last_message_id = :m, last_message_at = :at, last_message_by = :by,
                            last_by_staff = :staff, sort_at = :at WHERE conversation_id = :id""")
                .bind("m", messageId).bind("at", at).bind("by", by).bind("staff", byStaff ? 1 : 0)
                .bind("id", conversationId).execute();
    }

    /**
     * One page of the conversations {@code caller} may see, and how many there are in all.
     * A non-employee's conversations are their rows of {@code conversation_viewers} (kept by
     * triggers, see migration V5), so the default order is a range of one index; without a
     * search the total is a sum of maintained counts rather than a count of rows.
     */
    public static Page list(Handle h, Caller caller, ListQuery q) {
        return list(h, caller, q, SearchLimits.DEFAULT);
    }

    static Page list(Handle h, Caller caller, ListQuery q, SearchLimits limits) {
        Engine engine = Engine.of(h);
        boolean viewer = !caller.isEmployee();
        // the viewer rows carry the sort key and status, so the default order and a status
        // filter need not touch the conversations until the page is known
        String rows = viewer ? "v" : "c";
        String from = viewer
                ? " FROM conversation_viewers v JOIN conversations c ON c.conversation_id = v.conversation_id"
                : " FROM conversations c";
        StringBuilder where = new StringBuilder(viewer ? " WHERE v.user_id = :uid" : " WHERE 1 = 1");
        if (!q.statuses().isEmpty()) {
            where.append(" AND ").append(rows).append(".status IN (<statuses>)");
        }
        // PostgreSQL: the conversations of the rare terms are read first (PostgresSearch)
        PostgresSearch.Confinement confined = engine == Engine.POSTGRESQL && !q.searchExpressions().isEmpty()
                ? PostgresSearch.candidates(h, q.searchExpressions().stream().map(e -> SearchSql.query(engine, e)).toList(),
                        !viewer, viewer ? PostgresSearch.audience(h, caller, limits.walkConversations()) : null, limits.rareRows())
                : null;
        // each term may match a different row (title or message) of the conversation
        if (confined != null) {
            where.append(" AND ").append(rows).append(".conversation_id = ANY(:candidates)");
        }
        for (int i = 0; i < q.searchExpressions().size(); i++) {
            if (confined != null && confined.confines(i)) {
                continue;
            }
            where.append(" AND ").append(rows).append(".conversation_id IN (SELECT conversation_id FROM search_index WHERE ")
                    .append(SearchSql.matches(engine, "search" + i));
            if (viewer) {
                // not the audience keys here: what is left is frequent among the caller's rows too,
                // and PostgreSQL should walk the caller's newest conversations, not read them all
                where.append(" AND internal = 0");
            }
            where.append(")");
        }
        // excluded terms: no row the caller may see matches any of them
        if (q.searchExclusion() != null) {
            where.append(" AND ").append(SearchSql.excludes(engine, rows + ".conversation_id", "exclude", viewer));
        }
        Query count;
        boolean searching = !q.searchExpressions().isEmpty() || q.searchExclusion() != null;
        if (!searching) {
            count = h.createQuery(viewer
                    ? "SELECT COALESCE(SUM(n), 0) FROM viewer_counts v WHERE v.user_id = :uid"
                            + (q.statuses().isEmpty() ? "" : " AND v.status IN (<statuses>)")
                    : "SELECT COALESCE(SUM(n), 0) FROM conversation_counts c"
                            + (q.statuses().isEmpty() ? "" : " WHERE c.status IN (<statuses>)"));
        } else {
            // the conditions name only the rows' own columns: no need to join the conversations;
            // counting stops past the cap (SearchCounts): an exact total of a frequent word would
            // cost as much as finding every match
            count = h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM "
                    + (viewer ? "conversation_viewers v" : "conversations c") + where + " LIMIT :cap) counted")
                    .bind("cap", limits.countCap() + 1);
        }
        bind(h, count, caller, q, confined);
        long counted = count.mapTo(Long.class).one();
        long total = searching ? Math.min(counted, limits.countCap()) : counted;

        List<String> orderBy = new ArrayList<>();
        for (int i = 0; i < q.sort().size(); i++) {
            orderBy.add(SortSql.key(engine, q.sort().get(i), rows) + " " + ("asc".equals(q.orderFor(i)) ? "ASC" : "DESC"));
        }
        orderBy.add(SortSql.key(engine, "conversationId", rows) + " ASC");
        Query page = h.createQuery("SELECT " + COLUMNS + from + where
                + " ORDER BY " + String.join(", ", orderBy) + " LIMIT :limit OFFSET :offset");
        bind(h, page, caller, q, confined);
        page.bind("limit", q.limit()).bind("offset", q.skip());
        return new Page(page.map(MAPPER).list(), total);
    }

    private static void bind(Handle h, Query query, Caller caller, ListQuery q, PostgresSearch.Confinement confined) {
        if (Engine.of(h) == Engine.POSTGRESQL && (!q.searchExpressions().isEmpty() || q.searchExclusion() != null)) {
            PostgresSearch.plannedEachTime(query); // a search's plan depends on its words
        }
        if (confined != null) {
            query.bindArray("candidates", String.class, confined.conversationIds());
        }
        if (!caller.isEmployee()) {
            query.bind("uid", caller.userId());
        }
        if (!q.statuses().isEmpty()) {
            query.bindList("statuses", q.statuses());
        }
        for (int i = 0; i < q.searchExpressions().size(); i++) {
            if (confined == null || !confined.confines(i)) { // confined terms are bound as their conversations
                query.bind("search" + i, SearchSql.query(Engine.of(h), q.searchExpressions().get(i)));
            }
        }
        if (q.searchExclusion() != null) {
            query.bind("exclude", SearchSql.query(Engine.of(h), q.searchExclusion()));
        }
    }

    private static List<String> roles(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, STRINGS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Corrupt notification_roles: " + json, e);
        }
    }

    /** A page of rows and the total count over all pages. */
    public record Page(List<ConversationRow> rows, long total) {
    }

    /**
     * What a list request asks for, already validated; {@code searchExpressions} must each match (none: no search),
     * {@code searchExclusion} must not match (null: nothing excluded).
     */
    public record ListQuery(List<String> statuses, List<String> searchExpressions, String searchExclusion,
                            List<String> sort, List<String> order, int limit, long skip) {
        String orderFor(int i) {
            if (i < order.size()) {
                return order.get(i);
            }
            return order.isEmpty() ? "desc" : order.get(order.size() - 1);
        }
    }
}
