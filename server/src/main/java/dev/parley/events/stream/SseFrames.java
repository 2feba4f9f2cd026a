package dev.parley.events.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;

import java.nio.charset.StandardCharsets;

/**
 * Server-Sent Events frames. An event's {@code id} is its event-log position (the ETag's
 * number), {@code event} its kind as the log names it, {@code data} one line of JSON. Kinds this
 * code does not know pass through with their conversation id, so that new kinds reach clients
 * without a change here.
 */
final class SseFrames {
    private SseFrames() {
    }

    static byte[] event(EventRow row) {
        ObjectNode data = Json.MAPPER.createObjectNode();
        data.put("kind", row.type());
        data.put("position", row.position());
        if (row.conversationId() != null) {
            data.put("conversationId", row.conversationId());
        }
        if (row.subjectId() != null) {
            data.put(subjectField(row.type()), row.subjectId());
        }
        if (row.audience() != null) {
            data.put("audience", row.audience()); // "staff": a staff note; "actor": the receiver's own upload
        }
        // the kind is ours (ASCII names), the JSON is one line: nothing can break the frame
        String frame = "id: " + row.position() + "\nevent: " + row.type() + "\ndata: " + Json.MAPPER.valueToTree(data) + "\n\n";
        return frame.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] comment(String text) {
        return (": " + text + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String subjectField(String type) {
        if (type.startsWith("Message")) {
            return "messageId";
        }
        if (type.startsWith("File")) {
            return "fileId";
        }
        return "subjectId";
    }
}
