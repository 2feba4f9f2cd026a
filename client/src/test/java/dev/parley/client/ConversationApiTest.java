package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.client.error.NotFoundException;
import dev.parley.client.model.Category;
import dev.parley.client.model.CategoryReferenceType;
import dev.parley.client.model.Conversation;
import dev.parley.client.model.ConversationCreated;
import dev.parley.client.model.ConversationPreferences;
import dev.parley.client.model.ConversationStatus;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.model.CreateMessageRequest;
import dev.parley.client.model.ListConversationsQuery;
import dev.parley.client.model.ListConversationsQuery.SortField;
import dev.parley.client.model.ListConversationsQuery.SortOrder;
import dev.parley.client.model.ListConversationsQuery.StatusFilter;
import dev.parley.client.model.Message;
import dev.parley.client.model.MessageCreated;
import dev.parley.client.model.NotificationRole;
import dev.parley.client.model.RelatedAggregateReference;
import dev.parley.client.model.ServiceRequest;
import dev.parley.client.model.ShareableAggregateReference;
import dev.parley.client.model.StatusUpdate;
import dev.parley.client.model.TimelineEntry;
import dev.parley.client.model.UpdateConversationRequest;
import dev.parley.client.model.UpdateMessageRequest;
import dev.parley.client.model.User;
import dev.parley.client.model.Visibility;
import dev.parley.client.testing.Clients;
import dev.parley.client.testing.RecordingProxy;
import dev.parley.client.testing.TestParley;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every Conversation operation against a running Parley, with what went over the wire. */
class ConversationApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestParley parley;
    private static RecordingProxy proxy;
    private static MittwaldClient owner;
    private static MittwaldClient member;
    private static MittwaldClient staff;

    @BeforeAll
    static void start() {
        parley = TestParley.shared();
        proxy = new RecordingProxy(parley.baseUrl());
        owner = Clients.as(parley, "customer-owner", proxy.url());
        member = Clients.as(parley, "customer-member", proxy.url());
        staff = Clients.as(parley, "employee", proxy.url());
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    private static String createShared(String title) {
        Category general = Clients.category(owner, "general");
        return owner.conversation().createConversation(CreateConversationRequest.of(title, general.categoryId())
                .withSharedWith(ShareableAggregateReference.customer(parley.demoCustomerId()))
                .withMessageContent("It broke at 10:00.")).conversationId();
    }

    @Test
    void listCategoriesAndGetCategoryReadTheDefaultCategories() {
        List<Category> categories = owner.conversation().listCategories();
        assertThat(categories).extracting(Category::name)
                .contains("general", "project", "server", "organisation", "extension", "billing");
        Category project = categories.stream().filter(c -> c.name().equals("project")).findFirst().orElseThrow();

        Category read = owner.conversation().getCategory(project.categoryId());

        assertThat(read).isEqualTo(project);
        assertThat(read.referenceType()).contains(CategoryReferenceType.PROJECT);
        assertThat(proxy.last().method()).isEqualTo("GET");
        assertThat(proxy.last().path()).isEqualTo("/v2/conversation-categories/" + project.categoryId());
    }

    @Test
    void createConversationSendsOnlyTheFieldsSetAndGetConversationReadsItBack() throws Exception {
        Category general = Clients.category(owner, "general");
        Instant before = Instant.now();

        ConversationCreated created = owner.conversation().createConversation(
                CreateConversationRequest.of("Shop answers 502", general.categoryId())
                        .withSharedWith(ShareableAggregateReference.customer(parley.demoCustomerId()))
                        .withMessageContent("Since 10:00 our shop answers with a bad gateway.")
                        .withNotificationRoles(List.of(NotificationRole.CUSTOMER_OWNER)));

        RecordingProxy.Exchange post = proxy.last();
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.path()).isEqualTo("/v2/conversations");
        assertThat(post.header("x-access-token")).isEqualTo(parley.token("customer-owner"));
        assertThat(post.header("content-type")).startsWith("application/json");
        JsonNode sent = JSON.readTree(post.requestBody());
        assertThat(sent.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("title", "categoryId", "sharedWith", "messageContent", "notificationRoles");
        assertThat(sent.path("sharedWith").path("aggregate").asText()).isEqualTo("customer");
        assertThat(sent.path("notificationRoles").get(0).asText()).isEqualTo("customer_owner");
        assertThat(post.status()).isEqualTo(201);

        Conversation c = owner.conversation().getConversation(created.conversationId());

        assertThat(c.conversationId()).isEqualTo(created.conversationId());
        assertThat(c.title()).isEqualTo("Shop answers 502");
        assertThat(c.status()).isEqualTo(ConversationStatus.OPEN);
        assertThat(c.visibility()).isEqualTo(Visibility.SHARED);
        assertThat(c.sharedWith()).isEqualTo(ShareableAggregateReference.customer(parley.demoCustomerId()));
        assertThat(c.createdBy().userId()).isEqualTo(parley.userId("customer-owner"));
        assertThat(c.mainUser().userId()).isNotBlank();
        assertThat(c.category()).isEqualTo(general);
        assertThat(c.shortId()).isNotBlank();
        assertThat(c.createdAt()).isBetween(before.minusSeconds(60), Instant.now().plusSeconds(60));
        assertThat(c.lastMessage()).isNotNull();
        assertThat(c.lastMessage().createdBy().userId()).isEqualTo(parley.userId("customer-owner"));

        // Parley: a shortId works wherever a path takes the conversation id
        assertThat(owner.conversation().getConversation(c.shortId()).conversationId()).isEqualTo(c.conversationId());
    }

    @Test
    void updateConversationChangesTitleCategoryAndRelation() throws Exception {
        String id = createShared("Before the rename");
        Category project = Clients.category(owner, "project");

        var updated = owner.conversation().updateConversation(id, UpdateConversationRequest.title("After the rename")
                .withCategoryId(project.categoryId())
                .withRelatedTo(RelatedAggregateReference.project(parley.demoProjectId())));

        assertThat(updated.conversationId()).isEqualTo(id);
        RecordingProxy.Exchange put = proxy.last();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.path()).isEqualTo("/v2/conversations/" + id);
        assertThat(JSON.readTree(put.requestBody()).path("relatedTo").path("domain").asText()).isEqualTo("project");
        Conversation c = owner.conversation().getConversation(id);
        assertThat(c.title()).isEqualTo("After the rename");
        assertThat(c.category().name()).isEqualTo("project");
        assertThat(c.relatedTo()).isEqualTo(RelatedAggregateReference.project(parley.demoProjectId()));
    }

    @Test
    void setConversationStatusChangesTheStatusAndAppendsAStatusUpdate() throws Exception {
        String id = createShared("Please close me");

        assertThat(owner.conversation().setConversationStatus(id, ConversationStatus.CLOSED).conversationId()).isEqualTo(id);

        assertThat(proxy.last().path()).isEqualTo("/v2/conversations/" + id + "/status");
        assertThat(JSON.readTree(proxy.last().requestBody()).path("status").asText()).isEqualTo("closed");
        assertThat(owner.conversation().getConversation(id).status()).isEqualTo(ConversationStatus.CLOSED);
        List<TimelineEntry> timeline = owner.conversation().listMessagesByConversation(id);
        assertThat(timeline).filteredOn(StatusUpdate.class::isInstance).map(StatusUpdate.class::cast)
                .anySatisfy(s -> {
                    assertThat(s.messageContent()).isEqualTo("STATUS_CLOSED");
                    assertThat(s.meta().user().userId()).isEqualTo(parley.userId("customer-owner"));
                });

        // staff may set the staff statuses Parley adds (inProgress, waiting)
        staff.conversation().setConversationStatus(id, ConversationStatus.IN_PROGRESS);
        assertThat(JSON.readTree(proxy.last().requestBody()).path("status").asText()).isEqualTo("inProgress");
        assertThat(owner.conversation().getConversation(id).status()).isEqualTo(ConversationStatus.IN_PROGRESS);

        assertThatThrownBy(() -> owner.conversation().setConversationStatus(id, ConversationStatus.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createMessageUpdateMessageAndTheTimelineAsSealedEntries() throws Exception {
        String id = createShared("Timeline");

        MessageCreated created = owner.conversation().createMessage(id, CreateMessageRequest.text("Second message"));
        assertThat(created.conversationId()).isEqualTo(id);
        assertThat(proxy.last().path()).isEqualTo("/v2/conversations/" + id + "/messages");
        assertThat(JSON.readTree(proxy.last().requestBody()).fieldNames()).toIterable().containsExactly("messageContent");

        var edited = owner.conversation().updateMessage(id, created.messageId(), new UpdateMessageRequest("Second message, edited"));
        assertThat(edited.messageId()).isEqualTo(created.messageId());
        assertThat(proxy.last().method()).isEqualTo("PATCH");
        assertThat(proxy.last().path()).isEqualTo("/v2/conversations/" + id + "/messages/" + created.messageId());

        staff.conversation().createMessage(id, CreateMessageRequest.text("We restarted PHP-FPM."));

        List<TimelineEntry> timeline = owner.conversation().listMessagesByConversation(id);
        java.util.Map<String, Long> kinds = timeline.stream().map(entry -> entry.<String>match(
                        m -> "message", s -> "status", r -> "service request"))
                .collect(java.util.stream.Collectors.groupingBy(k -> k, java.util.stream.Collectors.counting()));
        long messages = kinds.getOrDefault("message", 0L);
        long statusUpdates = kinds.getOrDefault("status", 0L);
        assertThat(kinds).doesNotContainKey("service request");
        assertThat(messages).isEqualTo(3L);
        assertThat(statusUpdates).isGreaterThanOrEqualTo(2); // CONVERSATION_CREATED, STATUS_ANSWERED
        assertThat(timeline.get(0)).isInstanceOfSatisfying(StatusUpdate.class,
                s -> assertThat(s.messageContent()).isEqualTo(StatusUpdate.CONVERSATION_CREATED));
        assertThat(timeline).filteredOn(Message.class::isInstance).map(Message.class::cast)
                .extracting(Message::messageContent)
                .containsExactly("It broke at 10:00.", "Second message, edited", "We restarted PHP-FPM.");
        Message mine = timeline.stream().filter(Message.class::isInstance).map(Message.class::cast)
                .filter(m -> m.messageId().equals(created.messageId())).findFirst().orElseThrow();
        assertThat(mine.createdBy().userId()).isEqualTo(parley.userId("customer-owner"));
        assertThat(mine.files()).isEmpty();
        assertThat(owner.conversation().getConversation(id).status()).isEqualTo(ConversationStatus.ANSWERED);
    }

    @Test
    void getConversationMembersListsTheParticipants() {
        String id = createShared("Members");
        staff.conversation().createMessage(id, CreateMessageRequest.text("Hello from support"));

        List<User> members = owner.conversation().getConversationMembers(id);

        assertThat(proxy.last().path()).isEqualTo("/v2/conversations/" + id + "/members");
        assertThat(members).extracting(User::userId)
                .contains(parley.userId("customer-owner"), parley.userId("employee"));
        assertThat(members).allSatisfy(u -> assertThat(u.active()).isTrue());
        assertThat(members).filteredOn(u -> u.userId().equals(parley.userId("employee")))
                .singleElement().satisfies(u -> assertThat(u.isEmployee()).isTrue());
    }

    @Test
    void getConversationPreferencesOfCustomerReadsTheCustomersPreferences() {
        ConversationPreferences preferences = owner.conversation().getConversationPreferencesOfCustomer(parley.demoCustomerId());

        assertThat(proxy.last().path()).isEqualTo("/v2/customers/" + parley.demoCustomerId() + "/conversation-preferences");
        assertThat(preferences.customerId()).isEqualTo(parley.demoCustomerId());
        assertThat(preferences.preferredUsers()).isNotNull();
        assertThat(preferences.preferredUsers().categoryUserPairs()).isNotNull();
        assertThatThrownBy(() -> owner.conversation().getConversationPreferencesOfCustomer(parley.outsiderCustomerId()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void listConversationsSendsEveryQueryParameterAsTheContractNamesIt() {
        String word = Clients.uniqueWord();
        String b = createShared("b " + word);
        String a = createShared("a " + word);
        String closed = createShared("c " + word);
        owner.conversation().setConversationStatus(closed, ConversationStatus.CLOSED);

        Page<Conversation> open = owner.conversation().listConversations(ListConversationsQuery.all()
                .withFullTextSearch(word).withStatus(StatusFilter.OPEN).withLimit(50).withSkip(0)
                .withSort(SortField.TITLE, SortField.CREATED_AT).withOrder(SortOrder.ASC, SortOrder.DESC));

        assertThat(proxy.last().query()).isEqualTo("fullTextSearch=" + word
                + "&status=open&limit=50&skip=0&sort=title&sort=createdAt&order=asc&order=desc");
        assertThat(open.items()).extracting(Conversation::conversationId).containsExactly(a, b);
        assertThat(open.totalCount()).hasValue(2);

        Page<Conversation> onlyClosed = member.conversation().listConversations(ListConversationsQuery.all()
                .withFullTextSearch(word).withStatus(StatusFilter.CLOSED).withPage(1));
        assertThat(proxy.last().query()).isEqualTo("fullTextSearch=" + word + "&status=closed&page=1");
        assertThat(onlyClosed.items()).extracting(Conversation::conversationId).containsExactly(closed);

        // a phrase in quotes is sent percent-encoded and found as a phrase
        Page<Conversation> phrase = owner.conversation().listConversations(
                ListConversationsQuery.all().withFullTextSearch("\"a " + word + "\""));
        assertThat(proxy.last().query()).isEqualTo("fullTextSearch=%22a%20" + word + "%22");
        assertThat(phrase.items()).extracting(Conversation::conversationId).containsExactly(a);
    }

    @Test
    void asyncTwinsCompleteWithTheResultOrTheSameExceptions() {
        String id = createShared("Async");

        Conversation c = owner.conversation().getConversationAsync(id).join();
        assertThat(c.title()).isEqualTo("Async");
        assertThat(owner.conversation().listMessagesByConversationAsync(id).join()).hasSize(2);
        assertThat(owner.conversation().listCategoriesAsync().join()).isNotEmpty();

        var outsider = Clients.as(parley, "outsider", proxy.url());
        assertThatThrownBy(() -> outsider.conversation().getConversationAsync(id).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(NotFoundException.class);
    }
}
