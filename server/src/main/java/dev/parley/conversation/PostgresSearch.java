package dev.parley.conversation;

import dev.parley.api.Json;
import dev.parley.identity.Caller;
import dev.parley.storage.Engine;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.postgresql.PGStatement;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
 * statistics of the index ({@code EXPLAIN}: no rows are read). Each term estimated at most
 * {@link #RARE} rows (by default) is read (at most {@link #LIMIT} rows, in case the estimate was
 * low), and the conversations all of them name replace their conditions in the list query:
 * {@code = ANY} of those (the same set, without PostgreSQL choosing how to find it), with the
 * other conditions, sort and page unchanged, so the result cannot differ. When every term is
 * frequent the list query runs as before and the walk stops early.
 *
 * <p>A customer's rows are read through their audience keys ({@link #AUDIENCE}): a word in a
 * hundred thousand rows may be in a few hundred of the customer's, and it is those the estimate
 * and the read count, so most of a customer's terms are read first. Not for a customer who sees
 * few conversations ({@link #WALK}): walking them costs less than reading any term's rows first.
 */
final class PostgresSearch {
    /**
     * The condition that a search row is one the caller (a non-employee, keys bound as
     * {@code :audience}) sees: a row customers see of a conversation sharing one of the caller's
     * keys (migration V12). It is a column of the words' GIN index, so a term and the caller's
     * keys are intersected inside the index rather than row by row.
     */
    static final String AUDIENCE = "internal = 0 AND audience && CAST(:audience AS TEXT[])";

    /**
     * Visible conversations up to which a customer's search walks them rather than reading a
     * term's rows through the audience keys: a bare word is a prefix, and a frequent prefix's
     * rows are gathered in full before the keys narrow them (GIN skips only through exact
     * words), 20–50 ms for a prefix in 200,000 to 1.5M rows, where the walk over a few thousand
     * conversations stops after a page and the cap.
     */
    static final int WALK = 2_000;

    /**
     * The audience keys through which a non-employee's terms are read, or null when the caller
     * sees at most {@code walk} conversations (by default {@link #WALK}; their counts are kept
     * per user: one small read), whose search walks them: reading a term's rows first, even a
     * rare term's all over the store, and planning the list query over their ids cost more (38 ms
     * for a customer with one conversation at 10,000 conversations, against 4 ms).
     */
    static List<String> audience(Handle h, Caller caller, long walk) {
        long visible = h.createQuery("SELECT COALESCE(SUM(n), 0) FROM viewer_counts WHERE user_id = :uid")
                .bind("uid", caller.userId()).mapTo(Long.class).one();
        return visible <= walk ? null : AudienceKeys.of(caller);
    }

    /** Estimated matching rows up to which a term's conversations are read first. */
    static final int RARE = 20_000;
    /** Rows read at most for a rare term; past them it is treated as frequent after all. */
    static final int LIMIT = 2 * RARE;

    private PostgresSearch() {
    }

    /**
     * The conversations holding a visible row for each of the terms {@code groups} of the search
     * (the intersection of their matches): the list query's conditions for those terms become
     * {@code = ANY} of them.
     */
    record Confinement(Set<Integer> groups, List<String> conversationIds) {
        boolean confines(int group) {
            return groups.contains(group);
        }
    }

    /**
     * The conversations of the rare terms of {@code tsqueries} (values of {@link SearchSql#query}),
     * all of them at once, or null when no term is rare. Only rows the caller may see count (a
     * non-employee's: those customers see, of conversations with one of the {@code audience}
     * keys), as in the list query's conditions for those terms, which they replace. A
     * non-employee without keys ({@link #audience}: few conversations) is never confined.
     */
    static Confinement candidates(Handle h, List<String> tsqueries, boolean employee, List<String> audience, double rare) {
        if (!employee && audience == null) {
            return null; // a customer with few conversations: the walk over them is the cheapest read
        }
        String rows = "FROM search_index WHERE " + SearchSql.matches(Engine.POSTGRESQL, "q")
                + (employee ? "" : " AND " + AUDIENCE);
        Map<Integer, Double> estimates = new HashMap<>();
        for (int i = 0; i < tsqueries.size(); i++) {
            // what the index hands out: a phrase's rows are those holding all its words, and
            // their positions are checked row by row afterwards
            String handedOut = tsqueries.get(i).replace(" <-> ", " & ");
            double estimate = estimate(h, "SELECT 1 " + rows, handedOut, audience);
            if (estimate <= rare) {
                estimates.put(i, estimate);
            }
        }
        Set<Integer> groups = new TreeSet<>();
        Set<String> together = null;
        // rarest first: once the intersection is empty, nothing more need be read
        for (int i : estimates.keySet().stream().sorted(Comparator.comparing(estimates::get)).toList()) {
            if (together != null && together.isEmpty()) {
                groups.add(i);
                continue;
            }
            Query read = plannedEachTime(h.createQuery("SELECT conversation_id " + rows + " LIMIT :n"))
                    .bind("q", tsqueries.get(i)).bind("n", LIMIT + 1);
            if (audience != null) {
                read.bindArray("audience", String.class, audience);
            }
            List<String> hits = read.mapTo(String.class).list();
            if (hits.size() > LIMIT) {
                continue; // more rows than the estimate promised: left to the list query
            }
            groups.add(i);
            if (together == null) {
                together = new LinkedHashSet<>(hits);
            } else {
                together.retainAll(new HashSet<>(hits));
            }
        }
        return together == null ? null : new Confinement(groups, List.copyOf(together));
    }

    /**
     * Has PostgreSQL plan {@code query} for its values each time it runs. After five runs of one
     * statement the JDBC driver prepares it on the server, and PostgreSQL may then keep one plan
     * for every value: the plan (and the {@code EXPLAIN} estimate) of one term for all the others,
     * a walk for a rare word or a read of every row for a frequent one (a customer's search for
     * a frequent word went from 50 ms to the 30 s statement timeout that way). A search's plan
     * depends on its words, so its statements are sent unprepared; planning one took 0.1–0.9 ms
     * at 1M conversations.
     */
    static <Q extends SqlStatement<Q>> Q plannedEachTime(Q query) {
        return query.addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement statement, StatementContext ctx)
                    throws SQLException {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
        });
    }

    /** The planner's estimate of the rows {@code select} returns for {@code tsquery}. */
    private static double estimate(Handle h, String select, String tsquery, List<String> audience) {
        Query explain = plannedEachTime(h.createQuery("EXPLAIN (FORMAT JSON) " + select)).bind("q", tsquery);
        if (audience != null) {
            explain.bindArray("audience", String.class, audience);
        }
        String plan = explain.mapTo(String.class).one();
        try {
            return Json.MAPPER.readTree(plan).path(0).path("Plan").path("Plan Rows").asDouble(Double.MAX_VALUE);
        } catch (IOException e) {
            return Double.MAX_VALUE; // no estimate: the list query as before
        }
    }
}
