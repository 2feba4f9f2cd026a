package dev.parley.cli;

import dev.parley.identity.IdentityRepository;
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
