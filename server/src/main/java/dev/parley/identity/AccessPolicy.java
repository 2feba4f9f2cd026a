package dev.parley.identity;

import dev.parley.conversation.ConversationRow;

/**
 * Who sees a conversation: its creator and main user, the user it is shared with, members of
 * the customer, project or placement group it is shared with, and employees. The SQL twin of
 * this rule is the view {@code conversation_audience} (migration V5), from which triggers keep
 * the {@code conversation_viewers} rows that lists read.
 */
public final class AccessPolicy {
    private AccessPolicy() {
    }

    public static boolean canSee(Caller caller, ConversationRow c) {
        if (caller.isEmployee()) {
            return true;
        }
        String uid = caller.userId();
        if (uid.equals(c.createdBy()) || uid.equals(c.mainUserId())) {
            return true;
        }
        if (c.sharedAggregate() == null) {
            return false;
        }
        return switch (c.sharedAggregate()) {
            case "user" -> uid.equals(c.sharedId());
            case "customer" -> caller.customerIds().contains(c.sharedId());
            case "project" -> caller.projectIds().contains(c.sharedId());
            case "placementgroup" -> caller.placementGroupIds().contains(c.sharedId());
            default -> false;
        };
    }
}
