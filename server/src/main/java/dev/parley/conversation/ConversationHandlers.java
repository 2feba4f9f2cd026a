package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Api;
import dev.parley.api.ApiError;
import dev.parley.api.ApiRequest;
import dev.parley.api.Json;
import dev.parley.api.Pagination;
import dev.parley.api.Responses;
import dev.parley.storage.Ids;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** HTTP handlers of the conversation operations: parse, call one service method, render. */
public final class ConversationHandlers {
    /** Search terms (or {@code or} groups) matched independently (across title and messages); further ones share the last. */
    static final int MAX_SEARCH_GROUPS = 16;

    private final ConversationService service;

    public ConversationHandlers(ConversationService service) {
        this.service = service;
    }

    public void register(Api api) {
        api.operation("conversation-create-conversation", this::create);
        api.operation("conversation-list-conversations", this::list);
        api.operation("conversation-get-conversation", r ->
                Responses.jsonBytes(r.ctx(), 200, service.get(r.caller(), conversationId(r))));
        // its plainest requests answered from the cache before Javalin (api/DirectReads)
        api.directReads().register("conversation-get-conversation", service::cachedBody);
        api.operation("conversation-update-conversation", this::update);
        api.operation("conversation-set-conversation-status", this::setStatus);
        api.operation("conversation-list-messages-by-conversation", r ->
                Responses.json(r.ctx(), 200, service.messages(r.caller(), conversationId(r))));
        api.operation("conversation-create-message", this::createMessage);
        api.operation("conversation-update-message", this::updateMessage);
        api.operation("conversation-get-conversation-members", r ->
                Responses.json(r.ctx(), 200, service.members(r.caller(), conversationId(r))));
        api.operation("conversation-get-conversation-preferences-of-customer", r ->
                Responses.json(r.ctx(), 200, service.preferences(r.caller(), r.path("customerId"))));
    }

    /** The conversation path parameter: a UUID or, as a Parley extension, a shortId. */
    public static String conversationId(ApiRequest r) {
        String id = ShortIds.normalize(r.path("conversationId"));
        if (Ids.isUuid(id) || ShortIds.looksLikeShortId(id)) {
            return id;
        }
        throw ApiError.validation(".conversationId", "format", "must match format \"uuid\" (or be a shortId)",
                Map.of("format", "uuid"));
    }

    private void create(ApiRequest r) {
        Mutation<String> m = service.create(r.caller(), r.body());
        ObjectNode body = Json.MAPPER.createObjectNode().put("conversationId", m.value());
        Responses.mutation(r.ctx(), 201, body, m.position());
    }

    private void list(ApiRequest r) {
        Pagination pagination = Pagination.from(r.params());
        List<String> sort = texts(r.params().query("sort"));
        if (sort.isEmpty()) {
            sort = List.of("lastMessage.createdAt");
        }
        List<String> statuses = new ArrayList<>();
        for (String s : texts(r.params().query("status"))) {
            // "open" means unresolved: open and answered look alike to users, as do staff states
            if ("open".equals(s)) {
                statuses.addAll(List.of("open", "answered", "inProgress", "waiting"));
            } else {
                statuses.add(s);
            }
        }
        SearchIndex.Search search = new SearchIndex.Search(List.of(), null);
        JsonNode fts = r.params().query("fullTextSearch");
        if (fts != null && !fts.asText().isBlank()) {
            search = SearchIndex.parse(fts.asText(), MAX_SEARCH_GROUPS);
            if (search.isEmpty()) {
                pagination.writeHeaders(r.ctx(), 0);
                Responses.json(r.ctx(), 200, List.of());
                return;
            }
        }
        var query = new ConversationRepository.ListQuery(statuses, search.groups(), search.exclusion(), sort,
                texts(r.params().query("order")),
                pagination.limit(), pagination.skip());
        ConversationService.JsonPage page = service.listJson(r.caller(), query);
        pagination.writeHeaders(r.ctx(), page.total());
        Responses.jsonBytes(r.ctx(), 200, page.json());
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private void update(ApiRequest r) {
        String id = conversationId(r);
        Mutation<String> m = service.update(r.caller(), id, r.body());
        Responses.mutation(r.ctx(), 200, Json.MAPPER.createObjectNode().put("conversationId", m.value()), m.position());
    }

    private void setStatus(ApiRequest r) {
        String id = conversationId(r);
        Mutation<String> m = service.setStatus(r.caller(), id, r.body().get("status").asText());
        Responses.mutation(r.ctx(), 200, Json.MAPPER.createObjectNode().put("conversationId", m.value()), m.position());
    }

    private void createMessage(ApiRequest r) {
        String id = conversationId(r);
        Mutation<String[]> m = service.createMessage(r.caller(), id, r.body());
        ObjectNode body = Json.MAPPER.createObjectNode().put("conversationId", m.value()[0]).put("messageId", m.value()[1]);
        Responses.mutation(r.ctx(), 201, body, m.position());
    }

    private void updateMessage(ApiRequest r) {
        String id = conversationId(r);
        JsonNode body = r.body();
        String content = body.hasNonNull("messageContent") ? body.get("messageContent").asText() : null;
        Mutation<String> m = service.updateMessage(r.caller(), id, r.path("messageId"), content);
        Responses.mutation(r.ctx(), 200, Json.MAPPER.createObjectNode().put("messageId", m.value()), m.position());
    }
}
