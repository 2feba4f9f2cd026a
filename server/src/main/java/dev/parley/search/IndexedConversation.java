package dev.parley.search;

import dev.parley.conversation.AudienceKeys;

import java.util.ArrayList;
import java.util.List;

/**
 * What the search index holds of one conversation: the keys of who may see it, its status and
 * sort keys, and its text: the title with the shortId, each message (staff notes apart).
 */
record IndexedConversation(String conversationId, String shortId, String title, String status, long createdAt,
                           long sortAt, String createdBy, String mainUserId, String sharedAggregate, String sharedId,
                           List<String> messages, List<String> notes) {

    IndexedConversation {
        messages = new ArrayList<>(messages);
        notes = new ArrayList<>(notes);
    }

    /** Who may see it, as {@link AudienceKeys}: a caller's keys select it when the two share one. */
    List<String> audience() {
        return AudienceKeys.of(createdBy, mainUserId, sharedAggregate, sharedId);
    }
}
