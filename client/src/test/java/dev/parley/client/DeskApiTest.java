package dev.parley.client;

import dev.parley.client.error.ForbiddenException;
import dev.parley.client.error.NotFoundException;
import dev.parley.client.error.ValidationException;
import dev.parley.client.model.Category;
import dev.parley.client.model.ConversationContext;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.model.CreateMessageRequest;
import dev.parley.client.model.QueueCounts;
import dev.parley.client.model.QueueItem;
import dev.parley.client.model.QueueQuery;
import dev.parley.client.model.QueueTab;
import dev.parley.client.model.ReadState;
import dev.parley.client.testing.Clients;
import dev.parley.client.testing.RecordingProxy;
import dev.parley.client.testing.TestParley;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code client.desk()}: what the staff desk does, through the SDK against a running Parley. */
class DeskApiTest {
    private static TestParley parley;
    private static RecordingProxy proxy;
    private static MittwaldClient owner;
    private static MittwaldClient staff;
    private static Category general;

    @BeforeAll
    static void start() {
        parley = TestParley.shared();
        proxy = new RecordingProxy(parley.baseUrl());
        owner = Clients.as(parley, "customer-owner", proxy.url());
        staff = Clients.as(parley, "employee", proxy.url());
        general = Clients.category(owner, "general");
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    private static String create(String title) {
        String id = owner.conversation().createConversation(CreateConversationRequest.of(title, general.categoryId())).conversationId();
        owner.conversation().createMessage(id, CreateMessageRequest.text("help, " + title));
        return id;
    }

    @Test
    void staffWorkTheQueueAssignAndRead() {
        String word = Clients.uniqueWord();
        String older = create(word + " first");
        String newer = create(word + " second");
        QueueQuery waiting = QueueQuery.of(QueueTab.WAITING_FOR_US).withSearch(word);

        Page<QueueItem> page = staff.desk().listQueue(waiting);
        assertThat(page.items()).extracting(i -> i.conversation().conversationId()).containsExactly(older, newer);
        assertThat(page.totalCount()).hasValue(2);
        assertThat(page.items().get(0).lastMessageBy()).isEqualTo("customer");
        assertThat(page.items().get(0).unread()).isTrue();
        QueueCounts counts = staff.desk().countQueue(waiting);
        assertThat(counts.waitingForUs()).isEqualTo(2);
        assertThat(counts.answered()).isZero();

        String me = parley.userId("employee");
        assertThat(staff.desk().assign(older, me).assigneeId()).isEqualTo(me);
        assertThat(staff.desk().getAssignment(older).assignedBy()).isEqualTo(me);
        assertThat(staff.desk().listQueue(waiting.withAssignee("me")).items())
                .extracting(i -> i.conversation().conversationId()).containsExactly(older);
        int before = proxy.exchanges().size();
        assertThat(staff.desk().assign(older, null).assigneeId()).isNull();
        RecordingProxy.Exchange unassign = proxy.exchangesSince(before).get(0);
        assertThat(unassign.method() + " " + unassign.path()).isEqualTo("PUT /v2/conversations/" + older + "/assignment");
        assertThat(new String(unassign.requestBody(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"assigneeId\":null}");
        assertThat(staff.desk().listQueue(waiting.withAssignee("none")).totalCount()).hasValue(2);

        ReadState read = staff.desk().markRead(newer);
        assertThat(read.unread()).isFalse();
        assertThat(read.lastReadAt()).isNotNull();
        List<ReadState> states = staff.desk().listReadStates(List.of(older, newer));
        assertThat(states).extracting(ReadState::unread).containsExactly(true, false);
        assertThat(owner.desk().getReadState(newer).unread()).isFalse();

        staff.conversation().createMessage(newer, CreateMessageRequest.text("answer"));
        assertThat(owner.desk().getReadState(newer).unread()).isTrue();
        assertThat(staff.desk().countQueue(waiting).answered()).isEqualTo(1);
    }

    @Test
    void contextAndRefusals() {
        String id = create(Clients.uniqueWord());
        ConversationContext context = staff.desk().getContext(id);
        assertThat(context.conversationId()).isEqualTo(id);
        assertThat(context.customer()).isNull(); // shared with nobody
        assertThatThrownBy(() -> owner.desk().listQueue(QueueQuery.of(QueueTab.CLOSED))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> owner.desk().assign(id, parley.userId("employee"))).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> staff.desk().assign(id, parley.userId("customer-owner"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> staff.desk().getContext(UUID.randomUUID().toString())).isInstanceOf(NotFoundException.class);
    }
}
