package dev.parley.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.events.Signals;
import dev.parley.identity.AccessPolicy;
import dev.parley.identity.Caller;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per user: up to which timeline entry ({@code seq}) a conversation was read. Unread means an
 * entry the user may see (staff notes only for staff), written by someone else, after that
 * entry: the user's own messages and status changes never make a conversation unread.
 * Marking read is the user's own state, not the conversation's: it appends no event.
 */
final class ReadStates {
    private static final int CHUNK = 500;

    private final Database database;
    private final LatestEntries latestEntries;
    private final ReadStateCache readCache;

    ReadStates(Database database, LatestEntries latestEntries, ReadStateCache readCache) {
        this.database = database;
        this.latestEntries = latestEntries;
        this.readCache = readCache;
    }

    /** Whether the caller has not read each of {@code ids} (conversations it may see) since someone else wrote in it. */
    Map<String, Boolean> unread(Caller caller, List<String> ids) {
        Map<String, Boolean> out = new java.util.LinkedHashMap<>();
        states(null, caller, ids).forEach((id, s) -> out.put(id, s.unread()));
        return out;
    }

    ObjectNode get(Caller caller, String idOrShortId) {
        return database.read(h -> {
            String id = StaffOnly.visible(h, caller, idOrShortId).conversationId();
            return render(id, states(h, caller, List.of(id)).get(id));
        });
    }

    ObjectNode markRead(Caller caller, String idOrShortId) {
        try {
            return markReadOnce(caller, idOrShortId);
        } finally {
            // after the commit (or rollback): what was kept of this user's states, read before, is not served again
            readCache.changed(caller.userId());
        }
    }

    private ObjectNode markReadOnce(Caller caller, String idOrShortId) {
        return database.write(h -> {
            String id = StaffOnly.visible(h, caller, idOrShortId).conversationId();
            long seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM timeline_entries WHERE conversation_id = :id")
                    .bind("id", id).mapTo(Long.class).one();
            // never backwards: a slower request marking an older state must not undo a newer one
            h.createUpdate("""
                            INSERT INTO read_states (user_id, conversation_id, read_seq, read_at)
                            VALUES (:uid, :id, :seq, :now)
                            ON CONFLICT (user_id, conversation_id) DO UPDATE SET
                                read_seq = CASE WHEN excluded.read_seq > read_states.read_seq
                                           THEN excluded.read_seq ELSE read_states.read_seq END,
                                read_at = excluded.read_at""")
                    .bind("uid", caller.userId()).bind("id", id).bind("seq", seq).bind("now", Clock.nowMillis())
                    .execute();
            Signals.send(h, ReadStateCache.CHANNEL, caller.userId()); // the other nodes, when this commits
            readCache.changed(caller.userId()); // this transaction's render below reads the row it wrote
            return render(id, states(h, caller, List.of(id)).get(id));
        });
    }

    /** The states of the conversations the caller may see among {@code ids}, in their order; others are left out. */
    List<ObjectNode> list(Caller caller, List<String> ids) {
        return database.read(h -> {
            List<String> visible = new ArrayList<>();
            for (ConversationRow c : ConversationRepository.findAll(h, ids.stream().distinct().toList())) {
                if (AccessPolicy.canSee(caller, c)) {
                    visible.add(c.conversationId());
                }
            }
            Map<String, State> states = states(h, caller, visible);
            List<ObjectNode> out = new ArrayList<>(visible.size());
            visible.forEach(id -> out.add(render(id, states.get(id))));
            return out;
        });
    }

    /**
     * What the caller has read of each conversation (all visible to it) and what others did
     * since: from memory where {@link LatestEntries} and {@link ReadStateCache} hold them, the
     * rest read from the database in the caller's transaction ({@code h}), or in one of its own
     * when {@code h} is null (and only if something is not held).
     */
    Map<String, State> states(Handle h, Caller caller, List<String> ids) {
        Map<String, State> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<String, LatestEntries.Summary> latest = latestEntries.find(ids);
        Map<String, ReadStateCache.Row> reads = readCache.find(caller.userId(), ids);
        List<String> latestMissing = ids.stream().filter(id -> !latest.containsKey(id)).distinct().toList();
        List<String> readsMissing = ids.stream().filter(id -> !reads.containsKey(id)).distinct().toList();
        if (!latestMissing.isEmpty() || !readsMissing.isEmpty()) {
            org.jdbi.v3.core.HandleConsumer<RuntimeException> load = handle -> {
                latest.putAll(latestEntries.load(handle, latestMissing));
                reads.putAll(readRows(handle, caller.userId(), readsMissing));
            };
            if (h != null) {
                load.useHandle(h);
            } else {
                database.read(handle -> {
                    load.useHandle(handle);
                    return null;
                });
            }
        }
        for (String id : ids) {
            LatestEntries.Summary s = latest.get(id);
            long lastSeq = s == null ? -1 : s.seq(caller.isEmployee()).notBy(caller.userId());
            long lastAt = s == null ? -1 : s.at(caller.isEmployee()).notBy(caller.userId());
            ReadStateCache.Row read = reads.getOrDefault(id, ReadStateCache.Row.NONE);
            out.put(id, new State(read.readAt() < 0 ? null : read.readAt(), read.readSeq(), lastAt < 0 ? null : lastAt, lastSeq));
        }
        return out;
    }

    /** The stored read states of {@code ids} for {@code userId} ({@link ReadStateCache.Row#NONE} where there is none), kept. */
    private Map<String, ReadStateCache.Row> readRows(Handle h, String userId, List<String> ids) {
        Map<String, ReadStateCache.Row> rows = new HashMap<>();
        if (ids.isEmpty()) {
            return rows;
        }
        ReadStateCache.Ticket ticket = readCache.ticket(userId); // before reading
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            chunk.forEach(id -> rows.put(id, ReadStateCache.Row.NONE));
            h.createQuery("SELECT conversation_id, read_seq, read_at FROM read_states WHERE user_id = :uid AND conversation_id IN (<ids>)")
                    .bind("uid", userId).bindList("ids", chunk)
                    .map((rs, ctx) -> new Object[]{rs.getString(1), rs.getLong(2), rs.getLong(3)})
                    .forEach(r -> rows.put((String) r[0], new ReadStateCache.Row((Long) r[1], (Long) r[2])));
        }
        readCache.put(ticket, userId, rows);
        return rows;
    }

    /** {@code readSeq} -1: never read; {@code lastSeq} -1: nothing by anyone else. */
    record State(Long readAt, long readSeq, Long lastActivityAt, long lastSeq) {
        boolean unread() {
            return lastSeq > readSeq;
        }
    }

    private static ObjectNode render(String conversationId, State s) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("conversationId", conversationId);
        node.put("lastReadAt", s.readAt() == null ? null : Clock.iso(s.readAt()));
        node.put("unread", s.unread());
        node.put("lastActivityAt", s.lastActivityAt() == null ? null : Clock.iso(s.lastActivityAt()));
        return node;
    }
}
