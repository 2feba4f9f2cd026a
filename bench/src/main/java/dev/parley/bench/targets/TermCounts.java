package dev.parley.bench.targets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * In how many conversations of a sample each word, prefix and phrase occurs (a conversation
 * counts once however often it repeats a word: that is what decides a search's result count).
 *
 * <p>Text is split as the search splits it: runs of letters, digits and marks, folded to lower
 * case. Only words of plain letters a–z count as words (at least three) and prefixes (two or
 * three letters of words of at least two): numbers and words with accents or digits would
 * depend on tokenizer details that are not what is being measured. Phrases are two or three
 * different such words in a message separated by exactly one space, so the phrase, kept as first
 * written, occurs verbatim in the text (different words: synthetic text drawn word by word repeats
 * its commonest word, and "the the" is no phrase anyone searches for); they are counted over the first {@code phraseConversations}
 * conversations only, which bounds the memory of the (mostly unique) three-word runs.
 */
final class TermCounts {
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}\\p{M}]+");
    private static final Pattern LETTERS = Pattern.compile("[a-z]+");
    static final int MIN_WORD = 3;

    /** How often a phrase occurs, and how it was first written. */
    static final class Phrase {
        final String verbatim;
        final int words;
        int conversations;

        Phrase(String verbatim, int words) {
            this.verbatim = verbatim;
            this.words = words;
        }
    }

    final Map<String, Integer> words = new HashMap<>();
    final Map<String, Integer> prefixes = new HashMap<>();
    final Map<String, Phrase> phrases = new HashMap<>();
    private final int phraseConversations;
    int conversations;

    TermCounts(int phraseConversations) {
        this.phraseConversations = phraseConversations;
    }

    void add(VisibleText.Conversation c) {
        Set<String> seenWords = new HashSet<>();
        Set<String> seenPrefixes = new HashSet<>();
        Set<String> seenPhrases = new HashSet<>();
        boolean withPhrases = conversations < phraseConversations;
        List<String> texts = new ArrayList<>(c.messages().size() + 1);
        texts.add(c.title());
        texts.addAll(c.messages());
        for (int t = 0; t < texts.size(); t++) {
            String text = texts.get(t);
            List<int[]> spans = new ArrayList<>(); // start and end of every plain-letter word
            Matcher m = TOKEN.matcher(text);
            while (m.find()) {
                String word = m.group().toLowerCase(Locale.ROOT);
                if (!LETTERS.matcher(word).matches()) {
                    spans.add(null); // a token that is no plain word breaks a phrase
                    continue;
                }
                spans.add(new int[]{m.start(), m.end()});
                if (word.length() >= MIN_WORD) {
                    seenWords.add(word);
                }
                if (word.length() >= 2) {
                    seenPrefixes.add(word.substring(0, 2));
                    if (word.length() >= 3) {
                        seenPrefixes.add(word.substring(0, 3));
                    }
                }
            }
            if (withPhrases && t > 0) { // phrases from messages, not titles
                phrases(text, spans, seenPhrases);
            }
        }
        seenWords.forEach(w -> words.merge(w, 1, Integer::sum));
        seenPrefixes.forEach(p -> prefixes.merge(p, 1, Integer::sum));
        conversations++;
    }

    private void phrases(String text, List<int[]> spans, Set<String> seen) {
        for (int i = 0; i + 1 < spans.size(); i++) {
            for (int n = 2; n <= 3 && i + n <= spans.size(); n++) {
                if (!joinedBySpaces(text, spans, i, n)) {
                    break;
                }
                int words = n;
                String verbatim = text.substring(spans.get(i)[0], spans.get(i + n - 1)[1]);
                String key = verbatim.toLowerCase(Locale.ROOT);
                String[] parts = key.split(" ");
                if (new HashSet<>(List.of(parts)).size() < parts.length) {
                    break; // a repeated word, and so in every longer run from here
                }
                if (seen.add(key)) {
                    phrases.computeIfAbsent(key, k -> new Phrase(verbatim, words)).conversations++;
                }
            }
        }
    }

    /** whether words i … i+n-1 are all plain words, each separated from the next by one space */
    private static boolean joinedBySpaces(String text, List<int[]> spans, int i, int n) {
        for (int k = i; k < i + n; k++) {
            if (spans.get(k) == null) {
                return false;
            }
            if (k > i && !(spans.get(k)[0] == spans.get(k - 1)[1] + 1 && text.charAt(spans.get(k - 1)[1]) == ' ')) {
                return false;
            }
        }
        return true;
    }
}
