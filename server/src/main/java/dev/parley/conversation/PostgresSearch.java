package dev.parley.conversation;

import dev.parley.api.Json;
import dev.parley.storage.Engine;
import org.jdbi.v3.core.Handle;

import java.util.List;

/**
 * How PostgreSQL finds a search's conversations without visiting every match.
 *
 * <p>The list query asks, per term, "is this conversation among the term's matches"; PostgreSQL
 * answers it in one of two ways, and each is slow in the other's case. Walking the caller's
 * conversations newest first and probing each one's search rows stops after a page when the
 * term is frequent, but walks everything (every conversation, for staff) when it is rare: a
 * phrase of 741 rows took 2.5 s at 200k conversations. Reading the term's matches from the
 * full-text index is cheap when they are few, and reads and re-checks hundreds of thousands of
 * rows when they are many. Left to itself the planner chose the walk for that phrase.
 *
 * <p>So before the list query each term's matching rows are estimated from the planner's
 * statistics of the index ({@code EXPLAIN}: no rows are read). The rarest term estimated at
 * most {@link #RARE} rows (by default) is read (at most {@link #LIMIT} rows, in case the estimate was low)
 * and names its conversations outright: the list query's condition for that term becomes
 * {@code = ANY} of them (the same set, without PostgreSQL choosing how to find it), with the
 * other conditions, sort and page unchanged, so the result cannot differ. When every term is frequent the list
 * query runs as before and the walk stops early.
 */
final class PostgresSearch {
    /** Estimated matching rows up to which a term's conversations are read first. */
    static final int RARE = 20_000;
    /** Rows read at most for a rare term; past them it is treated as frequent after all. */
    static final int LIMIT = 2 * RARE;

    private PostgresSearch() {
    }

    /** The conversations with a visible row matching term {@code group} of the search, all of them. */
    record Confinement(int group, List<String> conversationIds) {
    }

    /**
     * The conversations of the rarest term of {@code tsqueries} (values of {@link SearchSql#query}),
     * or null when no term is rare. Only rows the caller may see count ({@code internal = 0} for
     * non-employees), as in the list query's condition for that term, which they replace.
     */
    static Confinement candidates(Handle h, List<String> tsqueries, boolean employee, double rare) {
        String rows = "FROM search_index WHERE " + SearchSql.matches(Engine.POSTGRESQL, "q")
                + (employee ? "" : " AND internal = 0");
        int rarest = -1;
        double fewest = rare;
        for (int i = 0; i < tsqueries.size(); i++) {
            double estimate = estimate(h, "SELECT 1 " + rows, tsqueries.get(i));
            if (estimate <= fewest) {
                rarest = i;
                fewest = estimate;
            }
        }
        if (rarest < 0) {
            return null;
        }
        List<String> hits = h.createQuery("SELECT conversation_id " + rows + " LIMIT :n")
                .bind("q", tsqueries.get(rarest)).bind("n", LIMIT + 1).mapTo(String.class).list();
        // more rows than the estimate promised: an incomplete set would lose conversations
        return hits.size() > LIMIT ? null
                : new Confinement(rarest, List.copyOf(new java.util.LinkedHashSet<>(hits)));
    }

    /** The planner's estimate of the rows {@code select} returns for {@code tsquery}. */
    private static double estimate(Handle h, String select, String tsquery) {
        String plan = h.createQuery("EXPLAIN (FORMAT JSON) " + select).bind("q", tsquery)
                .mapTo(String.class).one();
        try {
            return Json.MAPPER.readTree(plan).path(0).path("Plan").path("Plan Rows").asDouble(Double.MAX_VALUE);
        } catch (java.io.IOException e) {
            return Double.MAX_VALUE; // no estimate: the list query as before
        }
    }
}
