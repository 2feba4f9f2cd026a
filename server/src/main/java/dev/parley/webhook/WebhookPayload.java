package dev.parley.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.conversation.ConversationView;
import dev.parley.conversation.TimelineEntry;
import dev.parley.conversation.TimelineRepository;
import dev.parley.file.FileRow;
import dev.parley.file.FileService;
import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Clock;
import org.jdbi.v3.core.Handle;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A delivery's body, in the shape Standard Webhooks recommends: {@code {"type", "timestamp",
 * "data"}}; {@code data} holds the ids the event concerns and the resources as the API renders
 * them (the conversation as {@code GET /v2/conversations/{id}}, the message as the messages list).
 * Rendered once, at the first attempt, and stored: retries send the same bytes.
 */
final class WebhookPayload {
    private WebhookPayload() {
    }

    /** What the payload is about (a delivery row's event columns). */
    record Subject(String type, String conversationId, String messageId, String fileId, long eventAt) {
    }

    static String render(Handle h, Subject s) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("type", s.type());
        root.put("timestamp", Clock.iso(s.eventAt()));
        ObjectNode data = root.putObject("data");
        data.put("conversationId", s.conversationId());
        Optional<ConversationRow> row = ConversationRepository.find(h, s.conversationId())
                .filter(c -> c.conversationId().equals(s.conversationId()));
        switch (s.type()) {
            case WebhookEvents.MESSAGE_CREATED, WebhookEvents.FILE_ATTACHED -> {
                data.put("messageId", s.messageId());
                Optional<ObjectNode> message = message(h, s.conversationId(), s.messageId());
                if (s.fileId() != null) {
                    data.put("fileId", s.fileId());
                    message.map(m -> file(m, s.fileId())).ifPresent(f -> data.set("file", f));
                }
                message.ifPresent(m -> data.set("message", m));
            }
            case WebhookEvents.ASSIGNED -> assignment(h, s.conversationId(), data);
            default -> {
            }
        }
        row.ifPresent(c -> data.set("conversation", ConversationView.conversations(h, List.of(c)).get(0)));
        return new String(Json.bytes(root), StandardCharsets.UTF_8);
    }

    private static Optional<ObjectNode> message(Handle h, String conversationId, String messageId) {
        return TimelineRepository.find(h, conversationId, messageId).map(entry -> {
            Set<String> userIds = new HashSet<>();
            if (entry.createdBy() != null) {
                userIds.add(entry.createdBy());
            }
            Map<String, List<FileRow>> files = FileService.filesOf(h, List.of(entry));
            return ConversationView.entry(entry, IdentityRepository.findUsers(h, userIds),
                    files.getOrDefault(entry.entryId(), List.of()));
        });
    }

    private static JsonNode file(ObjectNode message, String fileId) {
        for (JsonNode f : message.path("files")) {
            if (fileId.equals(f.path("id").asText())) {
                return f;
            }
        }
        return null;
    }

    private static void assignment(Handle h, String conversationId, ObjectNode data) {
        h.createQuery("SELECT assignee_id, assigned_at, assigned_by FROM conversations WHERE conversation_id = :id")
                .bind("id", conversationId)
                .map((rs, ctx) -> {
                    data.put("assigneeId", rs.getString("assignee_id"));
                    long at = rs.getLong("assigned_at");
                    if (rs.wasNull()) {
                        data.putNull("assignedAt");
                    } else {
                        data.put("assignedAt", Clock.iso(at));
                    }
                    data.put("assignedBy", rs.getString("assigned_by"));
                    return 1;
                })
                .findOne();
    }
}
