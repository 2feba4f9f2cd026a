package dev.parley.conversation;

/**
 * The two thresholds of a search's list query: up to how many estimated matching rows
 * PostgreSQL reads a term's conversations first ({@link PostgresSearch}), and the largest total
 * a search reports ({@link SearchCounts}). Tests set them to reach every path with a few rows.
 */
record SearchLimits(double rareRows, int countCap) {
    static final SearchLimits DEFAULT = new SearchLimits(PostgresSearch.RARE, SearchCounts.CAP);
}
