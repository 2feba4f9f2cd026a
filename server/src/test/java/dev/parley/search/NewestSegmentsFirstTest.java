package dev.parley.search;

import dev.parley.conversation.SearchCounts;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search visits the index's segments newest first ({@link NewestSegmentsFirst}, set on the
 * writer by {@link LuceneSearch#writerConfig}), whatever order they were written in, and finds
 * the same page and the same capped count as in the order they were written. Segments tried:
 * written oldest first, newest in the middle, one holding a single document, one whose documents
 * were all deleted but one, and updates that move old conversations into new small segments.
 */
class NewestSegmentsFirstTest {
    @Test
    void readersOfTheWriterVisitTheSegmentWithTheLatestActivityFirst() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
             IndexWriter w = new IndexWriter(dir, LuceneSearch.writerConfig(16, true).setMergePolicy(NoMergePolicy.INSTANCE))) {
            addSegment(w, "a", 1_000, 50);  // oldest, written first
            addSegment(w, "b", 9_000, 10);  // newest, written second
            addSegment(w, "c", 5_000, 1);   // a single document
            addSegment(w, "d", 3_000, 30);
            for (int i = 0; i < 29; i++) {
                w.deleteDocuments(ConversationDocuments.idTerm("d-" + i)); // all but its newest
            }
            w.commit();
            try (DirectoryReader reader = DirectoryReader.open(w)) {
                assertThat(newestOfEach(reader)).containsExactly(9_009L, 5_000L, 3_029L, 1_049L);
            }
            // without the writer's order a reader visits them as written: the order this replaces
            try (DirectoryReader plain = DirectoryReader.open(dir)) {
                assertThat(newestOfEach(plain)).containsExactly(1_049L, 9_009L, 5_000L, 3_029L);
            }
        }
    }

    @Test
    void theNewestFirstOrderFindsTheSamePageAndCountAsTheWrittenOrder() throws Exception {
        Random random = new Random(5);
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
             IndexWriter w = new IndexWriter(dir, LuceneSearch.writerConfig(16, true).setMergePolicy(NoMergePolicy.INSTANCE))) {
            addSegment(w, "old", 1_000, 3_000); // a big segment, as seeded
            long at = 10_000;
            for (int round = 0; round < 6; round++) { // messages: conversations move into small new segments
                for (int i = 0; i < 40; i++) {
                    String id = "old-" + random.nextInt(3_000);
                    w.updateDocument(ConversationDocuments.idTerm(id), ConversationDocuments.of(conversation(id, at++)));
                }
                w.commit();
            }
            try (DirectoryReader newestFirst = DirectoryReader.open(w);
                 DirectoryReader asWritten = DirectoryReader.open(dir)) {
                assertThat(newestOfEach(newestFirst)).isSortedAccordingTo((x, y) -> Long.compare(y, x));
                assertThat(newestOfEach(asWritten)).isNotEqualTo(newestOfEach(newestFirst));
                for (Query q : List.<Query>of(new TermQuery(new Term(ConversationDocuments.STATUS, "open")),
                        new TermQuery(new Term(ConversationDocuments.STATUS, "closed")),
                        new TermQuery(new Term(ConversationDocuments.TEXT, "word7")))) {
                    for (int wanted : new int[] {1, 26, 500}) {
                        Page a = page(new IndexSearcher(newestFirst), q, wanted);
                        Page b = page(new IndexSearcher(asWritten), q, wanted);
                        assertThat(a.keys()).as("%s, %d hits", q, wanted).isEqualTo(b.keys()).isNotEmpty();
                        assertThat(a.count()).as("%s, %d hits", q, wanted).isEqualTo(b.count());
                    }
                }
            }
        }
    }

    private record Page(List<Long> keys, long count) {
    }

    private static Page page(IndexSearcher searcher, Query q, int wanted) throws Exception {
        TopFieldDocs top = searcher.search(q,
                new TopFieldCollectorManager(ConversationDocuments.DEFAULT_ORDER, wanted, null, SearchCounts.CAP));
        List<Long> keys = new ArrayList<>();
        for (var d : top.scoreDocs) {
            Object[] fields = ((FieldDoc) d).fields;
            keys.add((Long) fields[0]);
            keys.add((Long) fields[1]);
        }
        return new Page(keys, SearchCounts.reported(top.totalHits.value));
    }

    private static List<Long> newestOfEach(DirectoryReader reader) {
        List<Long> out = new ArrayList<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            out.add(NewestSegmentsFirst.newest(leaf.reader()));
        }
        return out;
    }

    private static void addSegment(IndexWriter w, String prefix, long from, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            w.addDocument(ConversationDocuments.of(conversation(prefix + "-" + i, from + i)));
        }
        w.commit();
    }

    private static IndexedConversation conversation(String id, long sortAt) {
        String status = Math.floorMod(id.hashCode(), 3) == 0 ? "closed" : "open";
        return new IndexedConversation(id, id, "title " + id, status, sortAt, sortAt, "user-1", "user-1",
                null, null, List.of("word" + Math.floorMod(id.hashCode(), 10)), List.of());
    }
}
