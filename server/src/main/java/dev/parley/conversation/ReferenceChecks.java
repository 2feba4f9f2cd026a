package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ApiError;
import dev.parley.identity.Caller;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.User;
import org.jdbi.v3.core.Handle;

import java.util.Map;
import java.util.Optional;

/**
 * Whom and what a request body may name: the audience a conversation is shared with
 * ({@code sharedWith}), its main user ({@code mainUserId}, or the customer's preferred user in its
 * place) and what it is about ({@code relatedTo}).
 *
 * <p>A customer shares only with an audience it belongs to: itself (a private conversation), or
 * one of its customers, projects and the placement groups of its customers. In {@code relatedTo}
 * and as main user it may also name its colleagues (active users it shares a customer or project
 * with) and active employees (who see every conversation anyway). Anything else is refused with
 * one answer per field that does not depend on whether the id exists and does not echo it, so that
 * no request confirms someone else's id. Employees may name anything that exists and are told
 * when an id does not.
 */
final class ReferenceChecks {
    private ReferenceChecks() {
    }

    /** An aggregate reference from a request body (already schema-checked). */
    record Reference(String domain, String aggregate, String id) {
        static Reference of(JsonNode node) {
            return new Reference(node.path("domain").asText(), node.path("aggregate").asText(), node.path("id").asText());
        }
    }

    private static ApiError refused(String path, String message) {
        return ApiError.validation(path, "reference", message, Map.of());
    }

    private static ApiError unknown(String path, String what, String id) {
        return ApiError.validation(path, "reference", "no " + what + " with this id", Map.of("id", id));
    }

    /**
     * Checks {@code sharedWith}; returns the customer the audience belongs to (null for a user),
     * whose preferences choose the main user when the body names none.
     */
    static String checkShare(Handle h, Caller caller, Reference shared) {
        if (!caller.isEmployee()) {
            boolean allowed = switch (shared.aggregate()) {
                // a user audience is a private conversation: one's own, never someone else's list
                case "user" -> shared.id().equals(caller.userId());
                case "customer" -> caller.customerIds().contains(shared.id());
                case "project" -> caller.projectIds().contains(shared.id());
                case "placementgroup" -> caller.placementGroupIds().contains(shared.id());
                default -> false;
            };
            if (!allowed) {
                throw refused(".sharedWith.id", "no " + shared.aggregate() + " with this id that you may share with"
                        + " (yourself, or a customer, project or placement group you belong to)");
            }
            return switch (shared.aggregate()) {
                case "customer" -> shared.id();
                case "project" -> IdentityRepository.projectCustomer(h, shared.id()).orElse(null);
                case "placementgroup" -> IdentityRepository.placementGroupCustomer(h, shared.id()).orElse(null);
                default -> null;
            };
        }
        return switch (shared.aggregate()) {
            case "user" -> {
                if (IdentityRepository.findUser(h, shared.id()).isEmpty()) {
                    throw unknown(".sharedWith.id", "user", shared.id());
                }
                yield null;
            }
            case "customer" -> {
                if (!IdentityRepository.customerExists(h, shared.id())) {
                    throw unknown(".sharedWith.id", "customer", shared.id());
                }
                yield shared.id();
            }
            case "project" -> IdentityRepository.projectCustomer(h, shared.id())
                    .orElseThrow(() -> unknown(".sharedWith.id", "project", shared.id()));
            case "placementgroup" -> IdentityRepository.placementGroupCustomer(h, shared.id())
                    .orElseThrow(() -> unknown(".sharedWith.id", "placement group", shared.id()));
            default -> throw ApiError.validation(".sharedWith.aggregate", "enum", "unsupported aggregate", Map.of());
        };
    }

