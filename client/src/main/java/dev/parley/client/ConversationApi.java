package dev.parley.client;

import dev.parley.client.internal.Call;
import dev.parley.client.internal.Json;
import dev.parley.client.internal.Transport;
import dev.parley.client.model.Category;
import dev.parley.client.model.Conversation;
import dev.parley.client.model.ConversationCreated;
import dev.parley.client.model.ConversationPreferences;
import dev.parley.client.model.ConversationStatus;
import dev.parley.client.model.ConversationUpdated;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.model.CreateMessageRequest;
import dev.parley.client.model.FileAccessToken;
import dev.parley.client.model.FileUploadToken;
import dev.parley.client.model.ListConversationsQuery;
import dev.parley.client.model.MessageCreated;
import dev.parley.client.model.MessageUpdated;
import dev.parley.client.model.TimelineEntry;
import dev.parley.client.model.UpdateConversationRequest;
import dev.parley.client.model.UpdateMessageRequest;
import dev.parley.client.model.User;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static dev.parley.client.internal.Transport.await;
import static dev.parley.client.internal.UrlParts.segment;

/**
 * The Conversation operations, named as in mittwald's official JavaScript SDK
 * ({@code client.conversation.getConversation(…)}). Each has an {@code …Async} twin; the sync
 * method waits for it and throws its exception unwrapped.
 */
public final class ConversationApi {
    private final Transport transport;

    ConversationApi(Transport transport) {
        this.transport = transport;
    }

    /** {@code GET /v2/conversations/{conversationId}} (conversation-get-conversation). */
    public Conversation getConversation(String conversationId) {
        return await(getConversationAsync(conversationId));
    }

    public CompletableFuture<Conversation> getConversationAsync(String conversationId) {
        return transport.json(Call.of("conversation-get-conversation", "GET", "/v2/conversations/" + segment(conversationId)),
                Json.type(Conversation.class));
    }

    /** {@code GET /v2/conversations} (conversation-list-conversations) with the server's defaults. */
    public Page<Conversation> listConversations() {
        return listConversations(ListConversationsQuery.all());
    }

    /** {@code GET /v2/conversations} (conversation-list-conversations): one page. */
    public Page<Conversation> listConversations(ListConversationsQuery query) {
        return await(listConversationsAsync(query));
    }

    public CompletableFuture<Page<Conversation>> listConversationsAsync(ListConversationsQuery query) {
        Call call = Call.of("conversation-list-conversations", "GET", "/v2/conversations")
                .query("fullTextSearch", query.fullTextSearch());
        query.status().forEach(s -> call.query("status", s.value()));
        call.query("limit", query.limit()).query("skip", query.skip()).query("page", query.page());
        query.sort().forEach(s -> call.query("sort", s.value()));
        query.order().forEach(o -> call.query("order", o.value()));
        return transport.send(call).thenApply(response ->
                Page.of(Transport.<List<Conversation>>decode(call, response, Json.listOf(Conversation.class)), response.headers()));
    }

    /** Every page of the list, fetched one after the other as the stream is consumed. */
    public Stream<Page<Conversation>> listConversationsPages(ListConversationsQuery query) {
        long firstSkip = query.skip() != null ? query.skip()
                : query.page() != null && query.limit() != null ? Math.max(0, query.page() - 1) * query.limit() : 0;
        return PageIterator.stream(() -> listConversations(query),
                skip -> listConversations(query.withSkip(skip)), firstSkip);
    }

    /** Every conversation the query matches, across all pages (fetched lazily). */
    public Stream<Conversation> listAllConversations(ListConversationsQuery query) {
        return listConversationsPages(query).flatMap(page -> page.items().stream());
    }

    /** {@code POST /v2/conversations} (conversation-create-conversation). */
    public ConversationCreated createConversation(CreateConversationRequest body) {
        return await(createConversationAsync(body));
    }

    public CompletableFuture<ConversationCreated> createConversationAsync(CreateConversationRequest body) {
        return transport.json(Call.of("conversation-create-conversation", "POST", "/v2/conversations").json(body),
                Json.type(ConversationCreated.class));
    }

    /** {@code PUT /v2/conversations/{conversationId}} (conversation-update-conversation). */
    public ConversationUpdated updateConversation(String conversationId, UpdateConversationRequest body) {
        return await(updateConversationAsync(conversationId, body));
    }

    public CompletableFuture<ConversationUpdated> updateConversationAsync(String conversationId, UpdateConversationRequest body) {
        return transport.json(Call.of("conversation-update-conversation", "PUT", "/v2/conversations/" + segment(conversationId))
                .json(body), Json.type(ConversationUpdated.class));
    }

    /** {@code PUT /v2/conversations/{conversationId}/status} (conversation-set-conversation-status). */
    public ConversationUpdated setConversationStatus(String conversationId, ConversationStatus status) {
        return await(setConversationStatusAsync(conversationId, status));
    }

