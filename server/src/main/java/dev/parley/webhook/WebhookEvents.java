package dev.parley.webhook;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The event names a webhook receives (the payload's {@code type}) and which log events they come from. */
public final class WebhookEvents {
    public static final String CONVERSATION_CREATED = "conversation.created";
    public static final String MESSAGE_CREATED = "message.created";
    public static final String STATUS_CHANGED = "conversation.status_changed";
    public static final String ASSIGNED = "conversation.assigned";
    public static final String FILE_ATTACHED = "file.attached";

    /** Every name, in the order the docs list them. */
    public static final List<String> ALL = List.of(CONVERSATION_CREATED, MESSAGE_CREATED, STATUS_CHANGED, ASSIGNED,
            FILE_ATTACHED);

    private WebhookEvents() {
    }

    /** The webhook event of a log event, or null when webhooks do not carry it. */
    static String of(String logType) {
        return switch (logType) {
            case "ConversationCreated" -> CONVERSATION_CREATED;
            case "MessageCreated" -> MESSAGE_CREATED;
            case "ConversationStatusChanged" -> STATUS_CHANGED;
            case "ConversationAssigned" -> ASSIGNED;
            default -> null;
        };
    }

    /**
     * The names given to {@code --events} (comma-separated, repeatable), checked; empty means all.
     * Stored as {@code ,a,b,} so that one LIKE finds a name.
     */
    public static String parse(List<String> given) {
        Set<String> names = new LinkedHashSet<>();
        for (String part : given == null ? List.<String>of() : given) {
            for (String name : part.split(",")) {
                String n = name.strip();
                if (n.isEmpty()) {
                    continue;
                }
                if (!ALL.contains(n)) {
                    throw new IllegalArgumentException("unknown webhook event " + n + "; known: " + String.join(", ", ALL));
                }
                names.add(n);
            }
        }
        if (names.isEmpty() || names.size() == ALL.size()) {
            return null;
        }
        return "," + String.join(",", names) + ",";
    }

    /** The stored form as a list (all names for null). */
    public static List<String> names(String stored) {
        if (stored == null) {
            return ALL;
        }
        List<String> out = new ArrayList<>();
        for (String n : stored.split(",")) {
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }
}
