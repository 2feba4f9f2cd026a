package dev.parley.conversation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The translation of a user's search string into an FTS5 expression. */
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
}
