package dev.parley.client;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.OptionalLong;

/**
 * One page of a list, with the pagination headers the server sent ({@code X-Pagination-Limit},
 * {@code -Skip}, {@code -Page}, {@code -TotalCount}); a header not sent is empty.
 */
public record Page<T>(List<T> items, OptionalLong limit, OptionalLong skip, OptionalLong page, OptionalLong totalCount) {

    public Page {
        items = List.copyOf(items);
    }

    static <T> Page<T> of(List<T> items, HttpHeaders headers) {
        return new Page<>(items, number(headers, "X-Pagination-Limit"), number(headers, "X-Pagination-Skip"),
                number(headers, "X-Pagination-Page"), number(headers, "X-Pagination-TotalCount"));
    }

    /**
     * Whether more items follow: by the total count when the server sent it, else when this page
     * was full. An empty page is always the last.
     */
    public boolean hasNext() {
        if (items.isEmpty()) {
            return false;
        }
        if (totalCount.isPresent()) {
            return skip.orElse(0) + items.size() < totalCount.getAsLong();
        }
        return limit.isPresent() && items.size() >= limit.getAsLong();
    }

    // X-Pagination-Page is a "number" in the contract: 2 or 2.0
    private static OptionalLong number(HttpHeaders headers, String name) {
        return headers.firstValue(name).map(v -> {
            try {
                return OptionalLong.of((long) Double.parseDouble(v.strip()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }).orElse(OptionalLong.empty());
    }
}
