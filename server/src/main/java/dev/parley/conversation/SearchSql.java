package dev.parley.conversation;

import dev.parley.storage.Engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine-specific SQL of full-text search, in one place. Searches are built by
 * {@link SearchIndex} in a small, fixed FTS5 grammar (quoted token runs, an optional prefix
 * {@code *}, joined by {@code AND}); on PostgreSQL the same expression becomes a
 * {@code to_tsquery} over the generated {@code tsvector} (GIN-indexed): a phrase is
 * {@code 'a' <-> 'b'}, a prefix {@code 'a':*}. Tokens hold only letters and digits, so the
 * translation needs no escaping.
 */
final class SearchSql {
    private static final Pattern TERM = Pattern.compile("\"([^\"]*)\"(\\*?)");

    private SearchSql() {
    }

    /** The condition on {@code search_index} rows that match the bound parameter. */
    static String matches(Engine engine, String parameter) {
        return switch (engine) {
            case SQLITE -> "search_index MATCH :" + parameter;
            case POSTGRESQL -> "document @@ to_tsquery('simple', :" + parameter + ")";
        };
    }

    /** The value to bind for {@link #matches}, from an expression of {@link SearchIndex}. */
    static String query(Engine engine, String fts5) {
        if (engine == Engine.SQLITE) {
            return fts5;
        }
        List<String> terms = new ArrayList<>();
        Matcher m = TERM.matcher(fts5);
        while (m.find()) {
            List<String> tokens = new ArrayList<>();
            for (String token : m.group(1).split(" ")) {
                if (!token.isEmpty()) {
                    tokens.add("'" + token + "'");
                }
            }
            String term = String.join(" <-> ", tokens);
            terms.add(m.group(2).isEmpty() ? term : term + ":*");
        }
        return "(" + String.join(") & (", terms) + ")";
    }
}
