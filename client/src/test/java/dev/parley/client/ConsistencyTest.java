package dev.parley.client;

import dev.parley.client.error.ForbiddenException;
import dev.parley.client.model.Category;
import dev.parley.client.model.ConversationStatus;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.model.CreateMessageRequest;
import dev.parley.client.model.ShareableAggregateReference;
import dev.parley.client.model.UpdateConversationRequest;
import dev.parley.client.testing.Clients;
import dev.parley.client.testing.RecordingProxy;
import dev.parley.client.testing.RecordingProxy.Exchange;
import dev.parley.client.testing.TestParley;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Read-your-writes as mittwald's official SDK does it, checked on what the server received: the
 * ETag of each mutation comes back as {@code if-event-reached} on the reads after it.
 */
class ConsistencyTest {
    private TestParley parley;
    private RecordingProxy proxy;

    @BeforeEach
    void start() {
        parley = TestParley.shared();
        proxy = new RecordingProxy(parley.baseUrl());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void readsAfterAMutationCarryItsEtagAsIfEventReached() {
        MittwaldClient owner = Clients.as(parley, "customer-owner", proxy.url());

        Category general = Clients.category(owner, "general");
        assertThat(proxy.last().header("if-event-reached")).as("no mutation yet").isNull();
        assertThat(owner.lastEventId()).isEmpty();

        String id = owner.conversation().createConversation(CreateConversationRequest.of("consistent", general.categoryId())
                .withSharedWith(ShareableAggregateReference.customer(parley.demoCustomerId()))).conversationId();
        Exchange create = proxy.last();
        String first = create.responseHeader("etag");
        assertThat(first).isNotBlank();
        assertThat(create.header("if-event-reached")).as("mutations do not wait").isNull();
        assertThat(owner.lastEventId()).hasValue(first);

        assertThat(owner.conversation().getConversation(id).title()).isEqualTo("consistent");
        assertThat(proxy.last().header("if-event-reached")).isEqualTo(first);
        owner.conversation().listCategories();
        assertThat(proxy.last().header("if-event-reached")).as("every later read").isEqualTo(first);

        owner.conversation().createMessage(id, CreateMessageRequest.text("second"));
        String second = proxy.last().responseHeader("etag");
        assertThat(second).isNotBlank().isNotEqualTo(first);

        assertThat(owner.conversation().listMessagesByConversation(id)).hasSize(2); // CONVERSATION_CREATED, the message
        assertThat(proxy.last().header("if-event-reached")).isEqualTo(second);

        // an async mutation counts the same
        owner.conversation().setConversationStatusAsync(id, ConversationStatus.CLOSED).join();
        String third = proxy.last().responseHeader("etag");
        assertThat(owner.conversation().getConversation(id).status()).isEqualTo(ConversationStatus.CLOSED);
        assertThat(proxy.last().header("if-event-reached")).isEqualTo(third).isNotEqualTo(second);
    }

    @Test
    void aRefusedMutationLeavesTheLastEtag() {
        MittwaldClient owner = Clients.as(parley, "customer-owner", proxy.url());
        MittwaldClient member = Clients.as(parley, "customer-member", proxy.url());
        String id = owner.conversation().createConversation(CreateConversationRequest.of("not yours",
                        Clients.category(owner, "general").categoryId())
                .withSharedWith(ShareableAggregateReference.customer(parley.demoCustomerId()))).conversationId();
        member.conversation().createMessage(id, CreateMessageRequest.text("a member's message"));
        String etag = proxy.last().responseHeader("etag");

        assertThatThrownBy(() -> member.conversation().updateConversation(id, UpdateConversationRequest.title("mine now")))
                .isInstanceOf(ForbiddenException.class);

        assertThat(member.lastEventId()).hasValue(etag);
        member.conversation().getConversation(id);
        assertThat(proxy.last().header("if-event-reached")).isEqualTo(etag);
    }

    @Test
    void withEventConsistencyOffReadsDoNotWait() {
        MittwaldClient owner = Clients.builder(parley, "customer-owner", proxy.url()).eventConsistency(false).build();
        String id = owner.conversation().createConversation(CreateConversationRequest.of("eventually",
                Clients.category(owner, "general").categoryId())).conversationId();
        assertThat(proxy.last().responseHeader("etag")).isNotBlank();

        owner.conversation().getConversation(id);

        assertThat(proxy.last().header("if-event-reached")).isNull();
    }
}
