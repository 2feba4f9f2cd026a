package dev.parley.conversation;

import java.util.List;

/** A conversation category; {@code referenceTypes} restrict what {@code relatedTo} may name. */
public record Category(String categoryId, String name, List<String> referenceTypes) {

    /** Whether a conversation of this category may be related to the given aggregate. */
    public boolean allowsRelatedAggregate(String aggregate) {
        if (referenceTypes.contains("unspecified")) {
            return true;
        }
        String type = switch (aggregate) {
            case "project" -> "project";
            case "placementgroup" -> "server";
            case "customer" -> "organisation";
            case "extensionInstance" -> "extensionInstance";
            default -> null;
        };
        return type != null && referenceTypes.contains(type);
    }
}
