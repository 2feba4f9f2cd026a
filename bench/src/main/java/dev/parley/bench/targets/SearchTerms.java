package dev.parley.bench.targets;

import dev.parley.identity.Tokens;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The search queries of the search scenarios, drawn from the word frequencies of what the
 * searching user can see in the store ({@link VisibleText}, counted by {@link TermCounts}):
 * <ul>
 *   <li>frequent prefixes: the two most frequent 2-letter and 3-letter word starts;</li>
 *   <li>frequent words: the {@value #PER_KIND} most frequent words (conversations they occur in);</li>
 *   <li>median words: the word of the median occurrence (half of all word occurrences are of more
 *       frequent words) and the next ones down;</li>
 *   <li>rare words: the least frequent words;</li>
 *   <li>two and three words: frequent and median words together;</li>
 *   <li>phrases: the most frequent two-word and three-word runs of the messages and the rarest
 *       three-word run, quoted, as first written;</li>
 *   <li>exclusions: {@code frequent -frequent}, {@code frequent -median}, {@code median -frequent}.</li>
 * </ul>
 * Ties are broken alphabetically and the sample is the same for the same store, so the same
 * store gives the same queries. The sample of {@value #SAMPLE_CONVERSATIONS} conversations keeps
 * this to seconds at a million conversations; frequencies are those of the sample.
 */
public final class SearchTerms {
    static final int SAMPLE_CONVERSATIONS = 5_000;
    static final int PHRASE_CONVERSATIONS = 1_000;
    static final int PER_KIND = 3;

    private SearchTerms() {
    }

    /** The queries for each role's token that the store knows (a token it does not know is left out). */
    public static Map<BenchTargets.Role, List<SearchQuery>> forTokens(String jdbcUrl, Map<BenchTargets.Role, String> tokens) {
        return read(jdbcUrl, tokens, true);
    }

    /** The queries for each role's user. */
    public static Map<BenchTargets.Role, List<SearchQuery>> forUsers(String jdbcUrl, Map<BenchTargets.Role, String> userIds) {
        return read(jdbcUrl, userIds, false);
    }

    private static Map<BenchTargets.Role, List<SearchQuery>> read(String jdbcUrl, Map<BenchTargets.Role, String> who,
                                                                  boolean tokens) {
        Map<BenchTargets.Role, List<SearchQuery>> out = new EnumMap<>(BenchTargets.Role.class);
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.setAutoCommit(false); // one snapshot for all roles
            for (Map.Entry<BenchTargets.Role, String> e : new EnumMap<>(who).entrySet()) {
                String user = tokens ? userOf(c, e.getValue()) : e.getValue();
                if (user != null) {
                    out.put(e.getKey(), forUser(c, user));
                }
            }
            c.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read search terms from " + jdbcUrl + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The queries for the user, from their sample of visible text. */
    public static List<SearchQuery> forUser(Connection c, String userId) throws SQLException {
        TermCounts counts = new TermCounts(PHRASE_CONVERSATIONS);
        VisibleText.sample(c, userId, SAMPLE_CONVERSATIONS, counts::add);
        return choose(counts);
    }

    private static String userOf(Connection c, String token) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT user_id FROM api_tokens WHERE token_hash = ?")) {
            st.setString(1, Tokens.hash(token));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static List<SearchQuery> choose(TermCounts counts) {
        List<String> ranked = ranked(counts.words);
        if (ranked.isEmpty()) {
            return List.of();
        }
        int n = ranked.size();
        List<String> frequent = ranked.subList(0, Math.min(PER_KIND, n));
        int medianStart = Math.min(Math.max(medianOccurrence(ranked, counts.words), frequent.size()), n);
        List<String> median = ranked.subList(medianStart, Math.min(medianStart + PER_KIND, n));
        int rareStart = Math.max(medianStart + median.size(), n - PER_KIND);
        List<String> rare = new ArrayList<>(ranked.subList(rareStart, n));
        java.util.Collections.reverse(rare); // the rarest first

        Set<SearchQuery> out = new LinkedHashSet<>();
        List<String> prefixes = ranked(counts.prefixes);
        prefixes.stream().filter(p -> p.length() == 2).limit(2).forEach(p -> out.add(new SearchQuery(SearchKind.FREQUENT_PREFIX, p)));
        prefixes.stream().filter(p -> p.length() == 3).limit(2).forEach(p -> out.add(new SearchQuery(SearchKind.FREQUENT_PREFIX, p)));
        frequent.forEach(w -> out.add(new SearchQuery(SearchKind.FREQUENT_WORD, w)));
        median.forEach(w -> out.add(new SearchQuery(SearchKind.MEDIAN_WORD, w)));
        rare.forEach(w -> out.add(new SearchQuery(SearchKind.RARE_WORD, w)));
        for (int i = 0; i < Math.min(frequent.size(), median.size()); i++) {
            out.add(new SearchQuery(SearchKind.TWO_WORDS, frequent.get(i) + " " + median.get(i)));
            out.add(new SearchQuery(SearchKind.THREE_WORDS, frequent.get(i) + " " + median.get(i) + " "
                    + frequent.get((i + 1) % frequent.size())));
        }
        if (frequent.size() > 1) {
            out.add(new SearchQuery(SearchKind.EXCLUSION, frequent.get(0) + " -" + frequent.get(1)));
        }
        if (!median.isEmpty()) {
            out.add(new SearchQuery(SearchKind.EXCLUSION, frequent.get(0) + " -" + median.get(0)));
            out.add(new SearchQuery(SearchKind.EXCLUSION, median.get(0) + " -" + frequent.get(frequent.size() - 1)));
        }
        phrases(counts).forEach(p -> out.add(new SearchQuery(SearchKind.PHRASE, "\"" + p + "\"")));
        // a kind that came out empty on a tiny vocabulary is just missing; TWO_WORDS may repeat a
        // THREE_WORDS' words but never a query, the set drops exact repeats
        return List.copyOf(out);
    }

    /** the index in {@code ranked} of the word that holds the median occurrence */
    private static int medianOccurrence(List<String> ranked, Map<String, Integer> counts) {
        long total = 0;
        for (String w : ranked) {
            total += counts.get(w);
        }
        long cumulative = 0;
        for (int i = 0; i < ranked.size(); i++) {
            cumulative += counts.get(ranked.get(i));
            if (2 * cumulative >= total) {
                return i;
            }
        }
        return ranked.size() - 1;
    }

    /** the most frequent two-word and three-word phrases, and the rarest three-word one */
    private static List<String> phrases(TermCounts counts) {
        Comparator<Map.Entry<String, TermCounts.Phrase>> frequentFirst = Comparator
                .<Map.Entry<String, TermCounts.Phrase>>comparingInt(e -> -e.getValue().conversations)
                .thenComparing(Map.Entry::getKey);
        List<String> out = new ArrayList<>();
        for (int words = 2; words <= 3; words++) {
            int n = words;
            counts.phrases.entrySet().stream().filter(e -> e.getValue().words == n).min(frequentFirst)
                    .ifPresent(e -> out.add(e.getValue().verbatim));
        }
        counts.phrases.entrySet().stream().filter(e -> e.getValue().words == 3).max(frequentFirst)
                .map(e -> e.getValue().verbatim).filter(p -> !out.contains(p)).ifPresent(out::add);
        return out;
    }

    /** the keys by count, highest first, ties alphabetically */
    private static List<String> ranked(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(e -> -e.getValue()).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
    }
}
