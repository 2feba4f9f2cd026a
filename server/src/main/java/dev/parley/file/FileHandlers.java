package dev.parley.file;

import dev.parley.api.Api;
import dev.parley.api.ApiError;
import dev.parley.conversation.ConversationHandlers;
import dev.parley.conversation.ConversationService;

import java.util.List;
import java.util.Set;

/**
 * Attachments are not served yet: the file operations answer 501 in the contract's error shape.
 * The two operations under a conversation first check that the caller may see it, so that a
 * caller who may not learns nothing (404), as for every other conversation operation.
 */
public final class FileHandlers {
    static final List<String> OPERATIONS = List.of(
            "conversation-request-file-upload",
            "conversation-get-file-access-token",
            "file-create-file",
            "file-get-file-meta",
            "file-get-file-upload-token-rules",
            "file-get-file-upload-type-rules",
            "file-get-file",
            "file-get-file-with-name");

    /** Operations whose path names a conversation. */
    static final Set<String> CONVERSATION_OPERATIONS = Set.of(
            "conversation-request-file-upload",
            "conversation-get-file-access-token");

    private final ConversationService conversations;

    public FileHandlers(ConversationService conversations) {
        this.conversations = conversations;
    }

    public void register(Api api) {
        for (String operation : OPERATIONS) {
            boolean underConversation = CONVERSATION_OPERATIONS.contains(operation);
            api.operation(operation, r -> {
                if (underConversation) {
                    conversations.get(r.caller(), ConversationHandlers.conversationId(r)); // 404 unless visible
                }
                throw new ApiError(501, "NotImplemented", "Attachments are not available in this version of Parley");
            });
        }
    }
}
