package dev.parley.conversation;

import dev.parley.storage.Engine;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine-specific SQL of full-text search, in one place. Searches are built by
 * {@link SearchIndex} in a small, fixed FTS5 grammar (quoted token runs, an optional prefix
 * {@code *}, joined by {@code AND} or {@code OR}, parentheses); on PostgreSQL the same
 * expression becomes a {@code to_tsquery} over the generated {@code tsvector} (GIN-indexed): a
 * phrase is {@code 'a' <-> 'b'}, a prefix {@code 'a':*}, {@code AND} is {@code &} and
 * {@code OR} is {@code |}. Exclusions are not an operator of the expression: the list query
 * puts them in a condition of their own ({@link #excludes}).
 *
 * <p>Both engines find the same: SQLite's FTS5 tokenizer ({@code unicode61 remove_diacritics 2})
 * splits text into runs of letters and digits and folds case and diacritics. PostgreSQL's text
 * parser would instead keep host names, e-mail addresses, paths and versions as single tokens,
 * split {@code ABCD-2345} into {@code abcd} and {@code -2345}, and keep accents; so on PostgreSQL
 * the indexed body and the query are reduced to the same words FTS5 sees ({@link #words}),
 * separated by spaces, before PostgreSQL parses them. Words hold only letters and digits, so
 * the translation needs no escaping.
 */
public final class SearchSql {
    private static final Pattern TERM = Pattern.compile("\"([^\"]*)\"(\\*?)|(AND|OR|\\(|\\))");

    private SearchSql() {
    }

    /** The condition on {@code search_index} rows that match the bound parameter. */
    public static String matches(Engine engine, String parameter) {
        return switch (engine) {
            case SQLITE -> "search_index MATCH :" + parameter;
            case POSTGRESQL -> "document @@ to_tsquery('simple', :" + parameter + ")";
        };
    }

    /**
     * The condition that no search row of the conversation in {@code column} (only rows customers
     * see when {@code publicOnly}) matches the bound exclusion. On PostgreSQL an anti-join per
     * conversation ({@code NOT EXISTS}, through the index on {@code conversation_id}): a
     * {@code NOT IN} over a frequent word's rows does not fit {@code work_mem}, and PostgreSQL then
     * rescans the whole list for every conversation (over 30 s at 200k conversations). SQLite's
     * FTS5 table has no index on the conversation, so there the matches are listed once.
     */
    public static String excludes(Engine engine, String column, String parameter, boolean publicOnly) {
        return switch (engine) {
            case SQLITE -> column + " NOT IN (SELECT conversation_id FROM search_index WHERE search_index MATCH :" + parameter
                    + (publicOnly ? " AND internal = 0" : "") + ")";
            case POSTGRESQL -> "NOT EXISTS (SELECT 1 FROM search_index x WHERE x.conversation_id = " + column
                    + " AND x.document @@ to_tsquery('simple', :" + parameter + ")" + (publicOnly ? " AND x.internal = 0" : "") + ")";
        };
    }

    /** What to store in {@code search_index.body} for {@code text}. */
    static String body(Engine engine, String text) {
        return switch (engine) {
            case SQLITE -> text; // FTS5 tokenizes and folds itself
            case POSTGRESQL -> String.join(" ", words(text));
        };
    }

    /** The value to bind for {@link #matches}, from an expression of {@link SearchIndex}. */
    public static String query(Engine engine, String fts5) {
        if (engine == Engine.SQLITE) {
            return fts5;
        }
        StringBuilder query = new StringBuilder();
        Matcher m = TERM.matcher(fts5);
        while (m.find()) {
            if (m.group(3) != null) {
                query.append(switch (m.group(3)) {
                    case "AND" -> " & ";
                    case "OR" -> " | ";
                    default -> m.group(3);
                });
                continue;
            }
            List<String> tokens = new ArrayList<>();
            for (String word : words(m.group(1))) {
                tokens.add("'" + word + "'");
            }
            if (tokens.isEmpty()) {
                // nothing searchable left (e.g. a lone combining mark): as in FTS5, an empty
                // phrase matches nothing, and neither does the AND of which it is part
                // (SearchIndex leaves such terms out of ORs and exclusions)
                return "";
            }
            String term = String.join(" <-> ", tokens);
            query.append('(').append(m.group(2).isEmpty() ? term : term + ":*").append(')');
        }
        return query.toString();
    }

    /**
     * The words of {@code text} as FTS5's {@code unicode61 remove_diacritics 2} tokenizer sees
     * them: runs of letters, digits and private-use characters, in lower case, without the
     * combining diacritical marks (U+0300–U+036F) of their decomposed form; any other character
     * separates words.
     */
    public static List<String> words(String text) {
        String decomposed = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        decomposed.codePoints().forEach(cp -> {
            if (cp >= 0x0300 && cp <= 0x036F) {
                return; // a diacritic: dropped, the word goes on
            }
            if (isTokenCharacter(cp)) {
                word.appendCodePoint(cp);
            } else if (!word.isEmpty()) {
                words.add(Normalizer.normalize(word, Normalizer.Form.NFC));
                word.setLength(0);
            }
        });
        if (!word.isEmpty()) {
            words.add(Normalizer.normalize(word, Normalizer.Form.NFC));
        }
        return words;
    }

    private static boolean isTokenCharacter(int cp) {
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }
}
