package dev.parley.search;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys a value's words give: every pair of neighbours, and a run of three only when at most
 * one of its words is longer than {@link WordKeys#SHORT_WORD_CHARS} (the queries rely on exactly
 * this rule: a run they look up must have been indexed). Runs tried: all short, one longer word
 * at each place, two and three longer words, words of exactly four and five characters, fewer
 * than three words, one word.
 */
class WordKeysTest {
    private static Set<String> runs(String... words) {
        Set<String> into = new LinkedHashSet<>();
        WordKeys.addRuns(List.of(words), into);
        return into;
    }

    @Test
    void everyPairAndTheRunsOfThreeWithAtMostOneLongerWord() {
        assertThat(runs("set", "the", "default", "value", "now"))
                .containsExactlyInAnyOrder("set the", "the default", "default value", "value now", "set the default")
                .doesNotContain("the default value", "default value now");
        assertThat(runs("the", "file", "is", "here"))
                .containsExactlyInAnyOrder("the file", "file is", "is here", "the file is", "file is here");
        assertThat(runs("command", "line", "argument"))
                .containsExactlyInAnyOrder("command line", "line argument");
        assertThat(runs("abcd", "abcde", "abcdf", "ab")) // four characters are short, five are not
                .contains("abcd abcde", "abcde abcdf", "abcdf ab").doesNotContain("abcd abcde abcdf", "abcde abcdf ab");
        assertThat(runs("abcd", "abcde", "ab")).contains("abcd abcde ab");
    }

    @Test
    void aRunAsLongAsAWordOrAPairIsAlwaysIndexed() {
        assertThat(runs("gateway")).isEmpty();
        assertThat(runs("gateway", "timeout")).containsExactly("gateway timeout");
        assertThat(WordKeys.indexed(List.of("gateway", "timeout"))).isTrue();
        assertThat(WordKeys.indexed(List.of("gateway"))).isTrue();
    }

    @Test
    void theRuleTheQueriesAskIsTheOneTheIndexFollows() {
        List<List<String>> runs = List.of(List.of("a", "bb", "ccc"), List.of("ddddd", "a", "bb"), List.of("a", "fffff", "b"),
                List.of("a", "b", "gggggggg"), List.of("eeeee", "a", "fffff"), List.of("a", "eeeee", "fffff"),
                List.of("eeeee", "fffff", "ggggg"));
        for (List<String> run : runs) {
            Set<String> keys = new LinkedHashSet<>();
            WordKeys.addRuns(run, keys);
            assertThat(keys.contains(WordKeys.run(run))).as("%s", run).isEqualTo(WordKeys.indexed(run));
        }
        assertThat(runs.stream().filter(WordKeys::indexed).toList()).hasSize(4);
    }
}
