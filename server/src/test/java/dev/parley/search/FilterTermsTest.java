package dev.parley.search;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LRUQueryCache;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter of a caller's audience keys and of the statuses asked for
 * ({@link SearchQueries#terms}): term queries joined by OR up to {@link SearchQueries#FEW_TERMS}
 * values, a {@code TermInSetQuery} beyond. Either must match exactly the documents holding any of
 * the values, on an index of several segments with deleted documents (a live index), as the
 * query cache sees it after repeated use ({@link FilterCache}, which keeps small segments too). Value sets tried: none, one, a few, exactly
 * {@code FEW_TERMS}, one more, many; values no document holds; the same value twice.
 */
class FilterTermsTest {
    private static final String FIELD = "aud";

    @Test
    void eitherFormMatchesExactlyTheDocumentsHoldingAnyValue() throws Exception {
        Random random = new Random(11);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            keys.add("k:" + i);
        }
        Map<String, Set<String>> held = new HashMap<>();
        try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
             IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(new WordAnalyzer())
                     .setMergePolicy(NoMergePolicy.INSTANCE))) {
            for (int segment = 0; segment < 4; segment++) {
                for (int d = 0; d < 150; d++) {
                    String id = segment + "-" + d;
                    Set<String> own = new HashSet<>();
                    for (int k = random.nextInt(4); k >= 0; k--) {
                        own.add(keys.get(random.nextInt(keys.size())));
                    }
                    Document doc = new Document();
                    doc.add(new StringField("id", id, Field.Store.YES));
                    own.forEach(k -> doc.add(new StringField(FIELD, k, Field.Store.NO)));
                    w.addDocument(doc);
                    held.put(id, own);
                }
                w.commit(); // one segment per round
            }
            for (int d = 0; d < 150; d += 7) { // deletions in every segment
                for (int segment = 0; segment < 4; segment++) {
                    w.deleteDocuments(new Term("id", segment + "-" + d));
                    held.remove(segment + "-" + d);
                }
            }
            w.commit();
            try (DirectoryReader reader = DirectoryReader.open(w)) {
                assertThat(reader.leaves()).hasSizeGreaterThanOrEqualTo(4);
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setQueryCachingPolicy(new FilterCachingPolicy());
                LRUQueryCache cache = (LRUQueryCache) FilterCache.create();
                searcher.setQueryCache(cache);
                int f = SearchQueries.FEW_TERMS;
                for (int size : new int[] {0, 1, 3, f, f + 1, 40}) {
                    for (int round = 0; round < 3; round++) {
                        List<String> values = new ArrayList<>();
                        for (int i = 0; i < size; i++) {
                            values.add(keys.get(random.nextInt(keys.size())));
                        }
                        if (size > 0) {
                            values.add("k:none");       // held by no document
                            values.add(values.get(0));  // the same value twice
                        }
                        // asked several times, so that the query cache keeps it and answers too
                        for (int ask = 0; ask < 6; ask++) {
                            assertThat(matches(searcher, SearchQueries.terms(FIELD, values)))
                                    .as("%d values, ask %d", size, ask)
                                    .isEqualTo(expected(held, values));
                        }
                    }
                }
                // the segments hold 150 documents each: Lucene's default cache would hold none of them
                assertThat(cache.getCacheCount()).as("filters answered from the cache").isGreaterThan(0);
            }
        }
    }

    private static Set<String> matches(IndexSearcher searcher, Query filter) throws Exception {
        Query q = new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST)
                .add(filter, BooleanClause.Occur.FILTER).build();
        Set<String> ids = new TreeSet<>();
        for (ScoreDoc d : searcher.search(q, 10_000).scoreDocs) {
            ids.add(searcher.storedFields().document(d.doc).get("id"));
        }
        return ids;
    }

    private static Set<String> expected(Map<String, Set<String>> held, List<String> values) {
        Set<String> ids = new TreeSet<>();
        held.forEach((id, own) -> {
            if (own.stream().anyMatch(values::contains)) {
                ids.add(id);
            }
        });
        return ids;
    }
}
