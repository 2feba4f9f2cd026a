package dev.parley.client;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Walks a list page by page, each fetched only when it is needed: the first as the query asks,
 * each next one at {@code skip} = the previous page's skip + its item count.
 */
final class PageIterator<T> implements Iterator<Page<T>> {
    private final Supplier<Page<T>> first;
    private final LongFunction<Page<T>> atSkip;
    private final long firstSkip;
    private Page<T> last;

    private PageIterator(Supplier<Page<T>> first, LongFunction<Page<T>> atSkip, long firstSkip) {
        this.first = first;
        this.atSkip = atSkip;
        this.firstSkip = firstSkip;
    }

    /** A lazy stream of pages: nothing is fetched until it is consumed. */
    static <T> Stream<Page<T>> stream(Supplier<Page<T>> first, LongFunction<Page<T>> atSkip, long firstSkip) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new PageIterator<>(first, atSkip, firstSkip),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        return last == null || last.hasNext();
    }

    @Override
    public Page<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        long skip = last == null ? firstSkip : last.skip().orElse(0) + last.items().size();
        Page<T> page = last == null ? first.get() : atSkip.apply(skip);
        // a server that sends no X-Pagination-Skip: the page is where it was asked for
        last = page.skip().isPresent() ? page
                : new Page<>(page.items(), page.limit(), OptionalLong.of(skip), page.page(), page.totalCount());
        return last;
    }
}
