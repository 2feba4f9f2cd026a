package dev.parley.queue;

import java.util.Arrays;
import java.util.List;

/**
 * The staff queue's tabs. Every conversation is in exactly one (the five statuses, open split by
 * who wrote last), so the counts add up to all conversations. {@code last_by_staff} is kept by a
 * trigger from {@code last_message_by} (migration V10).
 */
enum QueueTab {
    /** Open, and no employee wrote the last message (a customer did, or nobody yet): oldest first. */
    WAITING_FOR_US("waitingForUs", "c.status = 'open' AND c.last_by_staff = 0", true),
    /** Set to inProgress by staff, or open with an employee's last message (reopened by staff). */
    IN_PROGRESS("inProgress", "(c.status = 'inProgress' OR (c.status = 'open' AND c.last_by_staff = 1))", false),
    WAITING_FOR_CUSTOMER("waitingForCustomer", "c.status = 'waiting'", false),
    ANSWERED("answered", "c.status = 'answered'", false),
    CLOSED("closed", "c.status = 'closed'", false);

    final String apiName;
    final String condition;
    final boolean oldestFirst;

    /** One {@code (status, last_by_staff)} pair: an exact prefix of the index {@code conversations_queue}. */
    record Cell(String status, int lastByStaff) {
    }

    /**
     * The cells this tab is made of; together the five tabs' cells are every pair, once. The same
     * partition as {@link #condition} (which filtered counts use), in the form the index reads in
     * order; {@code DeskQueueTest} checks that both give the same conversations.
     */
    List<Cell> cells() {
        return switch (this) {
            case WAITING_FOR_US -> List.of(new Cell("open", 0));
            case IN_PROGRESS -> List.of(new Cell("inProgress", 0), new Cell("inProgress", 1), new Cell("open", 1));
            case WAITING_FOR_CUSTOMER -> List.of(new Cell("waiting", 0), new Cell("waiting", 1));
            case ANSWERED -> List.of(new Cell("answered", 0), new Cell("answered", 1));
            case CLOSED -> List.of(new Cell("closed", 0), new Cell("closed", 1));
        };
    }

    QueueTab(String apiName, String condition, boolean oldestFirst) {
        this.apiName = apiName;
        this.condition = condition;
        this.oldestFirst = oldestFirst;
    }

    /** The parameter is validated against the document's enum already; absent means waitingForUs. */
    static QueueTab of(String apiName) {
        if (apiName == null) {
            return WAITING_FOR_US;
        }
        return Arrays.stream(values()).filter(t -> t.apiName.equals(apiName)).findFirst().orElseThrow();
    }

    /** The tab of a conversation with this status and last writer: the tab holding that cell. */
    static QueueTab of(String status, boolean lastByStaff) {
        Cell cell = new Cell(status, lastByStaff ? 1 : 0);
        return Arrays.stream(values()).filter(t -> t.cells().contains(cell)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown status " + status));
    }
}
