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
 * conversation cache's bytes, the same as {@code GET /v2/conversations/{id}}) and each item's
 * own fields as written when its page was read ({@link #fields}): a page is copied, not rendered.
 */
final class QueueItemsJson {
    private static final byte[] CONVERSATION = bytes("{\"conversation\":");
    private static final byte[] UNREAD = bytes(",\"unread\":true}");
    private static final byte[] READ = bytes(",\"unread\":false}");

    private QueueItemsJson() {
    }

    /** An item's fields after its conversation: {@code ,"assigneeId":…,"lastMessageBy":…,"waitingSince":…}. */
    static byte[] fields(String assigneeId, String lastWriter, long sortAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(120);
        out.writeBytes(bytes(",\"assigneeId\":"));
        out.writeBytes(Json.bytes(assigneeId)); // quoted and escaped, or null
        out.writeBytes(bytes(",\"lastMessageBy\":"));
        out.writeBytes(Json.bytes(lastWriter));
        out.writeBytes(bytes(",\"waitingSince\":"));
        out.writeBytes(Json.bytes(Clock.iso(sortAt)));
        return out.toByteArray();
    }

    /** Items whose conversation has no body (deleted since the page was read) are left out. */
    static byte[] write(List<Queue.Item> items, Map<String, byte[]> bodies, Map<String, Boolean> unread) {
        int length = 2;
        for (Queue.Item item : items) {
            byte[] body = bodies.get(item.conversationId());
            if (body != null) {
                length += CONVERSATION.length + body.length + item.fields().length + READ.length + 1;
            }
        }
        // one array of the exact size: a page is some 130 KB, and growing a buffer would copy it several times
        byte[] out = new byte[length];
        int at = 0;
        out[at++] = '[';
        for (Queue.Item item : items) {
            byte[] body = bodies.get(item.conversationId());
            if (body == null) {
                continue;
            }
            if (at > 1) {
                out[at++] = ',';
            }
            at = put(out, at, CONVERSATION);
            at = put(out, at, body);
            at = put(out, at, item.fields());
            at = put(out, at, Boolean.TRUE.equals(unread.get(item.conversationId())) ? UNREAD : READ);
        }
        out[at++] = ']';
        return at == out.length ? out : java.util.Arrays.copyOf(out, at);
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }
}
