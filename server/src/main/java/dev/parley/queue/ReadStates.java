package dev.parley.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
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
    private final Database database;
    private final LatestEntries latestEntries;

    ReadStates(Database database, LatestEntries latestEntries) {
        this.database = database;
        this.latestEntries = latestEntries;
    }

    /** Whether the caller has not read each of {@code ids} (conversations it may see) since someone else wrote in it. */
    Map<String, Boolean> unread(Caller caller, List<String> ids) {
        Map<String, Boolean> out = new java.util.LinkedHashMap<>();
        database.read(h -> states(h, caller, ids)).forEach((id, s) -> out.put(id, s.unread()));
        return out;
    }

    ObjectNode get(Caller caller, String idOrShortId) {
        return database.read(h -> {
            String id = StaffOnly.visible(h, caller, idOrShortId).conversationId();
            return render(id, states(h, caller, List.of(id)).get(id));
        });
    }

    ObjectNode markRead(Caller caller, String idOrShortId) {
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
     * since: the caller's read states from the database, the timelines' newest entries from
     * {@link LatestEntries}.
     */
    Map<String, State> states(Handle h, Caller caller, List<String> ids) {
        Map<String, State> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        Map<String, LatestEntries.Summary> latest = latestEntries.of(h, ids);
        for (String id : ids) {
            LatestEntries.Summary s = latest.get(id);
            long lastSeq = s == null ? -1 : s.seq(caller.isEmployee()).notBy(caller.userId());
            long lastAt = s == null ? -1 : s.at(caller.isEmployee()).notBy(caller.userId());
            out.put(id, new State(null, -1, lastAt < 0 ? null : lastAt, lastSeq));
        }
        h.createQuery("SELECT conversation_id, read_seq, read_at FROM read_states WHERE user_id = :uid AND conversation_id IN (<ids>)")
                .bind("uid", caller.userId()).bindList("ids", ids)
                .map((rs, ctx) -> new Object[]{rs.getString(1), rs.getLong(2), rs.getLong(3)})
                .forEach(r -> out.computeIfPresent((String) r[0], (k, s) -> new State((Long) r[2], (Long) r[1], s.lastActivityAt(), s.lastSeq())));
        return out;
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