    /** relatedTo must fit the category's reference types, and name something the caller may name. */
    static void checkRelated(Handle h, Caller caller, Category category, Reference related, String path) {
        if (category != null && !category.allowsRelatedAggregate(related.aggregate())) {
            throw ApiError.validation(path + ".aggregate", "referenceType",
                    "category '" + category.name() + "' takes references of type " + category.referenceTypes(),
                    Map.of("allowedValues", String.join(", ", category.referenceTypes())));
        }
        if (caller.isEmployee()) {
            boolean exists = switch (related.aggregate()) {
                case "user" -> IdentityRepository.findUser(h, related.id()).isPresent();
                case "customer" -> IdentityRepository.customerExists(h, related.id());
                case "project" -> IdentityRepository.projectCustomer(h, related.id()).isPresent();
                case "placementgroup" -> IdentityRepository.placementGroupCustomer(h, related.id()).isPresent();
                default -> true; // app installations, extension instances, containers live outside Parley
            };
            if (!exists) {
                throw unknown(path + ".id", related.aggregate(), related.id());
            }
            return;
        }
        boolean allowed = switch (related.aggregate()) {
            case "user" -> mayNameUser(h, caller, related.id());
            case "customer" -> caller.customerIds().contains(related.id());
            // a project of one's own, or of a customer one belongs to
            case "project" -> caller.projectIds().contains(related.id())
                    || IdentityRepository.projectCustomer(h, related.id()).map(caller.customerIds()::contains).orElse(false);
            case "placementgroup" -> caller.placementGroupIds().contains(related.id());
            default -> true;
        };
        if (!allowed) {
            throw refused(path + ".id", "no " + related.aggregate() + " with this id that you may refer to");
        }
    }

    /**
     * Checks an explicit {@code mainUserId}: an active user who can see the conversation. For
     * customers that is themselves, an employee, or a member of the {@code sharedWith} audience;
     * employees may hand a conversation to any active user.
     */
    static String checkMainUser(Handle h, Caller caller, String userId, Reference shared) {
        Optional<User> user = IdentityRepository.findUser(h, userId).filter(User::active);
        if (caller.isEmployee()) {
            return user.map(User::userId).orElseThrow(() -> unknown(".mainUserId", "active user", userId));
        }
        if (userId.equals(caller.userId()) || user.isPresent() && (user.get().isEmployee() || inAudience(h, userId, shared))) {
            return userId;
        }
        throw refused(".mainUserId", "no user with this id who can see the conversation"
                + " (yourself, an employee, or a member of the audience it is shared with)");
    }

    private static boolean inAudience(Handle h, String userId, Reference shared) {
        if (shared == null) {
            return false;
        }
        return switch (shared.aggregate()) {
            case "user" -> shared.id().equals(userId);
            case "customer" -> IdentityRepository.customerMemberIds(h, shared.id()).contains(userId);
            case "project" -> IdentityRepository.projectMemberIds(h, shared.id()).contains(userId);
            case "placementgroup" -> IdentityRepository.placementGroupCustomer(h, shared.id())
                    .map(c -> IdentityRepository.customerMemberIds(h, c).contains(userId)).orElse(false);
            default -> false;
        };
    }

    /** Oneself, an active employee, or an active user sharing a customer or project with the caller. */
    static boolean mayNameUser(Handle h, Caller caller, String userId) {
        if (userId.equals(caller.userId())) {
            return true;
        }
        Optional<User> user = IdentityRepository.findUser(h, userId).filter(User::active);
        return user.isPresent() && (user.get().isEmployee()
                || IdentityRepository.sharesMembership(h, userId, caller.customerIds(), caller.projectIds()));
    }

    /**
     * The main user of a conversation created without {@code mainUserId}: shared with a customer
     * (or with a project or placement group, through its customer), the first of the customer's
     * preferred user for the category and its fallback who may still receive its conversations
     * (see {@link PreferencesRepository#eligible}); otherwise, and for anything else, the creator.
     */
    static String defaultMainUser(Handle h, Caller caller, String customerId, Category category) {
        if (customerId == null) {
            return caller.userId();
        }
        for (String candidate : PreferencesRepository.candidates(h, customerId, category == null ? null : category.categoryId())) {
            if (PreferencesRepository.eligible(h, customerId, candidate)) {
                return candidate;
            }
        }
        return caller.userId();
    }
}
