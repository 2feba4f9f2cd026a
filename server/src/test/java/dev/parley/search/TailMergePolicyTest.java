package dev.parley.search;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search index's merges ({@link TailMergePolicy}, set by {@link LuceneSearch#writerConfig}):
 * after every refresh of a live index (a big segment, conversations updated a few at a time and
 * refreshed after each batch, as the indexing thread does) a reader meets at most
 * {@link TailMergePolicy#MAX_SMALL} small segments, and loses no document. Tried: batches of one
 * to thirty updates, updates of the same conversations again (deletions in the small segments),
 * new conversations, 300 refreshes; Lucene's tiered policy alone keeps several times as many.
 * And the larger of the small segments is not rewritten at every refresh.
 */
class TailMergePolicyTest {
    @Test
    void aRefreshedReaderMeetsAtMostTwoSmallSegmentsAndEveryConversation() throws Exception {
        assertThat(smallSegmentsSeen(LuceneSearch.writerConfig(16, true).getMergePolicy()))
                .isLessThanOrEqualTo(TailMergePolicy.MAX_SMALL);
        // what this replaces: Lucene's tiered merging lets the small segments gather
        assertThat(smallSegmentsSeen(new TieredMergePolicy())).isGreaterThan(TailMergePolicy.MAX_SMALL + 2);
    }

    @Test
    void theLargerSmallSegmentWaitsUntilEnoughHasGatheredBesideIt() throws Exception {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
             IndexWriter w = new IndexWriter(dir, LuceneSearch.writerConfig(16, true).setMaxFullFlushMergeWaitMillis(60_000))) {
            for (int i = 0; i < 3_000; i++) {
                w.addDocument(ConversationDocuments.of(conversation("c-" + i, i)));
            }
            DirectoryReader reader = DirectoryReader.open(w);
            String first = segments(reader).get(0);
            int kept = 0;
            for (int round = 0; round < 20; round++) { // one conversation per refresh
                w.updateDocument(ConversationDocuments.idTerm("c-" + round), ConversationDocuments.of(conversation("c-" + round, 1_000 + round)));
                DirectoryReader next = DirectoryReader.openIfChanged(reader, w);
                reader.close();
                reader = next;
                assertThat(reader.numDocs()).isEqualTo(3_000);
                assertThat(reader.leaves().size()).isLessThanOrEqualTo(TailMergePolicy.MAX_SMALL);
                if (segments(reader).contains(first)) {
                    kept++;
                }
            }
            reader.close();
            // 3,000 conversations against one each: far more than FACTOR times the others for all 20 refreshes
            assertThat(kept).isEqualTo(20);
        }
    }

    /** The most small segments one reader held over 300 refreshes of a live index. */
    private static int smallSegmentsSeen(org.apache.lucene.index.MergePolicy policy) throws Exception {
        Random random = new Random(3);
        int most = 0;
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
             IndexWriter w = new IndexWriter(dir, LuceneSearch.writerConfig(16, true)
                     .setMergePolicy(policy).setMaxFullFlushMergeWaitMillis(60_000))) {
            int conversations = 3_000;
            for (int i = 0; i < conversations; i++) {
                w.addDocument(ConversationDocuments.of(conversation("c-" + i, i)));
            }
            w.forceMerge(1); // the big segment, as seeded
            w.commit();
            DirectoryReader reader = DirectoryReader.open(w);
            long at = 10_000;
            for (int refresh = 0; refresh < 300; refresh++) {
                int batch = 1 + random.nextInt(30);
                for (int i = 0; i < batch; i++) {
                    if (random.nextInt(10) == 0) {
                        String id = "c-" + conversations++; // a new conversation
                        w.addDocument(ConversationDocuments.of(conversation(id, at++)));
                    } else { // a message: mostly in the same few hundred conversations
                        String id = "c-" + random.nextInt(300);
                        w.updateDocument(ConversationDocuments.idTerm(id), ConversationDocuments.of(conversation(id, at++)));
                    }
                }
                DirectoryReader next = DirectoryReader.openIfChanged(reader, w);
                reader.close();
                reader = next;
                assertThat(reader.numDocs()).isEqualTo(conversations);
                assertThat(new IndexSearcher(reader).count(new MatchAllDocsQuery())).isEqualTo(conversations);
                int small = 0;
                for (LeafReaderContext leaf : reader.leaves()) {
                    if (leaf.reader().maxDoc() < 1_000) {
                        small++;
                    }
                }
                most = Math.max(most, small);
            }
            reader.close();
        }
        return most;
    }

    private static List<String> segments(DirectoryReader reader) {
        List<String> names = new ArrayList<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            names.add(((SegmentReader) leaf.reader()).getSegmentName());
        }
        return names;
    }

    private static IndexedConversation conversation(String id, long sortAt) {
        return new IndexedConversation(id, id, "title " + id, "open", sortAt, sortAt, "user-" + id.hashCode() % 50,
                null, null, null, List.of("a message about " + id + " and the descriptor of the thing"), List.of());
    }
}
