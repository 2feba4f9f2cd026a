package dev.parley.desk.lists;

/** Where a page of a list is: "1–25 of 80" and the previous and next pages' addresses (null at the ends). */
public record Paging(long from, long to, long total, String previous, String next) {

    static Paging of(Links links, int limit, long skip, int shown, long total) {
        String previous = skip > 0 ? links.with("skip", Math.max(0, skip - limit) == 0 ? null : Math.max(0, skip - limit)).toString() : null;
        String next = skip + shown < total ? links.with("skip", skip + limit).toString() : null;
        return new Paging(shown == 0 ? 0 : skip + 1, skip + shown, total, previous, next);
    }

    public boolean any() {
        return previous != null || next != null;
    }
}
