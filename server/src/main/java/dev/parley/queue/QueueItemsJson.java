package dev.parley.queue;

import dev.parley.api.Json;
import dev.parley.storage.Clock;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The queue's items as the API sends them ({@code [{conversation, assigneeId, lastMessageBy,
 * waitingSince, unread}]}), written around the conversations' bodies as rendered already (the
 * conversation cache's bytes, the same as {@code GET /v2/conversations/{id}}), not re-rendered.
 */
final class QueueItemsJson {
    private static final byte[] CONVERSATION = bytes("{\"conversation\":");
    private static final byte[] ASSIGNEE = bytes(",\"assigneeId\":");
    private static final byte[] LAST_BY = bytes(",\"lastMessageBy\":");
    private static final byte[] WAITING = bytes(",\"waitingSince\":");
    private static final byte[] UNREAD = bytes(",\"unread\":true}");
    private static final byte[] READ = bytes(",\"unread\":false}");
    private static final byte[] NULL = bytes("null");

    private QueueItemsJson() {
    }

    /** Items whose conversation has no body (deleted since the page was read) are left out. */
    static byte[] write(List<Queue.Item> items, Map<String, byte[]> bodies, Map<String, Boolean> unread) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() * 1500 + 2);
        out.write('[');
        boolean first = true;
        for (Queue.Item item : items) {
            byte[] body = bodies.get(item.conversationId());
            if (body == null) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeBytes(CONVERSATION);
            out.writeBytes(body);
            out.writeBytes(ASSIGNEE);
            out.writeBytes(string(item.assigneeId()));
            out.writeBytes(LAST_BY);
            out.writeBytes(string(item.lastWriter()));
            out.writeBytes(WAITING);
            out.writeBytes(string(Clock.iso(item.sortAt())));
            out.writeBytes(Boolean.TRUE.equals(unread.get(item.conversationId())) ? UNREAD : READ);
        }
        out.write(']');
        return out.toByteArray();
    }

    private static byte[] string(String value) {
        return value == null ? NULL : Json.bytes(value); // quoted and escaped
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}
