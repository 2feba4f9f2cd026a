package dev.parley.search;

import dev.parley.conversation.AudienceKeys;
import dev.parley.conversation.ConversationRepository;
import dev.parley.identity.Caller;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list request as a Lucene query and sort. The search arrives as the expressions of
 * {@link dev.parley.conversation.SearchIndex} (quoted word runs, an optional prefix {@code *},
 * {@code OR} inside parentheses): each expression must match the text the caller may see (staff
 * notes only for employees), and the exclusion must not. Audience and status are filters.
 */
final class SearchQueries {
    private static final Pattern TERM = Pattern.compile("\"([^\"]*)\"(\\*?)|(AND|OR|\\(|\\))");
    /** A phrase ending in a prefix ("abcd-23" as typed) tries at most this many completions of its last word. */
    static final int MAX_PREFIX_COMPLETIONS = 1024;
    /** Longer prefixes are looked up in the terms dictionary rather than as a PrefixQuery (whose automaton has a size limit). */
    private static final int LONG_PREFIX = 200;
    /** A phrase is narrowed by at most this many of its runs (a Lucene query has at most 1,024 clauses). */
    private static final int MAX_PHRASE_RUNS = 64;
    /** Up to this many values a filter is term queries joined by OR rather than a {@link TermInSetQuery}. */
    static final int FEW_TERMS = 16;

    private SearchQueries() {
    }

    /**
     * A search this index does not answer exactly as the SQL index does, which answers it instead:
     * an expression with {@code AND} (the overflow group of a very long search asks for its words
     * in one row there, which a document per conversation cannot tell), or a phrase whose last
     * word is a prefix of too many words to list.
     */
    static final class Unanswerable extends RuntimeException {
        Unanswerable(String why) {
            super(why, null, false, false);
        }
    }

    static Query query(IndexReader reader, Caller caller, ConversationRepository.ListQuery q) {
        List<String> fields = caller.isEmployee()
                ? List.of(ConversationDocuments.TEXT, ConversationDocuments.NOTES)
                : List.of(ConversationDocuments.TEXT);
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean positive = false;
        if (!caller.isEmployee()) {
            b.add(terms(ConversationDocuments.AUDIENCE, AudienceKeys.of(caller)), BooleanClause.Occur.FILTER);
            positive = true;
        }
        if (!q.statuses().isEmpty()) {
            b.add(terms(ConversationDocuments.STATUS, q.statuses()), BooleanClause.Occur.FILTER);
            positive = true;
        }
        for (String expression : q.searchExpressions()) {
            b.add(anyField(reader, fields, expression), BooleanClause.Occur.FILTER);
            positive = true;
        }
        if (q.searchExclusion() != null) {
            for (String field : fields) {
                b.add(expression(reader, field, q.searchExclusion()), BooleanClause.Occur.MUST_NOT);
            }
        }
        if (!positive) {
            b.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
        }
        return b.build();
    }

    /** Whether {@code q} asks for the list's default order: last activity, newest first (then the id). */
    static boolean isDefaultOrder(ConversationRepository.ListQuery q) {
        return q.sort().equals(List.of("lastMessage.createdAt")) && !"asc".equals(orderFor(q, 0));
    }

    /** The list's order: the requested keys, then the id (as the SQL list orders). */
    static Sort sort(ConversationRepository.ListQuery q) {
        List<SortField> fields = new ArrayList<>();
        for (int i = 0; i < q.sort().size(); i++) {
            boolean descending = !"asc".equals(orderFor(q, i));
            fields.add(switch (q.sort().get(i)) {
                case "lastMessage.createdAt" -> new SortField(ConversationDocuments.SORT_AT, SortField.Type.LONG, descending);
                case "createdAt" -> new SortField(ConversationDocuments.CREATED_AT, SortField.Type.LONG, descending);
                case "title" -> new SortField(ConversationDocuments.TITLE_KEY, SortField.Type.STRING, descending);
                case "shortId" -> new SortField(ConversationDocuments.SHORT_ID, SortField.Type.STRING, descending);
                case "conversationId" -> new SortField(ConversationDocuments.ID, SortField.Type.STRING, descending);
                default -> throw new IllegalArgumentException("Unknown sort field " + q.sort().get(i));
            });
        }
        fields.add(new SortField(ConversationDocuments.ID, SortField.Type.STRING));
        return new Sort(fields.toArray(SortField[]::new));
    }

    private static String orderFor(ConversationRepository.ListQuery q, int i) {
        if (i < q.order().size()) {
            return q.order().get(i);
        }
        return q.order().isEmpty() ? "desc" : q.order().get(q.order().size() - 1);
    }

    /**
     * Any of {@code values} in {@code field}, as a filter. A few values (a customer's audience
     * keys, the statuses asked for) are term queries joined by OR, whose terms are looked up once
     * per search: a {@link TermInSetQuery} is rewritten anew in every segment until the query
     * cache holds it there, which is only once the filter has been used often
     * ({@link FilterCachingPolicy}), and a live index adds a small segment at every refresh.
     */
    static Query terms(String field, java.util.Collection<String> values) {
        Set<String> distinct = new LinkedHashSet<>(values);
        if (distinct.size() <= FEW_TERMS) {
            BooleanQuery.Builder b = new BooleanQuery.Builder();
            distinct.forEach(v -> b.add(new TermQuery(new Term(field, v)), BooleanClause.Occur.SHOULD));
            return new ConstantScoreQuery(b.build());
        }
        List<BytesRef> refs = new ArrayList<>();
        distinct.forEach(v -> refs.add(new BytesRef(v)));
        return new TermInSetQuery(field, refs);
    }

