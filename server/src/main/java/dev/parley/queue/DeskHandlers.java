package dev.parley.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Api;
import dev.parley.api.ApiRequest;
import dev.parley.api.Json;
import dev.parley.api.Pagination;
import dev.parley.api.Responses;
import dev.parley.conversation.ConversationHandlers;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.Mutation;
import dev.parley.conversation.SearchIndex;
import dev.parley.storage.Clock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** HTTP handlers of the desk's extension operations: parse, call one method, render. */
final class DeskHandlers {
    /** As the contract's list: terms matched independently, further ones share the last group. */
    private static final int MAX_SEARCH_GROUPS = 16;

    private final Assignments assignments;
    private final ReadStates readStates;
    private final Queue queue;
    private final CustomerContext context;
    private final ConversationService conversations;

    DeskHandlers(Assignments assignments, ReadStates readStates, Queue queue, CustomerContext context,
                 ConversationService conversations) {
        this.assignments = assignments;
        this.readStates = readStates;
        this.queue = queue;
        this.context = context;
        this.conversations = conversations;
    }

    void register(Api api) {
        api.operation("parley-get-conversation-assignment", r ->
                Responses.json(r.ctx(), 200, assignments.get(r.caller(), ConversationHandlers.conversationId(r))));
        api.operation("parley-set-conversation-assignment", this::assign);
        api.operation("parley-get-conversation-read-state", r ->
                Responses.json(r.ctx(), 200, readStates.get(r.caller(), ConversationHandlers.conversationId(r))));
        api.operation("parley-mark-conversation-read", r -> {
            String id = ConversationHandlers.conversationId(r);
            r.body(); // validated: an empty object
            Responses.json(r.ctx(), 200, readStates.markRead(r.caller(), id));
        });
        api.operation("parley-list-conversation-read-states", r -> {
            List<String> ids = new ArrayList<>();
            r.params().query("conversationIds").forEach(n -> ids.add(n.asText()));
            Responses.json(r.ctx(), 200, readStates.list(r.caller(), ids));
        });
        api.operation("parley-get-conversation-context", r ->
                Responses.json(r.ctx(), 200, context.get(r.caller(), ConversationHandlers.conversationId(r))));
        api.operation("parley-list-conversation-queue", this::list);
        api.operation("parley-count-conversation-queue", r -> {
            Map<QueueTab, Long> counts = queue.counts(r.caller(), filter(r));
            ObjectNode body = Json.MAPPER.createObjectNode();
            counts.forEach((tab, n) -> body.put(tab.apiName, n));
            Responses.json(r.ctx(), 200, body);
        });
    }

    private void assign(ApiRequest r) {
        String id = ConversationHandlers.conversationId(r);
        JsonNode assignee = r.body().get("assigneeId");
        Mutation<ObjectNode> m = assignments.assign(r.caller(), id, assignee.isNull() ? null : assignee.asText());
        Responses.mutation(r.ctx(), 200, m.value(), m.position());
    }

    private void list(ApiRequest r) {
        Pagination pagination = Pagination.from(r.params());
        QueueTab tab = QueueTab.of(text(r, "tab"));
        Queue.Items page = queue.items(r.caller(), tab, filter(r), pagination.limit(), pagination.skip());
        List<String> ids = page.ids();
        // the conversations as the cache holds them rendered; whether the caller read them is asked afresh
        byte[] json = QueueItemsJson.write(page.items(), conversations.bodies(r.caller(), ids), readStates.unread(r.caller(), ids));
        pagination.writeHeaders(r.ctx(), page.total());
        Responses.jsonBytes(r.ctx(), 200, json);
    }

    private static QueueFilter filter(ApiRequest r) {
        String assignee = text(r, "assigneeId");
        if ("me".equals(assignee)) {
            assignee = r.caller().userId();
        }
        JsonNode hours = r.params().query("olderThanHours");
        Long activeBefore = hours == null ? null : Clock.nowMillis() - hours.asLong() * 3_600_000L;
        String fts = text(r, "fullTextSearch");
        SearchIndex.Search search = fts == null || fts.isBlank() ? null : SearchIndex.parse(fts, MAX_SEARCH_GROUPS);
        return new QueueFilter(text(r, "categoryId"), text(r, "customerId"), text(r, "projectId"), assignee,
                activeBefore, search);
    }

    private static String text(ApiRequest r, String name) {
        JsonNode value = r.params().query(name);
        return value == null ? null : value.asText();
    }
}
