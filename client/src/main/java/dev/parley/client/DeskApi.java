package dev.parley.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.internal.Call;
import dev.parley.client.internal.Json;
import dev.parley.client.internal.Transport;
import dev.parley.client.model.Assignment;
import dev.parley.client.model.ConversationContext;
import dev.parley.client.model.QueueCounts;
import dev.parley.client.model.QueueItem;
import dev.parley.client.model.QueueQuery;
import dev.parley.client.model.ReadState;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.parley.client.internal.Transport.await;
import static dev.parley.client.internal.UrlParts.segment;

/**
 * Parley's staff-desk extensions (documented in Parley's {@code /openapi.json}; mittwald's API
 * has none of them): assignment, the staff queue and its counts, read state, a conversation's
 * customer context. Each has an {@code …Async} twin.
 */
public final class DeskApi {
    private final Transport transport;

    DeskApi(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /v2/conversations/{id}/assignment} (staff only). */
    public Assignment getAssignment(String conversationId) {
        return await(getAssignmentAsync(conversationId));
    }

    public CompletableFuture<Assignment> getAssignmentAsync(String conversationId) {
        return transport.json(Call.of("parley-get-conversation-assignment", "GET",
                "/v2/conversations/" + segment(conversationId) + "/assignment"), Json.type(Assignment.class));
    }

    /** {@code PUT /v2/conversations/{id}/assignment}: to an active employee, or null to unassign (staff only). */
    public Assignment assign(String conversationId, String assigneeId) {
        return await(assignAsync(conversationId, assigneeId));
    }

    public CompletableFuture<Assignment> assignAsync(String conversationId, String assigneeId) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (assigneeId == null) {
            body.putNull("assigneeId");
        } else {
            body.put("assigneeId", assigneeId);
        }
        return transport.json(Call.of("parley-set-conversation-assignment", "PUT",
                "/v2/conversations/" + segment(conversationId) + "/assignment").json(body), Json.type(Assignment.class));
    }

    /** {@code GET /v2/conversation-queue}: one page of a tab (staff only). */
    public Page<QueueItem> listQueue(QueueQuery query) {
        return await(listQueueAsync(query));
    }

    public CompletableFuture<Page<QueueItem>> listQueueAsync(QueueQuery query) {
        Call call = filters(Call.of("parley-list-conversation-queue", "GET", "/v2/conversation-queue"), query)
                .query("tab", query.tab() == null ? null : query.tab().value())
                .query("limit", query.limit()).query("skip", query.skip());
        return transport.send(call).thenApply(response ->
                Page.of(Transport.<List<QueueItem>>decode(call, response, Json.listOf(QueueItem.class)), response.headers()));
    }

    /** {@code GET /v2/conversation-queue/counts}: every tab's count under the query's filters (staff only). */
    public QueueCounts countQueue(QueueQuery query) {
        return await(countQueueAsync(query));
    }

    public CompletableFuture<QueueCounts> countQueueAsync(QueueQuery query) {
        return transport.json(filters(Call.of("parley-count-conversation-queue", "GET", "/v2/conversation-queue/counts"), query),
                Json.type(QueueCounts.class));
    }

    private static Call filters(Call call, QueueQuery q) {
        return call.query("categoryId", q.categoryId()).query("customerId", q.customerId())
                .query("projectId", q.projectId()).query("assigneeId", q.assigneeId())
                .query("olderThanHours", q.olderThanHours()).query("fullTextSearch", q.fullTextSearch());
    }

    /** {@code GET /v2/conversations/{id}/read-state}. */
    public ReadState getReadState(String conversationId) {
        return await(getReadStateAsync(conversationId));
    }

    public CompletableFuture<ReadState> getReadStateAsync(String conversationId) {
        return transport.json(Call.of("parley-get-conversation-read-state", "GET",
                "/v2/conversations/" + segment(conversationId) + "/read-state"), Json.type(ReadState.class));
    }

    /** {@code PUT /v2/conversations/{id}/read-state}: everything in it now is read by the caller. */
    public ReadState markRead(String conversationId) {
        return await(markReadAsync(conversationId));
    }

    public CompletableFuture<ReadState> markReadAsync(String conversationId) {
        return transport.json(Call.of("parley-mark-conversation-read", "PUT",
                        "/v2/conversations/" + segment(conversationId) + "/read-state").json(Json.MAPPER.createObjectNode()),
                Json.type(ReadState.class));
    }

    /** {@code GET /v2/conversation-read-states}: up to 100; conversations the caller may not see are left out. */
    public List<ReadState> listReadStates(List<String> conversationIds) {
        return await(listReadStatesAsync(conversationIds));
    }

    public CompletableFuture<List<ReadState>> listReadStatesAsync(List<String> conversationIds) {
        return transport.json(Call.of("parley-list-conversation-read-states", "GET", "/v2/conversation-read-states")
                .query("conversationIds", String.join(",", conversationIds)), Json.listOf(ReadState.class));
    }

    /** {@code GET /v2/conversations/{id}/context} (staff only). */
    public ConversationContext getContext(String conversationId) {
        return await(getContextAsync(conversationId));
    }

    public CompletableFuture<ConversationContext> getContextAsync(String conversationId) {
        return transport.json(Call.of("parley-get-conversation-context", "GET",
                "/v2/conversations/" + segment(conversationId) + "/context"), Json.type(ConversationContext.class));
    }
}