    /** The expression matching in any of {@code fields} (a phrase within one of them). */
    private static Query anyField(IndexReader reader, List<String> fields, String expression) {
        if (fields.size() == 1) {
            return expression(reader, fields.get(0), expression);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String field : fields) {
            b.add(expression(reader, field, expression), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    /** One expression: terms joined by OR (an exclusion, an "a or b" group); parentheses are grouping only. */
    static Query expression(IndexReader reader, String field, String expression) {
        List<Query> alternatives = new ArrayList<>();
        Matcher m = TERM.matcher(expression);
        while (m.find()) {
            if (m.group(1) != null) {
                alternatives.add(term(reader, field, m.group(1), !m.group(2).isEmpty()));
            } else if ("AND".equals(m.group(3))) {
                throw new Unanswerable("AND inside one expression");
            }
        }
        if (alternatives.size() == 1) {
            return alternatives.get(0);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        alternatives.forEach(a -> b.add(a, BooleanClause.Occur.SHOULD));
        return alternatives.isEmpty() ? new MatchNoDocsQuery() : b.build();
    }

    /** A quoted run of words: a word, a phrase, and with {@code prefix} the last word as a prefix. */
    private static Query term(IndexReader reader, String field, String text, boolean prefix) {
        List<String> words = WordAnalyzer.words(text);
        if (words.isEmpty()) {
            return new MatchNoDocsQuery(); // nothing searchable left: matches nothing, as in FTS5
        }
        if (words.size() == 1 && prefix && words.get(0).length() > LONG_PREFIX) {
            // PrefixQuery's automaton refuses prefixes this long; few words share such a prefix
            Set<Term> completions = completions(reader, field, words.get(0));
            if (completions.size() > MAX_PREFIX_COMPLETIONS) {
                throw new Unanswerable("a long prefix with more than " + MAX_PREFIX_COMPLETIONS + " completions");
            }
            return new TermInSetQuery(field, completions.stream().map(Term::bytes).toList());
        }
        if (words.size() == 1 && prefix && words.get(0).length() <= WordKeys.PREFIX_CHARS) {
            return new TermQuery(new Term(WordKeys.prefixField(field), words.get(0)));
        }
        if (words.size() == 1) {
            return prefix ? new PrefixQuery(new Term(field, words.get(0))) : new TermQuery(new Term(field, words.get(0)));
        }
        if (!prefix) {
            return withRuns(field, words, new PhraseQuery(field, words.toArray(String[]::new)));
        }
        Set<Term> completions = completions(reader, field, words.get(words.size() - 1));
        if (completions.size() > MAX_PREFIX_COMPLETIONS) {
            throw new Unanswerable("a phrase ending in a prefix with more than " + MAX_PREFIX_COMPLETIONS + " completions");
        }
        if (completions.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        MultiPhraseQuery.Builder b = new MultiPhraseQuery.Builder();
        for (String word : words.subList(0, words.size() - 1)) {
            b.add(new Term(field, word));
        }
        b.add(completions.toArray(Term[]::new));
        return withRuns(field, words.subList(0, words.size() - 1), b.build());
    }

    /**
     * {@code phrase}, asked only of the conversations holding every run of neighbouring
     * {@code words} that is indexed ({@link WordKeys#addRuns}: one posting list each, and a run
     * of common words is far rarer than any of its words), so positions are read for few of them;
     * a phrase of two words, or of three that {@link WordKeys#indexed} as a run, is its run
     * alone. A run of three that is not indexed narrows by its two pairs. A long phrase is
     * narrowed by its first {@code MAX_PHRASE_RUNS} keys only.
     */
    private static Query withRuns(String field, List<String> words, Query phrase) {
        if (words.size() < 2) {
            return phrase;
        }
        if (words.size() <= WordKeys.RUN_WORDS && phrase instanceof PhraseQuery && WordKeys.indexed(words)) {
            // a run is only ever indexed for neighbouring words of one value: it is the phrase
            return new TermQuery(new Term(WordKeys.runField(field), WordKeys.run(words)));
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        Set<String> runs = new LinkedHashSet<>();
        int n = Math.min(WordKeys.RUN_WORDS, words.size()); // the longest runs cover the shorter ones
        // the runs only narrow (the phrase decides): a long phrase is narrowed by its first ones,
        // and stays within the clauses a query may have
        for (int i = n; i <= words.size() && runs.size() < MAX_PHRASE_RUNS; i++) {
            for (String key : WordKeys.keysHolding(words.subList(i - n, i))) {
                if (runs.size() < MAX_PHRASE_RUNS) {
                    runs.add(key);
                }
            }
        }
        runs.forEach(r -> b.add(new TermQuery(new Term(WordKeys.runField(field), r)), BooleanClause.Occur.FILTER));
        b.add(phrase, BooleanClause.Occur.FILTER);
        return b.build();
    }

    /** The indexed words that start with {@code prefix}; one more than {@link #MAX_PREFIX_COMPLETIONS} at most. */
    private static Set<Term> completions(IndexReader reader, String field, String prefix) {
        Set<Term> out = new LinkedHashSet<>();
        BytesRef start = new BytesRef(prefix);
        try {
            for (LeafReaderContext leaf : reader.leaves()) {
                Terms terms = leaf.reader().terms(field);
                if (terms == null) {
                    continue;
                }
                TermsEnum e = terms.iterator();
                if (e.seekCeil(start) == TermsEnum.SeekStatus.END) {
                    continue;
                }
                for (BytesRef t = e.term(); t != null && startsWith(t, start) && out.size() <= MAX_PREFIX_COMPLETIONS; t = e.next()) {
                    out.add(new Term(field, BytesRef.deepCopyOf(t)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static boolean startsWith(BytesRef term, BytesRef prefix) {
        if (term.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (term.bytes[term.offset + i] != prefix.bytes[prefix.offset + i]) {
                return false;
            }
        }
        return true;
    }
}
