package dev.parley.bench.seed;

import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a search index holds, as text: its commit data, and per segment every field's terms
 * with their documents and positions and every document's doc values. Two indexes with the same
 * documents in the same order dump the same.
 */
final class LuceneDump {
    private LuceneDump() {
    }

    static String of(Path path) throws IOException {
        StringBuilder out = new StringBuilder();
        try (FSDirectory directory = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(directory)) {
            Map<String, String> data = new TreeMap<>(reader.getIndexCommit().getUserData());
            out.append("commit ").append(data).append('\n');
            for (LeafReaderContext leaf : reader.leaves()) {
                LeafReader r = leaf.reader();
                out.append("segment of ").append(r.maxDoc()).append(" documents\n");
                for (FieldInfo field : r.getFieldInfos()) {
                    postings(r, field.name, out);
                    docValues(r, field, out);
                }
            }
        }
        return out.toString();
    }

    private static void postings(LeafReader r, String field, StringBuilder out) throws IOException {
        Terms terms = r.terms(field);
        if (terms == null) {
            return;
        }
        TermsEnum te = terms.iterator();
        PostingsEnum pe = null;
        for (BytesRef term = te.next(); term != null; term = te.next()) {
            out.append(field).append(':').append(term.toString());
            pe = te.postings(pe, terms.hasPositions() ? PostingsEnum.POSITIONS : PostingsEnum.FREQS);
            for (int doc = pe.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = pe.nextDoc()) {
                out.append(' ').append(doc);
                if (terms.hasPositions()) {
                    for (int i = 0; i < pe.freq(); i++) {
                        out.append(i == 0 ? '@' : ',').append(pe.nextPosition());
                    }
                }
            }
            out.append('\n');
        }
    }

    private static void docValues(LeafReader r, FieldInfo field, StringBuilder out) throws IOException {
        DocValuesType type = field.getDocValuesType();
        if (type == DocValuesType.NUMERIC) {
            NumericDocValues v = r.getNumericDocValues(field.name);
            for (int doc = v.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = v.nextDoc()) {
                out.append(field.name).append('[').append(doc).append("]=").append(v.longValue()).append('\n');
            }
        } else if (type == DocValuesType.SORTED) {
            SortedDocValues v = r.getSortedDocValues(field.name);
            for (int doc = v.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = v.nextDoc()) {
                out.append(field.name).append('[').append(doc).append("]=").append(v.lookupOrd(v.ordValue()).toString()).append('\n');
            }
        } else if (type == DocValuesType.BINARY) {
            BinaryDocValues v = r.getBinaryDocValues(field.name);
            for (int doc = v.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = v.nextDoc()) {
                out.append(field.name).append('[').append(doc).append("]=").append(v.binaryValue().toString()).append('\n');
            }
        } else if (type != DocValuesType.NONE) {
            out.append(field.name).append(" doc values of type ").append(type).append('\n');
        }
    }
}
