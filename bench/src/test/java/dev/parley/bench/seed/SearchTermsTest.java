package dev.parley.bench.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.api.Json;
import dev.parley.bench.targets.BenchTargets;
import dev.parley.bench.targets.BenchTargets.Role;
import dev.parley.bench.targets.SearchKind;
import dev.parley.bench.targets.SearchQuery;
import dev.parley.bench.targets.SearchTerms;
import dev.parley.bench.targets.TargetsFile;
import dev.parley.bench.targets.TargetsSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search queries a seeded store carries (targets/SearchTerms), checked against the store
 * itself (its own full-text index counts the words, its messages hold the phrases) and through
 * the HTTP API of an in-process Parley (every query is a search Parley answers).
 */
class SearchTermsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** the roles the search scenarios run as by default */
    private static final List<Role> SEARCHING = List.of(Role.CUSTOMER, Role.EMPLOYEE);

    @TempDir
    Path temp;

    private static ObjectNode seed(String url, long seed) throws Exception {
        SeedSettings settings = new SeedSettings(200, 20, 5, seed, SeedSettings.DEFAULT_UNTIL, 1.0, 12);
        return new Seeder(settings, url, new PrintStream(new ByteArrayOutputStream()), false).run().credentials();
    }

    private static String sqlite(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("parley.db").toAbsolutePath();
    }

    @Test
    void sqliteStoreCarriesQueriesTheStoreBearsOut() throws Exception {
        Path dir = temp.resolve("store");
        ObjectNode credentials = seed(sqlite(dir), 7);
        BenchTargets targets = TargetsFile.parse(credentials);
        checkAgainstStore(targets, credentials, sqlite(dir));
        checkThroughApi(targets, dir, null);
        // the same store gives the same set, drawn anew through the tokens as on first use
        assertThat(SearchTerms.forTokens(sqlite(dir), targets.tokens())).isEqualTo(targets.searchQueries());
    }

    @Test
    void postgresqlStoreCarriesQueriesTheStoreBearsOut() throws Exception {
        String name = PostgresDatabases.create();
        try {
            String url = PostgresDatabases.url(name);
            ObjectNode credentials = seed(url, 7);
            BenchTargets targets = TargetsFile.parse(credentials);
            checkAgainstStore(targets, credentials, url);
            checkThroughApi(targets, temp.resolve("pg"), url);
            assertThat(SearchTerms.forTokens(url, targets.tokens())).isEqualTo(targets.searchQueries());
        } finally {
            PostgresDatabases.drop(name);
        }
    }

    @Test
    void anOlderFileGetsItsQueriesOnFirstUseAndKeepsThem() throws Exception {
        Path dir = temp.resolve("older");
        ObjectNode credentials = seed(sqlite(dir), 3);
        BenchTargets seeded = TargetsFile.parse(credentials);
        credentials.remove("searchQueries"); // as bench seed wrote it before the queries
        Path file = dir.resolve(TargetsFile.SEEDED);
        Files.writeString(file, Json.MAPPER.writeValueAsString(credentials));
        assertThat(TargetsFile.read(file).hasSearchQueries()).isFalse();

        BenchTargets loaded = TargetsSource.load(null, dir, null, 0, sqlite(dir));
        assertThat(loaded.searchQueries()).isEqualTo(seeded.searchQueries());
        // remembered in the file, the rest of it kept
        ObjectNode after = (ObjectNode) Json.MAPPER.readTree(Files.readString(file));
        assertThat(TargetsFile.read(file)).isEqualTo(loaded);
        assertThat(after.get("users").toString()).isEqualTo(credentials.get("users").toString());
    }

    private static void checkAgainstStore(BenchTargets targets, ObjectNode credentials, String url) throws Exception {
        assertThat(targets.searchQueries()).containsOnlyKeys(Role.CUSTOMER, Role.CUSTOMER_MEDIAN, Role.EMPLOYEE);
        try (Connection c = DriverManager.getConnection(url)) {
            for (Role role : SEARCHING) {
                List<SearchQuery> queries = targets.searchQueries(role);
                assertThat(queries.stream().map(SearchQuery::kind).distinct()).as("kinds for %s", role)
                        .containsExactlyInAnyOrder(SearchKind.values());
                String user = role == Role.EMPLOYEE ? null
                        : credentials.get("users").get("biggestCustomerMember").get("userId").asText();

                // frequent, median and rare words in that order of frequency, by the store's own index
                List<Long> frequent = counts(c, url, user, words(queries, SearchKind.FREQUENT_WORD));
                List<Long> median = counts(c, url, user, words(queries, SearchKind.MEDIAN_WORD));
                List<Long> rare = counts(c, url, user, words(queries, SearchKind.RARE_WORD));
                assertThat(frequent).hasSize(3);
                assertThat(median).hasSize(3);
                assertThat(rare).hasSize(3).allMatch(n -> n >= 1);
                assertThat(min(frequent)).as("%s: frequent %s over median %s", role, frequent, median).isGreaterThan(max(median));
                assertThat(min(median)).as("%s: median %s over rare %s", role, median, rare).isGreaterThan(max(rare));

                // phrases occur verbatim in a message the user can see
                List<String> messages = visibleMessages(c, user);
                List<String> phrases = queries.stream().filter(q -> q.kind() == SearchKind.PHRASE).map(SearchQuery::query).toList();
                assertThat(phrases).isNotEmpty().allMatch(p -> p.startsWith("\"") && p.endsWith("\""));
                for (String phrase : phrases) {
                    String words = phrase.substring(1, phrase.length() - 1);
                    assertThat(words.split(" ")).hasSizeBetween(2, 3);
                    assertThat(messages).as("a visible message with %s", phrase).anyMatch(m -> m.contains(words));
                }
                assertThat(queries).filteredOn(q -> q.kind() == SearchKind.FREQUENT_PREFIX)
                        .allMatch(q -> q.query().matches("[a-z]{2,3}"));
                assertThat(queries).filteredOn(q -> q.kind() == SearchKind.EXCLUSION)
                        .allMatch(q -> q.query().matches("[a-z]+ -[a-z]+"));
            }
        }
    }

    private static List<String> words(List<SearchQuery> queries, SearchKind kind) {
        return queries.stream().filter(q -> q.kind() == kind).map(SearchQuery::query).toList();
    }

    /** per word: how many conversations the user can see have a visible row with the whole word (no prefix) */
    private static List<Long> counts(Connection c, String url, String user, List<String> words) throws Exception {
        boolean sqlite = url.startsWith("jdbc:sqlite:");
        String match = sqlite ? "search_index MATCH ?" : "document @@ to_tsquery('simple', ?)";
        String sql = "SELECT COUNT(DISTINCT conversation_id) FROM search_index WHERE " + match
                + (user == null ? "" : " AND internal = 0 AND conversation_id IN"
                + " (SELECT conversation_id FROM conversation_viewers WHERE user_id = ?)");
        List<Long> out = new ArrayList<>();
        for (String word : words) {
            assertThat(word).matches("[a-z]{3,}");
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, sqlite ? "\"" + word + "\"" : word);
                if (user != null) {
                    st.setString(2, user);
                }
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static List<String> visibleMessages(Connection c, String user) throws Exception {
        String sql = "SELECT content FROM timeline_entries WHERE type = 'MESSAGE' AND content IS NOT NULL"
                + (user == null ? "" : " AND internal = 0 AND conversation_id IN"
                + " (SELECT conversation_id FROM conversation_viewers WHERE user_id = ?)");
        List<String> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            if (user != null) {
                st.setString(1, user);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static long min(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    /** Every query answered 200 for the customer and staff tokens; a word, prefix or phrase they see finds something. */
    private static void checkThroughApi(BenchTargets targets, Path dataDir, String databaseUrl) throws Exception {
        ParleyConfig config = ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .databaseUrl(databaseUrl).build();
        Set<SearchKind> mustFind = EnumSet.of(SearchKind.FREQUENT_PREFIX, SearchKind.FREQUENT_WORD, SearchKind.MEDIAN_WORD,
                SearchKind.RARE_WORD, SearchKind.PHRASE);
        try (Parley parley = Parley.start(config)) {
            String base = "http://127.0.0.1:" + parley.port();
            for (Role role : SEARCHING) {
                for (Role as : SEARCHING) { // each token with its own queries and the other's
                    for (SearchQuery q : targets.searchQueries(as)) {
                        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base
                                        + "/v2/conversations?limit=1&fullTextSearch=" + URLEncoder.encode(q.query(), StandardCharsets.UTF_8)))
                                .header("Authorization", "Bearer " + targets.token(role)).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(r.statusCode()).as("%s as %s: %s", q, role, r.body()).isEqualTo(200);
                        if (as == role && mustFind.contains(q.kind())) {
                            assertThat(Long.parseLong(r.headers().firstValue("X-Pagination-TotalCount").orElseThrow()))
                                    .as("found by %s as %s", q, role).isPositive();
                        }
                    }
                }
            }
        }
    }
}
