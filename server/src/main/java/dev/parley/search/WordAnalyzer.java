package dev.parley.search;

import dev.parley.conversation.SearchSql;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.Reader;
import java.util.Iterator;
import java.util.List;

/**
 * Splits text into the words every engine's search sees ({@link SearchSql#words}: SQLite FTS5's
 * {@code unicode61 remove_diacritics 2}, which PostgreSQL's rows are normalised to), so that the
 * Lucene index finds exactly what the SQL engines find. The values of a multi-valued field (the
 * title and each message) are 100 positions apart, so a phrase never spans two of them, as it
 * cannot span two rows of the SQL index.
 */
final class WordAnalyzer extends Analyzer {
    /** Lucene refuses terms over 32,766 UTF-8 bytes; no one searches for a word this long. */
    static final int MAX_WORD_CHARS = 8_000;

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        return new TokenStreamComponents(new WordTokenizer());
    }

    @Override
    public int getPositionIncrementGap(String fieldName) {
        return 100;
    }

    private static final class WordTokenizer extends Tokenizer {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private Iterator<String> words;

        @Override
        public boolean incrementToken() throws IOException {
            clearAttributes();
            if (words == null) {
                words = SearchSql.words(readAll(input)).iterator();
            }
            while (words.hasNext()) {
                String word = words.next();
                if (word.length() <= MAX_WORD_CHARS) {
                    term.setEmpty().append(word);
                    return true;
                }
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            words = null;
        }

        private static String readAll(Reader reader) throws IOException {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[4096];
            for (int n; (n = reader.read(buffer)) != -1; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        }
    }

    /** The words of {@code text} as indexed (for building queries). */
    static List<String> words(String text) {
        return SearchSql.words(text).stream().filter(w -> w.length() <= MAX_WORD_CHARS).toList();
    }
}
