package dev.parley.bench.targets;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTTP benchmarks aim at in a store: conversation ids, an API token per {@link Role},
 * a search word and a quoted phrase. Read from a seeded store's {@code bench-credentials.json}
 * or made on a demo store by {@link DemoDataSet}; {@link TargetsFile} reads and writes both.
 *
 * @param conversationIds conversations visible to {@link Role#CUSTOMER} (and so to staff)
 * @param searchPhrase    a phrase without quotes; the scenarios quote it
 */
public record BenchTargets(List<String> conversationIds, Map<Role, String> tokens, String searchWord,
                           String searchPhrase) {
    public BenchTargets {
        conversationIds = List.copyOf(conversationIds);
        tokens = Map.copyOf(tokens);
        Objects.requireNonNull(searchWord, "searchWord");
        Objects.requireNonNull(searchPhrase, "searchPhrase");
        if (conversationIds.isEmpty()) {
            throw new IllegalArgumentException("no conversation ids to aim at");
        }
    }

    public String token(Role role) {
        String token = tokens.get(role);
        if (token == null) {
            throw new IllegalArgumentException("no token for role " + role.key());
        }
        return token;
    }

    /** Who a request is made as. */
    public enum Role {
        /** a member of the biggest customer */
        CUSTOMER("customer"),
        /** a member of a customer of median size */
        CUSTOMER_MEDIAN("customerMedian"),
        EMPLOYEE("employee");

        private final String key;

        Role(String key) {
            this.key = key;
        }

        /** the key in the credentials file and on the command line */
        public String key() {
            return key;
        }

        public static Role of(String key) {
            for (Role role : values()) {
                if (role.key.equalsIgnoreCase(key) || role.name().equalsIgnoreCase(key)) {
                    return role;
                }
            }
            throw new IllegalArgumentException("unknown role " + key + " (customer, customerMedian, employee)");
        }
    }
}
