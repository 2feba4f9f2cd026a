package dev.parley.conversation;

import dev.parley.identity.Caller;

import java.util.ArrayList;
import java.util.List;

/**
 * The visibility rule of identity/AccessPolicy as keys: a conversation's keys name its creator,
 * its main user and whom it is shared with; a caller's keys name the caller and its customers,
 * projects and placement groups. A non-employee sees a conversation when the two share a key.
 * A conversation's keys never change after it is created (no operation changes its creator,
 * main user or sharing), so a membership change alters only the caller's side.
 */
public final class AudienceKeys {
    private AudienceKeys() {
    }

    public static String user(String id) {
        return "u:" + id;
    }

    public static String customer(String id) {
        return "c:" + id;
    }

    public static String project(String id) {
        return "p:" + id;
    }

    public static String placementGroup(String id) {
        return "g:" + id;
    }

    /** The keys of a non-employee caller: itself, its customers, projects and placement groups. */
    public static List<String> of(Caller caller) {
        List<String> keys = new ArrayList<>();
        keys.add(user(caller.userId()));
        caller.customerIds().forEach(id -> keys.add(customer(id)));
        caller.projectIds().forEach(id -> keys.add(project(id)));
        caller.placementGroupIds().forEach(id -> keys.add(placementGroup(id)));
        return keys;
    }

    /** The keys of a conversation, from its stored creator, main user and sharing. */
    public static List<String> of(String createdBy, String mainUserId, String sharedAggregate, String sharedId) {
        List<String> keys = new ArrayList<>(3);
        keys.add(user(createdBy));
        if (mainUserId != null && !mainUserId.equals(createdBy)) {
            keys.add(user(mainUserId));
        }
        if (sharedAggregate != null && sharedId != null) {
            String shared = switch (sharedAggregate) {
                case "user" -> user(sharedId);
                case "customer" -> customer(sharedId);
                case "project" -> project(sharedId);
                case "placementgroup" -> placementGroup(sharedId);
                default -> null;
            };
            if (shared != null && !keys.contains(shared)) {
                keys.add(shared);
            }
        }
        return keys;
    }
}
