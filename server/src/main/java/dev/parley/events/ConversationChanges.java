package dev.parley.events;

/**
 * Told which conversations events touched, before the event log reports those events as
 * applied on this node: whatever keeps conversations in memory drops them here, so a read that
 * waited for a position ({@code if-event-reached}) never meets data older than it.
 */
public interface ConversationChanges {
    /** An event for this conversation was committed (by this node or another). */
    void changed(String conversationId);

    /** Events were committed whose conversations could not be learned: forget everything. */
    void changedAll();

    ConversationChanges NONE = new ConversationChanges() {
        @Override
        public void changed(String conversationId) {
        }

        @Override
        public void changedAll() {
        }
    };

    /** Tells {@code first}, then {@code second}. */
    static ConversationChanges both(ConversationChanges first, ConversationChanges second) {
        if (first == NONE) {
            return second;
        }
        return new ConversationChanges() {
            @Override
            public void changed(String conversationId) {
                first.changed(conversationId);
                second.changed(conversationId);
            }

            @Override
            public void changedAll() {
                first.changedAll();
                second.changedAll();
            }
        };
    }
}
