package dev.parley.search;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DocIdSetIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;

/**
 * The order a search visits the index's segments in: the one holding the most recent activity
 * first. A live index is big segments plus small ones holding the conversations that changed
 * last, which are the newest. A search in the default order (newest first) stops once its page
 * is full and {@link dev.parley.conversation.SearchCounts#CAP} matches are counted. Visited big
 * segment first, it counts the cap there and then takes every match of the small segments into
 * its page, one by one; visited newest first, the page is full after the small segments and the
 * big one is only counted up to the cap.
 */
final class NewestSegmentsFirst {
    static final Comparator<LeafReader> ORDER =
            Comparator.comparingLong(NewestSegmentsFirst::newest).reversed();

    private NewestSegmentsFirst() {
    }

    /**
     * The segment's latest last activity: its first document's. Every segment is sorted newest
     * first ({@link ConversationDocuments#INDEX_ORDER}): the writer refuses to open an index
     * holding a segment of another order, and {@code LuceneSearch} then builds it anew.
     */
    static long newest(LeafReader leaf) {
        try {
            NumericDocValues values = DocValues.getNumeric(leaf, ConversationDocuments.SORT_AT);
            return values.nextDoc() == DocIdSetIterator.NO_MORE_DOCS ? Long.MIN_VALUE : values.longValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
