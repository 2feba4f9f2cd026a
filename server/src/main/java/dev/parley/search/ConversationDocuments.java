package dev.parley.search;

import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.util.BytesRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One Lucene document per conversation: its id, audience keys and status as terms, its sort
 * keys as doc values, and its text in two fields: {@link #TEXT} (title + shortId and the
 * messages customers see) and {@link #NOTES} (staff notes), each with its {@link WordKeys}. The index is sorted by last activity
 * (newest first, then id), the list's default order, so a search in that order stops after the
 * page and the counted matches instead of sorting everything that matches.
 */
final class ConversationDocuments {
    static final String ID = "cid";
    static final String AUDIENCE = "aud";
    static final String STATUS = "status";
    static final String SORT_AT = "sort_at";
    static final String CREATED_AT = "created_at";
    static final String TITLE_KEY = "title_key";
    static final String SHORT_ID = "short_id";
    static final String TEXT = "text";
    static final String NOTES = "notes";

    /** The id's first 8 bytes as a number in the id's order ({@link #idKey}). */
    static final String ID_KEY = "cid_key";
    /** The id as plain bytes: read for a page's ids without the terms dictionary's compressed blocks. */
    static final String ID_BYTES = "cid_bytes";

    /**
     * The index order: last activity, newest first, then the id (the list's default order); the
     * id's numeric key comes before the id itself, so that {@link #DEFAULT_ORDER} is a prefix of it.
     */
    static final Sort INDEX_ORDER = new Sort(new SortField(SORT_AT, SortField.Type.LONG, true),
            new SortField(ID_KEY, SortField.Type.LONG), new SortField(ID, SortField.Type.STRING));

    /**
     * The list's default order for a search: a prefix of the index order (so Lucene stops early)
     * whose keys are numbers, cheap to copy for each competitive hit, where the id as a string
     * costs a lookup in the terms dictionary each. Equal to the exact order unless two hits share
     * their last activity and their id's first 8 bytes ({@code LuceneSearch} checks).
     */
    static final Sort DEFAULT_ORDER = new Sort(new SortField(SORT_AT, SortField.Type.LONG, true),
            new SortField(ID_KEY, SortField.Type.LONG));

    /** The first 8 bytes of the id's UTF-8 (zero-padded), as an unsigned number flipped into a signed long's order. */
    static long idKey(String conversationId) {
        byte[] bytes = conversationId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long key = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            key = (key << 8) | (i < bytes.length ? bytes[i] & 0xFF : 0);
        }
        return key ^ Long.MIN_VALUE;
    }

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private ConversationDocuments() {
    }

    static Term idTerm(String conversationId) {
        return new Term(ID, conversationId);
    }

    static Document of(IndexedConversation c) {
        Document d = new Document();
        d.add(new StringField(ID, c.conversationId(), Field.Store.NO));
        d.add(new SortedDocValuesField(ID, new BytesRef(c.conversationId())));
        d.add(new NumericDocValuesField(ID_KEY, idKey(c.conversationId())));
        d.add(new BinaryDocValuesField(ID_BYTES, new BytesRef(c.conversationId())));
        for (String key : c.audience()) {
            d.add(new StringField(AUDIENCE, key, Field.Store.NO));
        }
        d.add(new StringField(STATUS, c.status(), Field.Store.NO));
        d.add(new NumericDocValuesField(SORT_AT, c.sortAt()));
        d.add(new NumericDocValuesField(CREATED_AT, c.createdAt()));
        d.add(new SortedDocValuesField(TITLE_KEY, new BytesRef(asciiLower(c.title()))));
        d.add(new SortedDocValuesField(SHORT_ID, new BytesRef(c.shortId())));
        // the title row of the SQL index is "title shortId"
        List<String> text = new ArrayList<>(c.messages().size() + 1);
        text.add(c.title() + " " + c.shortId());
        text.addAll(c.messages());
        addText(d, TEXT, text);
        addText(d, NOTES, c.notes());
        return d;
    }

    /** Each value as text (the words and their positions), and the {@link WordKeys} of all of them. */
    private static void addText(Document d, String field, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        Set<String> prefixes = new HashSet<>();
        Set<String> runs = new HashSet<>();
        for (String value : values) {
            d.add(new TextField(field, value, Field.Store.NO));
            List<String> words = WordAnalyzer.words(value);
            WordKeys.addPrefixes(words, prefixes);
            WordKeys.addRuns(words, runs);
        }
        d.add(WordKeys.field(WordKeys.prefixField(field), prefixes));
        d.add(WordKeys.field(WordKeys.runField(field), runs));
    }

    /** The title as the SQL list sorts it: ASCII letters folded to lower case, nothing else (SQLite's lower()). */
    static String asciiLower(String title) {
        // doc values hold at most 32,766 bytes; titles that long do not differ in their first 8,000 characters
        int length = Math.min(title.length(), WordAnalyzer.MAX_WORD_CHARS);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char ch = title.charAt(i);
            s.append(UPPER.indexOf(ch) >= 0 ? (char) (ch + 32) : ch);
        }
        return s.toString();
    }
}
