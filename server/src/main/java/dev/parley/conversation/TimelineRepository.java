package dev.parley.conversation;

import dev.parley.storage.Ids;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** SQL for timeline entries and their rows in the search index. */
public final class TimelineRepository {
    private static final String COLUMNS =
            "entry_id, conversation_id, seq, type, created_at, created_by, content, internal, edited_at";
    private static final RowMapper<TimelineEntry> MAPPER = (rs, ctx) -> new TimelineEntry(
            rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5), rs.getString(6),
            rs.getString(7), rs.getInt(8) == 1, rs.getObject(9) == null ? null : rs.getLong(9));

    private TimelineRepository() {
    }

    /**
     * Appends an entry at the end of the conversation's timeline (the caller holds the
     * conversation's lock). Its time is {@code at}, but never earlier than the entry before it:
     * nodes whose clocks differ a little still write a timeline whose times follow its order.
     */
    public static TimelineEntry append(Handle h, String conversationId, String type, long at, String by,
                                       String content, boolean internal) {
        long[] last = h.createQuery("SELECT seq, created_at FROM timeline_entries WHERE conversation_id = :c"
                        + " ORDER BY seq DESC LIMIT 1")
                .bind("c", conversationId).map((rs, ctx) -> new long[]{rs.getLong(1), rs.getLong(2)})
                .findOne().orElse(new long[]{0, at});
        long seq = last[0] + 1;
        long createdAt = Math.max(at, last[1]);
        TimelineEntry entry = new TimelineEntry(Ids.newId(), conversationId, seq, type, createdAt, by, content, internal, null);
        h.createUpdate("""
                        INSERT INTO timeline_entries (entry_id, conversation_id, seq, type, created_at, created_by, content, internal)
                        VALUES (:id, :c, :seq, :type, :at, :by, :content, :internal)""")
                .bind("id", entry.entryId()).bind("c", conversationId).bind("seq", seq).bind("type", type)
                .bind("at", createdAt).bind("by", by).bind("content", content).bind("internal", internal ? 1 : 0)
                .execute();
        if ("MESSAGE".equals(type) && content != null) {
            SearchIndex.indexMessage(h, entry);
        }
        return entry;
    }

    public static List<TimelineEntry> list(Handle h, String conversationId, boolean includeInternal) {
        return h.createQuery("SELECT " + COLUMNS + " FROM timeline_entries WHERE conversation_id = :c"
                        + (includeInternal ? "" : " AND internal = 0") + " ORDER BY seq")
                .bind("c", conversationId).map(MAPPER).list();
    }

    public static Optional<TimelineEntry> find(Handle h, String conversationId, String entryId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM timeline_entries WHERE conversation_id = :c AND entry_id = :e")
                .bind("c", conversationId).bind("e", entryId).map(MAPPER).findOne();
    }

    public static void updateContent(Handle h, TimelineEntry entry, String content, long at) {
        h.createUpdate("UPDATE timeline_entries SET content = :content, edited_at = :at WHERE entry_id = :e")
                .bind("content", content).bind("at", at).bind("e", entry.entryId()).execute();
        SearchIndex.removeEntry(h, entry.entryId());
        SearchIndex.indexMessage(h, new TimelineEntry(entry.entryId(), entry.conversationId(), entry.seq(),
                entry.type(), entry.createdAt(), entry.createdBy(), content, entry.internal(), at));
    }
}