    public CompletableFuture<ConversationUpdated> setConversationStatusAsync(String conversationId, ConversationStatus status) {
        if (Objects.requireNonNull(status, "status") == ConversationStatus.UNKNOWN) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("UNKNOWN is not a status that can be set"));
        }
        return transport.json(Call.of("conversation-set-conversation-status", "PUT",
                        "/v2/conversations/" + segment(conversationId) + "/status").json(Map.of("status", status)),
                Json.type(ConversationUpdated.class));
    }

    /** {@code GET /v2/conversations/{conversationId}/messages} (conversation-list-messages-by-conversation): the timeline. */
    public List<TimelineEntry> listMessagesByConversation(String conversationId) {
        return await(listMessagesByConversationAsync(conversationId));
    }

    public CompletableFuture<List<TimelineEntry>> listMessagesByConversationAsync(String conversationId) {
        return transport.json(Call.of("conversation-list-messages-by-conversation", "GET",
                "/v2/conversations/" + segment(conversationId) + "/messages"), Json.listOf(TimelineEntry.class));
    }

    /** {@code POST /v2/conversations/{conversationId}/messages} (conversation-create-message). */
    public MessageCreated createMessage(String conversationId, CreateMessageRequest body) {
        return await(createMessageAsync(conversationId, body));
    }

    public CompletableFuture<MessageCreated> createMessageAsync(String conversationId, CreateMessageRequest body) {
        return transport.json(Call.of("conversation-create-message", "POST",
                "/v2/conversations/" + segment(conversationId) + "/messages").json(body), Json.type(MessageCreated.class));
    }

    /** {@code PATCH /v2/conversations/{conversationId}/messages/{messageId}} (conversation-update-message). */
    public MessageUpdated updateMessage(String conversationId, String messageId, UpdateMessageRequest body) {
        return await(updateMessageAsync(conversationId, messageId, body));
    }

    public CompletableFuture<MessageUpdated> updateMessageAsync(String conversationId, String messageId, UpdateMessageRequest body) {
        return transport.json(Call.of("conversation-update-message", "PATCH",
                        "/v2/conversations/" + segment(conversationId) + "/messages/" + segment(messageId)).json(body),
                Json.type(MessageUpdated.class));
    }

    /** {@code GET /v2/conversation-categories/{categoryId}} (conversation-get-category); public. */
    public Category getCategory(String categoryId) {
        return await(getCategoryAsync(categoryId));
    }

    public CompletableFuture<Category> getCategoryAsync(String categoryId) {
        return transport.json(Call.of("conversation-get-category", "GET", "/v2/conversation-categories/" + segment(categoryId)),
                Json.type(Category.class));
    }

    /** {@code GET /v2/conversation-categories} (conversation-list-categories); public. */
    public List<Category> listCategories() {
        return await(listCategoriesAsync());
    }

    public CompletableFuture<List<Category>> listCategoriesAsync() {
        return transport.json(Call.of("conversation-list-categories", "GET", "/v2/conversation-categories"),
                Json.listOf(Category.class));
    }

    /** {@code GET /v2/conversations/{conversationId}/members} (conversation-get-conversation-members); each with {@code active}. */
    public List<User> getConversationMembers(String conversationId) {
        return await(getConversationMembersAsync(conversationId));
    }

    public CompletableFuture<List<User>> getConversationMembersAsync(String conversationId) {
        return transport.json(Call.of("conversation-get-conversation-members", "GET",
                "/v2/conversations/" + segment(conversationId) + "/members"), Json.listOf(User.class));
    }

    /** {@code GET /v2/customers/{customerId}/conversation-preferences} (conversation-get-conversation-preferences-of-customer). */
    public ConversationPreferences getConversationPreferencesOfCustomer(String customerId) {
        return await(getConversationPreferencesOfCustomerAsync(customerId));
    }

    public CompletableFuture<ConversationPreferences> getConversationPreferencesOfCustomerAsync(String customerId) {
        return transport.json(Call.of("conversation-get-conversation-preferences-of-customer", "GET",
                "/v2/customers/" + segment(customerId) + "/conversation-preferences"), Json.type(ConversationPreferences.class));
    }

    /** {@code POST /v2/conversations/{conversationId}/files} (conversation-request-file-upload): a single-use upload token. */
    public FileUploadToken requestFileUpload(String conversationId) {
        return await(requestFileUploadAsync(conversationId));
    }

    public CompletableFuture<FileUploadToken> requestFileUploadAsync(String conversationId) {
        // the contract's body is an optional empty object; none is sent
        return transport.json(Call.of("conversation-request-file-upload", "POST",
                "/v2/conversations/" + segment(conversationId) + "/files"), Json.type(FileUploadToken.class));
    }

    /** {@code GET /v2/conversations/{conversationId}/files/{fileId}/access-token} (conversation-get-file-access-token). */
    public FileAccessToken getFileAccessToken(String conversationId, String fileId) {
        return await(getFileAccessTokenAsync(conversationId, fileId));
    }

    public CompletableFuture<FileAccessToken> getFileAccessTokenAsync(String conversationId, String fileId) {
        return transport.json(Call.of("conversation-get-file-access-token", "GET",
                        "/v2/conversations/" + segment(conversationId) + "/files/" + segment(fileId) + "/access-token"),
                Json.type(FileAccessToken.class));
    }
}
