package dev.parley.identity;

import java.util.Set;

/**
 * The authenticated user of a request, with the memberships that decide what it may see.
 * {@code customerIds} and {@code projectIds} are the customers and projects the user belongs to;
 * {@code placementGroupIds} are the placement groups of those customers.
 */
public record Caller(User user, Set<String> customerIds, Set<String> projectIds, Set<String> placementGroupIds,
                     String rateLimitKey) {

    public String userId() {
        return user.userId();
    }

    public boolean isEmployee() {
        return user.isEmployee();
    }
}
