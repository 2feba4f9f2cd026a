package dev.parley.client.model;

/**
 * Parley extension: the staff queue's filters; null fields are not sent. {@code assigneeId} is a
 * userId, {@code "me"} or {@code "none"}. {@code tab} is ignored by the counts.
 */
public record QueueQuery(QueueTab tab, String categoryId, String customerId, String projectId, String assigneeId,
                         Integer olderThanHours, String fullTextSearch, Integer limit, Long skip) {

    /** The whole "waiting for us" tab with the server's defaults. */
    public static QueueQuery of(QueueTab tab) {
        return new QueueQuery(tab, null, null, null, null, null, null, null, null);
    }

    public QueueQuery withAssignee(String value) {
        return new QueueQuery(tab, categoryId, customerId, projectId, value, olderThanHours, fullTextSearch, limit, skip);
    }

    public QueueQuery withCustomer(String value) {
        return new QueueQuery(tab, categoryId, value, projectId, assigneeId, olderThanHours, fullTextSearch, limit, skip);
    }

    public QueueQuery withSearch(String value) {
        return new QueueQuery(tab, categoryId, customerId, projectId, assigneeId, olderThanHours, value, limit, skip);
    }

    public QueueQuery withPage(Integer newLimit, Long newSkip) {
        return new QueueQuery(tab, categoryId, customerId, projectId, assigneeId, olderThanHours, fullTextSearch, newLimit, newSkip);
    }
}
