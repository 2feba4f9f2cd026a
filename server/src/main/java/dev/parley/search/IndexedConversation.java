package dev.parley.search;

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

    /**
     * The audience keys (the visibility rule of identity/AccessPolicy as terms): its creator, its
     * main user, and whom it is shared with. A caller's keys ({@link AudienceKeys#of}) name
     * the caller and its customers, projects and placement groups; a conversation is visible when
     * the two share a key, so a membership change needs no re-indexing.
     */
    List<String> audience() {
        List<String> keys = new ArrayList<>(3);
        keys.add(AudienceKeys.user(createdBy));
        if (mainUserId != null && !mainUserId.equals(createdBy)) {
            keys.add(AudienceKeys.user(mainUserId));
        }
        if (sharedAggregate != null && sharedId != null) {
            String shared = switch (sharedAggregate) {
                case "user" -> AudienceKeys.user(sharedId);
                case "customer" -> AudienceKeys.customer(sharedId);
                case "project" -> AudienceKeys.project(sharedId);
                case "placementgroup" -> AudienceKeys.placementGroup(sharedId);
                default -> null;
            };
            if (shared != null && !keys.contains(shared)) {
                keys.add(shared);
            }
        }
        return keys;
    }
}
