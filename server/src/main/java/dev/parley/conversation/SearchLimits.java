package dev.parley.conversation;

/**
 * The thresholds of a search's list query: up to how many estimated matching rows PostgreSQL
 * reads a term's conversations first, and up to how many visible conversations a customer's
 * search walks them instead of reading any term first ({@link PostgresSearch}); and the
 * largest total a search reports ({@link SearchCounts}). Tests set them to reach every path
 * with a few rows.
 */
record SearchLimits(double rareRows, int countCap, long walkConversations) {
    static final SearchLimits DEFAULT = new SearchLimits(PostgresSearch.RARE, SearchCounts.CAP, PostgresSearch.WALK);

    SearchLimits(double rareRows, int countCap) {
        this(rareRows, countCap, PostgresSearch.WALK);
    }
}
