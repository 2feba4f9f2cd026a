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

    /** The segment's latest last activity: its first document's, as segments are sorted newest first. */
    static long newest(LeafReader leaf) {
        try {
            NumericDocValues values = DocValues.getNumeric(leaf, ConversationDocuments.SORT_AT);
            boolean sorted = ConversationDocuments.INDEX_ORDER.equals(leaf.getMetaData().getSort());
            long newest = Long.MIN_VALUE;
            for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                newest = Math.max(newest, values.longValue());
                if (sorted) {
                    break; // (every document has the field: the first is the newest)
                }
            }
            return newest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
