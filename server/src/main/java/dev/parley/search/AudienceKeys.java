package dev.parley.search;

import dev.parley.identity.Caller;

import java.util.ArrayList;
import java.util.List;

/** The terms that say who may see a conversation, and which of them a caller holds. */
final class AudienceKeys {
    private AudienceKeys() {
    }

    static String user(String id) {
        return "u:" + id;
    }

    static String customer(String id) {
        return "c:" + id;
    }

    static String project(String id) {
        return "p:" + id;
    }

    static String placementGroup(String id) {
        return "g:" + id;
    }

    /** The keys of a non-employee caller: itself, its customers, projects and placement groups. */
    static List<String> of(Caller caller) {
        List<String> keys = new ArrayList<>();
        keys.add(user(caller.userId()));
        caller.customerIds().forEach(id -> keys.add(customer(id)));
        caller.projectIds().forEach(id -> keys.add(project(id)));
        caller.placementGroupIds().forEach(id -> keys.add(placementGroup(id)));
        return keys;
    }
}
