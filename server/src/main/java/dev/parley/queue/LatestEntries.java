package dev.parley.queue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.events.ConversationChanges;
import dev.parley.events.SlotStamps;
import dev.parley.storage.ReadRoute;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per conversation, who wrote its newest timeline entries: enough to tell any user the newest
 * entry (and time) written by someone else, which is what "unread" compares with the user's
 * read state, without reading the timeline again for every list a desk polls (100 conversations'
 * timelines per queue page were most of its cost).
 *
 * <p>For one kind of reader (staff see notes, customers do not) the newest entry by anyone but
 * {@code u} is the newest entry unless {@code u} wrote it, and then the newest one not by its
 * author; entries without an author (the system's) count as someone else's for everyone. The
 * same holds for the creation time. So two values and an author per measure suffice.
 *
 * <p>Kept as the conversation cache is: an entry is served only while no event has been
 * reported for its conversation since it was read (stamps per slot of the id's hash, raised by
 * {@link ConversationChanges} before the event counts as applied).
 */
final class LatestEntries implements ConversationChanges {
    static final int MAX_CONVERSATIONS = 50_000;
    private static final int SLOTS = 1 << 14;
    private static final int CHUNK = 500;

    /** The newest value of a measure (seq or time), its author, and the newest value not by that author (-1: none). */
    record Newest(long value, String author, long valueNotByAuthor) {
        static final Newest NONE = new Newest(-1, null, -1);

        /** The newest value written by anyone but {@code userId}; -1 if there is none. */
        long notBy(String userId) {
            return author == null || !author.equals(userId) ? value : valueNotByAuthor;
        }
    }

    /** Of one conversation: for staff (all entries) and for customers (no staff notes), by seq and by time. */
    record Summary(Newest staffSeq, Newest staffAt, Newest publicSeq, Newest publicAt) {
        Newest seq(boolean employee) {
            return employee ? staffSeq : publicSeq;
        }

        Newest at(boolean employee) {
            return employee ? staffAt : publicAt;
        }
    }

    private record Kept(Summary summary, long stamp) {
    }

    private final Cache<String, Kept> kept;
    private final SlotStamps stamps = new SlotStamps(SLOTS);

    LatestEntries(int maxConversations) {
        this.kept = Caffeine.newBuilder().maximumSize(maxConversations).build();
    }

    /** The kept summaries of {@code ids}; those not kept (or changed since) are absent from the map. */
    Map<String, Summary> find(List<String> ids) {
        Map<String, Summary> out = new HashMap<>();
        for (String id : ids) {
            Kept k = kept.getIfPresent(id);
            if (k != null && k.stamp() == stamps.stamp(id)) {
                out.put(id, k.summary());
            }
        }
        return out;
    }

    /**
     * The summaries of {@code ids} read from their timelines (a conversation without entries, or
     * none, has {@link Newest#NONE}s), and kept.
     */
    Map<String, Summary> load(Handle h, List<String> ids) {
        Map<String, Summary> out = new HashMap<>();
        boolean keep = !ReadRoute.currentIsReplica(); // a replica may lag behind the events that raised the stamps
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            Map<String, Long> tickets = new HashMap<>();
            chunk.forEach(id -> tickets.put(id, stamps.stamp(id))); // before reading: a change after it is not served
            read(h, chunk).forEach((id, summary) -> {
                out.put(id, summary);
                if (keep) {
                    kept.put(id, new Kept(summary, tickets.get(id)));
                }
            });
        }
        return out;
    }

    private static Map<String, Summary> read(Handle h, List<String> ids) {
        Map<String, List<Object[]>> entries = new HashMap<>();
        ids.forEach(id -> entries.put(id, new ArrayList<>()));
        h.createQuery("SELECT conversation_id, seq, created_at, created_by, internal FROM timeline_entries"
                        + " WHERE conversation_id IN (<ids>)")
                .bindList("ids", ids)
                .map((rs, ctx) -> new Object[]{rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getInt(5) == 1})
                .forEach(r -> entries.get((String) r[0]).add(r));
        Map<String, Summary> out = new HashMap<>();
        entries.forEach((id, rows) -> {
            List<Object[]> visible = rows.stream().filter(r -> !(Boolean) r[4]).toList();
            out.put(id, new Summary(newest(rows, 1), newest(rows, 2), newest(visible, 1), newest(visible, 2)));
        });
        return out;
    }

    /** The newest of column {@code column} (1: seq, 2: created_at) over {@code rows}, its author, and the newest not by them. */
    private static Newest newest(List<Object[]> rows, int column) {
        Object[] top = null;
        for (Object[] r : rows) {
            if (top == null || (Long) r[column] > (Long) top[column]) {
                top = r;
            }
        }
        if (top == null) {
            return Newest.NONE;
        }
        String author = (String) top[3];
        long notByAuthor = -1;
        for (Object[] r : rows) {
            if ((r[3] == null || !Objects.equals(r[3], author)) && (Long) r[column] > notByAuthor) {
                notByAuthor = (Long) r[column];
            }
        }
        return new Newest((Long) top[column], author, notByAuthor);
    }


    @Override
    public void changed(String conversationId) {
        stamps.raise(conversationId);
        kept.invalidate(conversationId);
    }

    @Override
    public void changedAll() {
        stamps.raiseAll();
        kept.invalidateAll();
    }
}
