package dev.parley.search;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default order of a search sorts by last activity and a number made of the id's first 8
 * bytes (cheap to copy for each hit); these tests hold it to the ids' own order: the number never
 * orders two ids against their bytes, a tie on it is seen (so the exact order is asked for), and
 * the page's ids are read back in the hits' order, across segments.
 */
class HitIdsTest {
    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theIdKeyNeverOrdersTwoIdsAgainstTheirBytes() {
        Random random = new Random(7);
        String alphabet = "0123456789abcdef-ABCZaz\u00e4\u00df\u20ac\u0000";
        for (int n = 0; n < 20_000; n++) {
            String a = n % 2 == 0 ? UUID.randomUUID().toString() : random(random, alphabet);
            String b = n % 3 == 0 ? UUID.randomUUID().toString() : random(random, alphabet);
            int byKey = Long.compare(ConversationDocuments.idKey(a), ConversationDocuments.idKey(b));
            if (byKey != 0) {
                assertThat(Integer.signum(byKey)).as(a + " / " + b).isEqualTo(Integer.signum(compareBytes(a, b)));
            }
        }
        assertThat(ConversationDocuments.idKey("ab")).isLessThan(ConversationDocuments.idKey("abc"));
        assertThat(ConversationDocuments.idKey("\u00e4")).isGreaterThan(ConversationDocuments.idKey("z"));
    }

    private static String random(Random random, String alphabet) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static IndexedConversation conversation(String id, long sortAt) {
        return new IndexedConversation(id, "S-" + id, "title", "open", sortAt, sortAt, "u1", null, null, null,
                List.of("a message"), List.of());
    }

    @Test
    void aTieOnTheKeysIsSeenAndIdsAreReadInHitOrderAcrossSegments() throws IOException {
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new WordAnalyzer())
                    .setIndexSort(ConversationDocuments.INDEX_ORDER))) {
                w.addDocument(ConversationDocuments.of(conversation("bbbb-0001", 300)));
                w.addDocument(ConversationDocuments.of(conversation("aaaa-0002", 100)));
                w.commit(); // a second segment for the rest
                w.addDocument(ConversationDocuments.of(conversation("cccc-0003", 200)));
                w.addDocument(ConversationDocuments.of(conversation("aaaa-0001", 100)));
                w.commit();
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                assertThat(reader.leaves()).hasSize(2);
                IndexSearcher searcher = new IndexSearcher(reader);
                TopFieldDocs top = searcher.search(new MatchAllDocsQuery(),
                        new TopFieldCollectorManager(ConversationDocuments.DEFAULT_ORDER, 4, null, 1000));
                // "aaaa-000…" share their first 8 bytes and their last activity: their order is unknown here
                assertThat(HitIds.hasTie(top.scoreDocs)).isTrue();
                assertThat(HitIds.read(reader, top.scoreDocs, 0, 2)).containsExactly("bbbb-0001", "cccc-0003");
                assertThat(HitIds.read(reader, top.scoreDocs, 1, 1)).containsExactly("cccc-0003");
                assertThat(HitIds.hasTie(Arrays.copyOf(top.scoreDocs, 3))).as("without the second of the tie").isFalse();
                assertThat(HitIds.read(reader, top.scoreDocs, 4, 10)).isEmpty();
            }
        }
    }
}
