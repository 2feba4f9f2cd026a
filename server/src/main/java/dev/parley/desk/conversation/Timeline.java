package dev.parley.desk.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.desk.Markdown;
import dev.parley.identity.Caller;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns the service's timeline (the API's Message and StatusUpdate JSON, internal notes already
 * left out for customers) into what the page shows: Markdown rendered through the sanitiser,
 * attachments with access-token URLs, the viewer's last message editable (the service lets the
 * author edit), and the first entry someone else wrote since the viewer's last visit marked.
 */
final class Timeline {
    private Timeline() {
    }

    static List<TimelineItem> items(List<ObjectNode> entries, Caller caller, long lastReadAt,
                                    Function<String, String> downloadUrl) {
        String lastOwnMessage = null;
        for (ObjectNode e : entries) {
            if ("MESSAGE".equals(e.path("type").asText()) && caller.userId().equals(e.path("createdBy").path("userId").asText())) {
                lastOwnMessage = e.path("messageId").asText();
            }
        }
        List<TimelineItem> out = new ArrayList<>(entries.size());
        boolean dividerPlaced = false;
        for (ObjectNode e : entries) {
            boolean message = "MESSAGE".equals(e.path("type").asText());
            JsonNode by = message ? e.path("createdBy") : e.path("meta").path("user");
            String authorId = by.path("userId").asText();
            boolean own = caller.userId().equals(authorId);
            long at = Times.millis(e.path("createdAt").asText());
            // never-read conversations (lastReadAt -1) get no divider: everything is new
            boolean isNew = !dividerPlaced && lastReadAt >= 0 && at > lastReadAt && !own && !authorId.isEmpty();
            dividerPlaced |= isNew;
            List<TimelineItem.Attachment> attachments = new ArrayList<>();
            for (JsonNode f : e.path("files")) {
                boolean deleted = "deleted".equals(f.path("status").asText());
                attachments.add(new TimelineItem.Attachment(f.path("name").asText(),
                        deleted ? null : downloadUrl.apply(f.path("id").asText()),
                        !deleted && f.path("type").asText().startsWith("image/"), deleted));
            }
            String content = e.path("messageContent").asText("");
            String id = e.path("messageId").asText();
            out.add(new TimelineItem(id, message, e.path("internal").asBoolean(false),
                    by.path("clearName").asText(""), by.path("isEmployee").asBoolean(false), own,
                    Times.format(e.path("createdAt").asText()),
                    message ? Markdown.render(content) : null, message ? null : content, attachments,
                    message && id.equals(lastOwnMessage), content, isNew, false));
        }
        return out;
    }
}
