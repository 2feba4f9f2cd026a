package dev.parley.conversation;

import dev.parley.storage.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The translation of a user's search string into an FTS5 expression, and of that into PostgreSQL's tsquery. */
class SearchExpressionTest {

    @Test
    void wordsBecomeQuotedPrefixTermsAndAreAnded() {
        assertThat(SearchIndex.expression("invoice march")).isEqualTo("\"invoice\"* AND \"march\"*");
    }

    @Test
    void quotedPhrasesStayPhrasesWithoutPrefix() {
        assertThat(SearchIndex.expression("\"bad gateway\" shop")).isEqualTo("\"bad gateway\" AND \"shop\"*");
    }

    @Test
    void shortIdsSplitLikeTheIndexTokenizer() {
        assertThat(SearchIndex.expression("K7QM-42XD")).isEqualTo("\"K7QM 42XD\"*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NEAR(a b)", "a OR b", "title:x", "-x", "x*", "(", ")", "\"", "\"\"", "'; DROP TABLE x; --", "^a", "a + b",
            "a or (b)", "-(a or b)", "or", "a or", "or -a", "-\"a\" or \"(b\"", "a --b or -c"})
    void ftsSyntaxIsNeverPassedThrough(String input) {
        SearchIndex.Search search = SearchIndex.parse(input, 16);
        List<String> expressions = new ArrayList<>(search.groups());
        if (search.exclusion() != null) {
            expressions.add(search.exclusion());
        }
        for (String expression : expressions) {
            // outside the quotes only AND, OR, parentheses and * remain
            String outside = expression.replaceAll("\"[^\"]*\"", "");
            assertThat(outside.replaceAll("AND|OR|[()*]", "").trim()).isEmpty();
        }
    }

    @Test
    void orBetweenTwoTermsMakesOneGroupOfAlternatives() {
        assertThat(SearchIndex.parse("invoice or \"bad gateway\" OR shop march", 16).groups())
                .containsExactly("(\"invoice\"* OR \"bad gateway\" OR \"shop\"*)", "\"march\"*");
        // or at either end, or next to an exclusion, is an ordinary word
        assertThat(SearchIndex.parse("or invoice or", 16).groups()).containsExactly("\"or\"*", "\"invoice\"*");
        assertThat(SearchIndex.parse("invoice or -march", 16))
                .isEqualTo(new SearchIndex.Search(List.of("\"invoice\"*", "\"or\"*"), "\"march\"*"));
        // a quoted "or" is a phrase
        assertThat(SearchIndex.parse("a \"or\" b", 16).groups()).containsExactly("\"a\"*", "\"or\"", "\"b\"*");
        // an alternative with nothing searchable drops out of the or
        assertThat(SearchIndex.parse("abc or \u0301", 16).groups()).containsExactly("\"abc\"*");
    }

    @Test
    void excludedWordsAndPhrasesAreOredIntoOneExpression() {
        assertThat(SearchIndex.parse("invoice -march -\"bad gateway\" -march", 16))
                .isEqualTo(new SearchIndex.Search(List.of("\"invoice\"*"), "\"march\"* OR \"bad gateway\""));
        assertThat(SearchIndex.parse("-march", 16)).isEqualTo(new SearchIndex.Search(List.of(), "\"march\"*"));
        // a lone minus, or a minus inside a word, is not an exclusion
        assertThat(SearchIndex.parse("- K7QM-42XD", 16)).isEqualTo(new SearchIndex.Search(List.of("\"K7QM 42XD\"*"), null));
        // excluding nothing searchable excludes nothing
        assertThat(SearchIndex.parse("-\u0301", 16).isEmpty()).isTrue();
        assertThat(SearchIndex.parse("-!!! -\"\"", 16).isEmpty()).isTrue();
    }

    @Test
    void groupsPastTheMaximumShareTheLast() {
        assertThat(SearchIndex.parse("a b or c d e", 3).groups())
                .containsExactly("\"a\"*", "(\"b\"* OR \"c\"*)", "\"d\"* AND \"e\"*");
        assertThat(SearchIndex.parse("a b c or d", 2).groups())
                .containsExactly("\"a\"*", "\"b\"* AND (\"c\"* OR \"d\"*)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "!!!", "\"\"", "*", "()"})
    void inputWithoutWordsGivesAnEmptyExpression(String input) {
        assertThat(SearchIndex.expression(input)).isEmpty();
    }

    @Test
    void unicodeWordsAreKept() {
        assertThat(SearchIndex.expression("Größe café")).isEqualTo("\"Größe\"* AND \"café\"*");
    }

    @Test
    void postgresqlSeesTheWordsFts5Sees() {
        assertThat(SearchSql.words("www.Host-1.example.com, alice@example.org: /var/log/x.log v10.2.3"))
                .containsExactly("www", "host", "1", "example", "com", "alice", "example", "org", "var", "log", "x", "log",
                        "v10", "2", "3");
        // case and diacritics folded, precomposed or not; ß stays a letter of its own
        assertThat(SearchSql.words("Über CAFÉ cafe\u0301 Größe")).containsExactly("uber", "cafe", "cafe", "große");
        assertThat(SearchSql.body(Engine.POSTGRESQL, "Bad Gateway: K7QM-42XD")).isEqualTo("bad gateway k7qm 42xd");
        assertThat(SearchSql.body(Engine.SQLITE, "Bad Gateway: K7QM-42XD")).isEqualTo("Bad Gateway: K7QM-42XD");
    }

    @Test
    void postgresqlQueriesArePhrasesAndPrefixes() {
        assertThat(SearchSql.query(Engine.POSTGRESQL, SearchIndex.expression("K7QM-42XD \"Bad Gateway\" Über")))
                .isEqualTo("('k7qm' <-> '42xd':*) & ('bad' <-> 'gateway') & ('uber':*)");
        // a term with nothing searchable left matches nothing, as an empty FTS5 phrase does
        assertThat(SearchSql.query(Engine.POSTGRESQL, SearchIndex.expression("abc \u0301"))).isEmpty();
        assertThat(SearchSql.query(Engine.SQLITE, "\"abc\"*")).isEqualTo("\"abc\"*");
    }

    @Test
    void postgresqlQueriesKeepOrAndParentheses() {
        assertThat(SearchSql.query(Engine.POSTGRESQL, "\"a\"* AND (\"Bad Gateway\" OR \"c\"*)"))
                .isEqualTo("('a':*) & (('bad' <-> 'gateway') | ('c':*))");
        assertThat(SearchSql.query(Engine.POSTGRESQL, SearchIndex.parse("x -march -\"bad gateway\"", 16).exclusion()))
                .isEqualTo("('march':*) | ('bad' <-> 'gateway')");
    }
}
