package dev.parley.cli;

import dev.parley.conversation.PreferencesRepository;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.User;
import org.jdbi.v3.core.Handle;

/** Existence checks for admin input, so that a wrong id ends in a plain message, not an SQL error. */
final class AdminChecks {
    private AdminChecks() {
    }

    static void requireUser(Handle h, String userId) {
        if (IdentityRepository.findUser(h, userId).isEmpty()) {
            throw new IllegalArgumentException("no user " + userId);
        }
    }

    /** A user the customer's conversations may go to: an active member of the customer, or an active employee. */
    static void requirePreferable(Handle h, String customerId, String userId) {
        User user = IdentityRepository.findUser(h, userId).orElseThrow(() -> new IllegalArgumentException("no user " + userId));
        if (!user.active()) {
            throw new IllegalArgumentException("user " + userId + " is deactivated: a customer's conversations go only to active users");
        }
        if (!PreferencesRepository.eligible(h, customerId, userId)) {
            throw new IllegalArgumentException("user " + userId + " is not a member of customer " + customerId
                    + ": a customer's conversations go only to its members (parley admin customer add-member) or to employees");
        }
    }

    /** A name as stored: without surrounding white space; empty or blank is refused. */
    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("--name must not be empty or blank");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("--name must not contain control characters (line breaks, tabs)");
        }
        return name.strip();
    }

    static void requireCustomer(Handle h, String customerId) {
        if (!IdentityRepository.customerExists(h, customerId)) {
            throw new IllegalArgumentException("no customer " + customerId);
        }
    }

    static void requireProject(Handle h, String projectId) {
        if (IdentityRepository.projectCustomer(h, projectId).isEmpty()) {
            throw new IllegalArgumentException("no project " + projectId);
        }
    }
}
