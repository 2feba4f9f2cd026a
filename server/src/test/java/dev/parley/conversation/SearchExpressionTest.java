package dev.parley.conversation;

import dev.parley.storage.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    @ValueSource(strings = {"NEAR(a b)", "a OR b", "title:x", "-x", "x*", "(", ")", "\"", "\"\"", "'; DROP TABLE x; --", "^a", "a + b"})
    void ftsSyntaxIsNeverPassedThrough(String input) {
        String expression = SearchIndex.expression(input);
        // outside the quotes only AND and * remain
        String outside = expression.replaceAll("\"[^\"]*\"", "");
        assertThat(outside.replace("AND", "").replace("*", "").trim()).isEmpty();
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
}
