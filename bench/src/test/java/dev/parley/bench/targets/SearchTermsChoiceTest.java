package dev.parley.bench.targets;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How TermCounts counts and SearchTerms chooses, on text made by hand (the store-backed checks are in seed/SearchTermsTest). */
class SearchTermsChoiceTest {
    private static VisibleText.Conversation conversation(String id, String title, String... messages) {
        return new VisibleText.Conversation(id, title, List.of(messages));
    }

    private static TermCounts counts(List<VisibleText.Conversation> conversations) {
        TermCounts counts = new TermCounts(1_000);
        conversations.forEach(counts::add);
        return counts;
    }

    @Test
    void aConversationCountsOnceAndOnlyPlainWordsCount() {
        TermCounts counts = counts(List.of(
                conversation("a", "Mail down", "mail mail MAIL again, Mail-server 42 café x2y"),
                conversation("b", "Backup", "the mail is back")));
        assertThat(counts.words).containsEntry("mail", 2).containsEntry("again", 1).containsEntry("server", 1)
                .containsEntry("back", 1).containsEntry("backup", 1)
                .doesNotContainKeys("42", "café", "caf", "x2y", "is"); // digits, accents, under three letters
        assertThat(counts.prefixes).containsEntry("ma", 2).containsEntry("mai", 2).containsEntry("ba", 1)
                .containsEntry("is", 1).doesNotContainKey("i");
    }

    @Test
    void phrasesComeFromMessagesJoinedByOneSpaceAsWritten() {
        TermCounts counts = counts(List.of(
                conversation("a", "Title words here", "Bad gateway since the update. Bad  gateway, bad, gateway the the"),
                conversation("b", "t", "a bad gateway again")));
        assertThat(counts.phrases).containsKeys("bad gateway", "bad gateway since", "since the update", "a bad gateway")
                .doesNotContainKeys("title words", "update bad", "bad gateway bad", "the the", "gateway the the");
        assertThat(counts.phrases.get("bad gateway").verbatim).isEqualTo("Bad gateway");
        assertThat(counts.phrases.get("bad gateway").conversations).isEqualTo(2);
    }

    @Test
    void choosesEveryKindInFrequencyOrder() {
        // word i (of 30) occurs in 30 - i of 30 conversations: a steep, tie-free distribution
        List<String> vocabulary = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            vocabulary.add("w" + (char) ('a' + i / 26) + (char) ('a' + i % 26) + "x");
        }
        List<VisibleText.Conversation> conversations = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            StringBuilder text = new StringBuilder("plain words here");
            for (int i = 0; i < 30 - c; i++) {
                text.append(' ').append(vocabulary.get(i));
            }
            conversations.add(conversation(String.format("%03d", c), "t", text.toString()));
        }
        List<SearchQuery> queries = SearchTerms.choose(counts(conversations));
        assertThat(queries).extracting(SearchQuery::kind).contains(SearchKind.values());
        List<String> frequent = of(queries, SearchKind.FREQUENT_WORD);
        List<String> median = of(queries, SearchKind.MEDIAN_WORD);
        List<String> rare = of(queries, SearchKind.RARE_WORD);
        // "plain", "words", "here" and waax are in all 30: the alphabetical tie-break picks three of them
        assertThat(frequent).containsExactly("here", "plain", "waax");
        // occurrences: 3 × 30 + (30 + 29 + … + 1) = 555; ranked here, plain, waax, words, wabx … the
        // cumulative count passes half (277.5) at wagx (30 × 4 + 29 + 28 + … + 24 = 279)
        assertThat(median).containsExactly("wagx", "wahx", "waix");
        assertThat(rare).containsExactly("wbdx", "wbcx", "wbbx"); // in 1, 2 and 3 conversations
        assertThat(of(queries, SearchKind.TWO_WORDS)).containsExactly("here wagx", "plain wahx", "waax waix");
        assertThat(of(queries, SearchKind.THREE_WORDS)).containsExactly("here wagx plain", "plain wahx waax", "waax waix here");
        assertThat(of(queries, SearchKind.EXCLUSION)).containsExactly("here -plain", "here -wagx", "wagx -waax");
        // he, pl, wa, wo and her, pla, waa, wor start words in all 30: alphabetically first
        assertThat(of(queries, SearchKind.FREQUENT_PREFIX)).containsExactly("he", "pl", "her", "pla");
        // the most frequent two- and three-word runs (ties alphabetically), and the rarest three-word one
        assertThat(of(queries, SearchKind.PHRASE)).containsExactly("\"here waax\"", "\"plain words here\"",
                "\"wbbx wbcx wbdx\"");

        // the order the conversations come in does not matter
        List<VisibleText.Conversation> shuffled = new ArrayList<>(conversations);
        Collections.reverse(shuffled);
        assertThat(SearchTerms.choose(counts(shuffled))).isEqualTo(queries);
    }

    private static List<String> of(List<SearchQuery> queries, SearchKind kind) {
        return queries.stream().filter(q -> q.kind() == kind).map(SearchQuery::query).toList();
    }
}
