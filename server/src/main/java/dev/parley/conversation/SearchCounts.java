package dev.parley.conversation;

/**
 * How many matches a search counts. An exact {@code X-Pagination-TotalCount} over a hundred
 * thousand matches costs as much as finding them all (and a customer's exact count of a frequent
 * word tests every conversation the customer sees), so a search counts up to {@link #CAP} and
 * reports {@code CAP} when there are more (exact below it; documented in Parley's
 * {@code /openapi.json} and the README). Pages past the cap are still answered. Lists without a
 * search count exactly (their totals are maintained, not counted).
 */
public final class SearchCounts {
    /** The largest total a search reports. */
    public static final int CAP = 1_000;

    private SearchCounts() {
    }

    /** The total to report for {@code counted} matches (counting may stop once it passes the cap). */
    public static long reported(long counted) {
        return Math.min(counted, CAP);
    }
}
