package dev.parley.queue;

import dev.parley.api.ApiError;
import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.identity.AccessPolicy;
import dev.parley.identity.Caller;
import org.jdbi.v3.core.Handle;

/** The desk's two gates: staff-only operations, and conversations the caller may see. */
final class StaffOnly {
    private StaffOnly() {
    }

    /**
     * Refuses a non-employee before anything is looked up, so that the 403 is the same whether
     * or not the conversation exists.
     */
    static void require(Caller caller) {
        if (!caller.isEmployee()) {
            throw ApiError.forbidden("Only staff may use the desk's staff operations");
        }
    }

    /** The conversation by UUID or shortId if the caller may see it; a hidden one is the 404 of a nonexistent one. */
    static ConversationRow visible(Handle h, Caller caller, String idOrShortId) {
        return ConversationRepository.find(h, idOrShortId)
                .filter(c -> AccessPolicy.canSee(caller, c))
                .orElseThrow(() -> ApiError.notFound("Conversation not found"));
    }
}
