package dev.parley.bench.targets;

import java.util.Arrays;
import java.util.List;

/**
 * The kinds of search query the search scenarios rotate over (see {@link SearchTerms} for how
 * each is chosen from the store); {@code --search-kind} restricts a run to one of them, so a
 * slow kind can be measured on its own.
 */
public enum SearchKind {
    /** a 2–3 letter prefix many words start with ({@code he}): the widest prefix expansion */
    FREQUENT_PREFIX("frequent-prefix"),
    /** one of the most frequent whole words */
    FREQUENT_WORD("frequent-word"),
    /** a word of middling frequency: the word of the median occurrence */
    MEDIAN_WORD("median-word"),
    /** one of the least frequent words */
    RARE_WORD("rare-word"),
    /** a frequent and a median word: both must occur in the conversation */
    TWO_WORDS("two-words"),
    /** three words, frequent and median */
    THREE_WORDS("three-words"),
    /** a quoted phrase taken from a message, words in order */
    PHRASE("phrase"),
    /** {@code word -otherword}: the conversations with the one and without the other */
    EXCLUSION("exclusion");

    private final String cliName;

    SearchKind(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static SearchKind of(String name) {
        return Arrays.stream(values()).filter(k -> k.cliName.equals(name) || k.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown search kind " + name + "; one of " + names()));
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(SearchKind::cliName).toList();
    }
}
