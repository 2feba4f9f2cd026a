package dev.parley.bench.targets;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the HTTP benchmarks aim at in a store: conversation ids, an API token per {@link Role},
 * the search queries drawn from what each role sees ({@link SearchTerms}), and the single search
 * word and phrase of older files. Read from a seeded store's {@code bench-credentials.json} or made
 * on a demo store by {@link DemoDataSet}; {@link TargetsFile} reads and writes both.
 *
 * @param conversationIds conversations visible to {@link Role#CUSTOMER} (and so to staff)
 * @param searchPhrase    a phrase without quotes; the scenarios quote it
 * @param searchQueries   per role, the queries of {@link SearchTerms}; empty in a file written before them
 * @param writeIds        up to {@link WriteConversations#MAX} conversations of {@link Role#CUSTOMER} for the
 *                        writing scenarios, drawn from the store ({@link WriteConversations}); empty: the
 *                        conversation ids serve
 */
public record BenchTargets(List<String> conversationIds, Map<Role, String> tokens, String searchWord,
                           String searchPhrase, Map<Role, List<SearchQuery>> searchQueries, List<String> writeIds) {
    public BenchTargets {
        conversationIds = List.copyOf(conversationIds);
        writeIds = List.copyOf(writeIds);
        tokens = Map.copyOf(tokens);
        Map<Role, List<SearchQuery>> copy = new java.util.EnumMap<>(Role.class);
        searchQueries.forEach((role, queries) -> copy.put(role, List.copyOf(queries)));
        searchQueries = java.util.Collections.unmodifiableMap(copy);
        Objects.requireNonNull(searchWord, "searchWord");
        Objects.requireNonNull(searchPhrase, "searchPhrase");
        if (conversationIds.isEmpty()) {
            throw new IllegalArgumentException("no conversation ids to aim at");
        }
    }

    /** Targets without search queries (a file of before them; {@link TargetsSource} adds them). */
    public BenchTargets(List<String> conversationIds, Map<Role, String> tokens, String searchWord, String searchPhrase) {
        this(conversationIds, tokens, searchWord, searchPhrase, Map.of());
    }

    /** Targets without conversations of their own for the writing scenarios. */
    public BenchTargets(List<String> conversationIds, Map<Role, String> tokens, String searchWord, String searchPhrase,
                        Map<Role, List<SearchQuery>> searchQueries) {
        this(conversationIds, tokens, searchWord, searchPhrase, searchQueries, List.of());
    }

    public BenchTargets withSearchQueries(Map<Role, List<SearchQuery>> queries) {
        return new BenchTargets(conversationIds, tokens, searchWord, searchPhrase, queries, writeIds);
    }

    public BenchTargets withWriteIds(List<String> ids) {
        return new BenchTargets(conversationIds, tokens, searchWord, searchPhrase, searchQueries, ids);
    }

    /** The conversations the writing scenarios spread their messages over. */
    public List<String> writeConversations() {
        return writeIds.isEmpty() ? conversationIds : writeIds;
    }

    public boolean hasSearchQueries() {
        return !searchQueries.isEmpty();
    }

    /** The role's queries; empty when it has none. */
    public List<SearchQuery> searchQueries(Role role) {
        return searchQueries.getOrDefault(role, List.of());
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
