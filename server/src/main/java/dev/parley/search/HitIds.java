package dev.parley.search;

import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.ScoreDoc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The conversation ids of hits found in {@link ConversationDocuments#DEFAULT_ORDER}. */
final class HitIds {
    private HitIds() {
    }

    /**
     * Whether two neighbouring hits share every sort key (last activity and the id's first 8
     * bytes): then their order is not the ids' and the exact order must be asked for.
     */
    static boolean hasTie(ScoreDoc[] hits) {
        for (int i = 1; i < hits.length; i++) {
            if (Arrays.equals(((FieldDoc) hits[i - 1]).fields, ((FieldDoc) hits[i]).fields, (a, b) -> Objects.equals(a, b) ? 0 : 1)) {
                return true;
            }
        }
        return false;
    }

    /** The ids of {@code hits[skip …]}, at most {@code limit}, in the hits' order. */
    static List<String> read(IndexReader reader, ScoreDoc[] hits, int skip, int limit) throws IOException {
        int end = Math.min(hits.length, skip + limit);
        if (skip >= end) {
            return List.of();
        }
        // doc values are read forwards, segment by segment: visit the page in doc id order
        Integer[] order = new Integer[end - skip];
        for (int i = 0; i < order.length; i++) {
            order[i] = skip + i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> hits[i].doc));
        String[] ids = new String[order.length];
        List<LeafReaderContext> leaves = reader.leaves();
        int leafIndex = -1;
        BinaryDocValues values = null;
        for (int i : order) {
            int doc = hits[i].doc;
            int leaf = ReaderUtil.subIndex(doc, leaves);
            if (leaf != leafIndex) {
                leafIndex = leaf;
                values = leaves.get(leaf).reader().getBinaryDocValues(ConversationDocuments.ID_BYTES);
            }
            if (values == null || !values.advanceExact(doc - leaves.get(leaf).docBase)) {
                throw new IOException("search index document " + doc + " has no id");
            }
            ids[i - skip] = values.binaryValue().utf8ToString();
        }
        return new ArrayList<>(Arrays.asList(ids));
    }
}
