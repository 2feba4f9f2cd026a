package dev.parley.search;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query cache keeps what is asked often (an audience, a word), never a phrase: alone, in a
 * phrase ending in a prefix, or nested in the boolean query of a phrase's pairs.
 */
class FilterCachingPolicyTest {
    /** Whether the policy would cache {@code query} once it has been used {@code uses} times. */
    private static boolean cachedAfter(Query query, int uses) throws IOException {
        FilterCachingPolicy policy = new FilterCachingPolicy();
        for (int i = 0; i < uses; i++) {
            policy.onUse(query);
        }
        return policy.shouldCache(query);
    }

    @Test
    void filtersAskedOftenAreCached() throws IOException {
        Query audience = new TermInSetQuery("aud", List.of(new BytesRef("u:1"), new BytesRef("c:2")));
        assertThat(cachedAfter(audience, 10)).isTrue();
        assertThat(cachedAfter(audience, 1)).as("not after one use").isFalse();
        Query words = new BooleanQuery.Builder()
                .add(new TermQuery(new Term("text_pre", "th")), BooleanClause.Occur.SHOULD)
                .add(new TermQuery(new Term("notes_pre", "th")), BooleanClause.Occur.SHOULD).build();
        assertThat(cachedAfter(words, 10)).isTrue();
        // as Lucene's own policy: one term is one posting list already
        assertThat(cachedAfter(new TermQuery(new Term("text_pre", "th")), 10)).isFalse();
    }

    @Test
    void phrasesAreNeverCachedHoweverOftenAsked() throws IOException {
        Query phrase = new PhraseQuery("text", "to", "the", "of");
        Query prefixed = new MultiPhraseQuery.Builder().add(new Term("text", "to"))
                .add(new Term[] {new Term("text", "the"), new Term("text", "then")}).build();
        Query withPairs = new BooleanQuery.Builder()
                .add(new TermQuery(new Term("text_pairs", "to the")), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term("text_pairs", "the of")), BooleanClause.Occur.FILTER)
                .add(phrase, BooleanClause.Occur.FILTER).build();
        Query nested = new BooleanQuery.Builder()
                .add(withPairs, BooleanClause.Occur.SHOULD)
                .add(new TermQuery(new Term("notes", "to")), BooleanClause.Occur.SHOULD).build();
        for (Query q : List.of(phrase, prefixed, withPairs, nested)) {
            assertThat(cachedAfter(q, 50)).as(q.toString()).isFalse();
        }
    }
}
