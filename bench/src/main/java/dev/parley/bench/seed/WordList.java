package dev.parley.bench.seed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The words synthetic text is made of: {@code words.txt} (shipped with the bench module, a few
 * thousand common words of technical English, most frequent first), drawn with a Zipf
 * distribution over their rank as natural text has it: a few words are everywhere, most are rare,
 * so searches for rare words are selective and searches for common ones are not.
 */
public final class WordList {
    /** Resolution of the inverse-CDF table: a draw is one array lookup, not a binary search. */
    private static final int TABLE_BITS = 16;

    private final String[] words;
    private final Map<String, Integer> ranks = new HashMap<>();
    private final int[] table = new int[1 << TABLE_BITS];

    private WordList(List<String> words, double exponent) {
        this.words = words.toArray(String[]::new);
        for (int i = 0; i < this.words.length; i++) {
            ranks.putIfAbsent(this.words[i], i);
        }
        double[] cumulative = new double[this.words.length];
        double sum = 0;
        for (int i = 0; i < cumulative.length; i++) {
            sum += 1 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        int rank = 0;
        for (int slot = 0; slot < table.length; slot++) {
            double u = (slot + 0.5) / table.length * sum;
            while (cumulative[rank] < u) {
                rank++;
            }
            table[slot] = rank;
        }
    }

    /** The shipped list with Zipf exponent 1 (as in natural language). */
    public static WordList shipped() {
        try (InputStream in = WordList.class.getResourceAsStream("/words.txt")) {
            if (in == null) {
                throw new IllegalStateException("words.txt is missing from the bench jar");
            }
            List<String> words = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank()) {
                    words.add(line.strip());
                }
            }
            return new WordList(words, 1.0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String next(SplittableRandom random) {
        return words[table[random.nextInt(table.length)]];
    }

    /** A word of rank at least {@code minRank} (less common), uniformly among those. */
    public String rare(SplittableRandom random, int minRank) {
        return words[minRank + random.nextInt(words.length - minRank)];
    }

    /** The word's frequency rank (0: most common), or -1 for words not in the list. */
    public int rank(String word) {
        return ranks.getOrDefault(word, -1);
    }

    public int size() {
        return words.length;
    }

    /** {@code count} words as a sentence: capitalised, ending in a full stop or a question mark. */
    public void sentence(SplittableRandom random, int count, StringBuilder out) {
        for (int i = 0; i < count; i++) {
            String word = next(random);
            if (i == 0) {
                out.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            } else {
                out.append(' ').append(word);
                if (i < count - 2 && random.nextInt(12) == 0) {
                    out.append(',');
                }
            }
        }
        out.append(random.nextInt(6) == 0 ? '?' : '.');
    }
}
