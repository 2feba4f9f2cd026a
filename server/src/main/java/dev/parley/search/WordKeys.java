package dev.parley.search;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.IndexOptions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The keys beside a text field that let a search start from one posting list instead of many:
 * every prefix of every word up to {@link #PREFIX_CHARS} characters (a prefix search is then one
 * term, not a rewrite over every word it completes, which costs a pass over all their postings),
 * every run of two neighbouring words, and the runs of three neighbouring words of which at most
 * one is long ({@link #indexed}). A phrase of two words, or of three such words, is then one
 * term; any other phrase first narrows to the conversations holding all its indexed runs, and
 * positions are checked only there (a phrase of three common words checked positions in every
 * conversation holding its pairs: a third of the CPU of a customer's searches at 1M). All are
 * indexed without frequencies or positions: they only select conversations, the text field
 * still decides.
 *
 * <p>Why not every run of three: they were two thirds of the cost of building the index, and
 * most only repeat what their two pairs narrow to already. Two pairs select many conversations
 * only when their words are all frequent, and frequent words are short, in any language ("the",
 * "is", "der", "und"); a run with two longer words has two pairs that each hold a longer, rarer
 * word. Indexing only runs of short words (at most four characters) was tried: phrases like
 * "set the default" then read positions in thousands of conversations, 10 to 15 times slower
 * under load (docs/BENCHMARKS.md, "Runs of three words: only where pairs are not enough").
 */
final class WordKeys {
    /** Prefixes up to this many characters are indexed; a longer prefix is completed from the terms dictionary. */
    static final int PREFIX_CHARS = 4;

    private static final FieldType KEYS = new FieldType();

    static {
        KEYS.setIndexOptions(IndexOptions.DOCS);
        KEYS.setTokenized(true);
        KEYS.setOmitNorms(true);
        KEYS.setStored(false);
        KEYS.freeze();
    }

    private WordKeys() {
    }

    static String prefixField(String field) {
        return field + "_pre";
    }

    static String runField(String field) {
        return field + "_runs";
    }

    /** The key of neighbouring words (words never hold a space). */
    static String run(List<String> words) {
        return String.join(" ", words);
    }

    /** Adds the prefixes of {@code words} to {@code into}. */
    static void addPrefixes(List<String> words, Set<String> into) {
        for (String word : words) {
            int longest = Math.min(PREFIX_CHARS, word.length());
            for (int n = 1; n <= longest; n++) {
                if (!Character.isHighSurrogate(word.charAt(n - 1))) { // whole characters only, as a query's prefix is
                    into.add(word.substring(0, n));
                }
            }
        }
    }

    /** The longest run of neighbouring words indexed as one key. */
    static final int RUN_WORDS = 3;

    /** A word of at most this many characters is short: a run of three with at most one longer word is indexed. */
    static final int SHORT_WORD_CHARS = 4;

    /**
     * Whether the run of these neighbouring words (two or three, as {@link #addRuns} makes) is
     * indexed: every pair is, a run of three when at most one of its words is longer than
     * {@link #SHORT_WORD_CHARS}. An index built before runs of three were limited holds more of
     * them, never fewer.
     */
    static boolean indexed(List<String> run) {
        if (run.size() < RUN_WORDS) {
            return true;
        }
        int longWords = 0;
        for (String word : run) {
            if (word.length() > SHORT_WORD_CHARS) {
                longWords++;
            }
        }
        return longWords <= 1;
    }

    /**
     * The indexed keys that together hold every conversation with these neighbouring words (two
     * or three): the run itself when {@link #indexed}, else its pairs, which always are.
     */
    static List<String> keysHolding(List<String> run) {
        if (indexed(run)) {
            return List.of(run(run));
        }
        List<String> pairs = new ArrayList<>(run.size() - 1);
        for (int i = 2; i <= run.size(); i++) {
            pairs.add(run(run.subList(i - 2, i)));
        }
        return pairs;
    }

    /** Adds the runs of two, and the {@link #indexed} runs of three, neighbouring words of one value to {@code into}. */
    static void addRuns(List<String> words, Set<String> into) {
        for (int n = 2; n <= RUN_WORDS; n++) {
            for (int i = n; i <= words.size(); i++) {
                List<String> run = words.subList(i - n, i);
                if (indexed(run)) {
                    into.add(run(run));
                }
            }
        }
    }

    /** A field holding each of {@code keys} as one term. */
    static Field field(String name, Collection<String> keys) {
        return new Field(name, new Keys(keys), KEYS);
    }

    private static final class Keys extends TokenStream {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final Collection<String> keys;
        private Iterator<String> next;

        Keys(Collection<String> keys) {
            this.keys = keys;
        }

        @Override
        public boolean incrementToken() {
            if (next == null || !next.hasNext()) {
                return false;
            }
            clearAttributes();
            term.setEmpty().append(next.next());
            return true;
        }

        @Override
        public void reset() {
            next = keys.iterator();
        }
    }
}
