package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.internal.Json;
import dev.parley.client.model.Category;
import dev.parley.client.model.CategoryReferenceType;
import dev.parley.client.model.Conversation;
import dev.parley.client.model.ConversationFile;
import dev.parley.client.model.ConversationStatus;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.model.MailSendLimitIncreasePayload;
import dev.parley.client.model.Message;
import dev.parley.client.model.NotificationRole;
import dev.parley.client.model.RelatedAggregateReference;
import dev.parley.client.model.RelocationPayload;
import dev.parley.client.model.ServiceRequest;
import dev.parley.client.model.ServiceRequestKind;
import dev.parley.client.model.StatusUpdate;
import dev.parley.client.model.TimelineEntry;
import dev.parley.client.model.Visibility;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The records read what the contract allows (and a newer server may add), including shapes Parley never writes. */
class ModelTest {

    private static <T> T read(String json, Class<T> type) throws Exception {
        return Json.MAPPER.readValue(json.replace('\'', '"'), type);
    }

    private static List<TimelineEntry> timeline(String json) throws Exception {
        return Json.MAPPER.readValue(json.replace('\'', '"'), Json.listOf(TimelineEntry.class));
    }

    @Test
    void valuesAndFieldsOfANewerServerAreTolerated() throws Exception {
        Conversation c = read("{'conversationId':'c1','shortId':'ABC-1','title':'t','createdAt':'2024-05-01T10:00:00+02:00',"
                + "'status':'escalated','visibility':'team','mainUser':{'userId':'u1','mood':'happy'},"
                + "'notificationRoles':['customer_owner','customer_auditor'],'somethingNew':{'x':1}}", Conversation.class);

        assertThat(c.status()).isEqualTo(ConversationStatus.UNKNOWN);
        assertThat(c.visibility()).isEqualTo(Visibility.UNKNOWN);
        assertThat(c.notificationRoles()).containsExactly(NotificationRole.CUSTOMER_OWNER, NotificationRole.UNKNOWN);
        assertThat(c.createdAt()).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
        assertThat(c.relations()).isEmpty();

        Category category = read("{'categoryId':'k','name':'n','referenceType':['project','spaceship']}", Category.class);
        assertThat(category.referenceType()).containsExactly(CategoryReferenceType.PROJECT, CategoryReferenceType.UNKNOWN);
    }

    @Test
    void theTimelinesThreeKindsAndTheirVariants() throws Exception {
        List<TimelineEntry> entries = timeline("["
                + "{'type':'STATUS_UPDATE','conversationId':'c','createdAt':'2024-05-01T10:00:00Z','messageContent':'CONVERSATION_CREATED',"
                + " 'meta':{'user':{'userId':'u1'}}},"
                + "{'type':'STATUS_UPDATE','conversationId':'c','createdAt':'2024-05-01T10:01:00Z','messageContent':'RESUBMISSION_CREATED',"
                + " 'internal':true,'meta':{'resubmitAt':'2024-06-01T00:00:00Z','groupId':'g','groupAcronym':'SUP','groupName':'Support'}},"
                + "{'type':'MESSAGE','messageId':'m','conversationId':'c','createdAt':'2024-05-01T10:02:00Z','messageContent':'hi',"
                + " 'files':[{'id':'f1','status':'requested'},{'id':'f2','status':'uploaded','name':'a.png','type':'image/png'},"
                + "          {'id':'f3','status':'deleted','name':'b.pdf','type':'application/pdf','deletionDate':'2024-05-02T00:00:00Z'}]},"
                + "{'type':'SERVICE_REQUEST','messageId':'s1','conversationId':'c','createdAt':'2024-05-01T10:03:00Z',"
                + " 'messageContent':'mailSendLimitIncrease','meta':{'mailAddressId':'ma','rateLimitId':'rl'}},"
                + "{'type':'SERVICE_REQUEST','messageId':'s2','conversationId':'c','createdAt':'2024-05-01T10:04:00Z',"
                + " 'messageContent':'relocation','meta':{'redirectusKey':42,'userId':'u1',"
                + "  'contact':{'firstname':'Anna','lastname':'Schmidt','email':'anna@example.com'},"
                + "  'source':{'sourceAccount':'acc','providerName':'Old','providerUrl':'https://old.example','providerUsername':'a','providerPassword':'p'},"
                + "  'target':{'organisation':'o','accountShortId':'p-1','product':'proSpace','articleType':'x','prices':[{'name':'base','price':9.99}]},"
                + "  'domain':{'allDomains':false,'domains':[{'domainName':'example.com','authCode':'abc'}]}}}"
                + "]");

        assertThat(entries).map(e -> e.<String>match(m -> "M", s -> "S", r -> "R")).containsExactly("S", "S", "M", "R", "R");

        StatusUpdate created = (StatusUpdate) entries.get(0);
        assertThat(created.isResubmission()).isFalse();
        assertThat(created.meta().user().userId()).isEqualTo("u1");
        StatusUpdate resubmission = (StatusUpdate) entries.get(1);
        assertThat(resubmission.isResubmission()).isTrue();
        assertThat(resubmission.internal()).isTrue();
        assertThat(resubmission.meta().resubmitAt()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
        assertThat(resubmission.meta().groupAcronym()).isEqualTo("SUP");

        Message message = (Message) entries.get(2);
        assertThat(message.files()).containsExactly(
                new ConversationFile.Requested("f1"),
                new ConversationFile.Uploaded("f2", "a.png", "image/png"),
                new ConversationFile.Deleted("f3", "b.pdf", "application/pdf", Instant.parse("2024-05-02T00:00:00Z")));

        ServiceRequest mail = (ServiceRequest) entries.get(3);
        assertThat(mail.messageContent()).isEqualTo(ServiceRequestKind.MAIL_SEND_LIMIT_INCREASE);
        assertThat(mail.meta()).isEqualTo(new MailSendLimitIncreasePayload("ma", "rl"));

        ServiceRequest relocation = (ServiceRequest) entries.get(4);
        assertThat(relocation.messageContent()).isEqualTo(ServiceRequestKind.RELOCATION);
        assertThat(relocation.meta()).isInstanceOfSatisfying(RelocationPayload.class, r -> {
            assertThat(r.redirectusKey()).isEqualTo(42L);
            assertThat(r.contact().firstname()).isEqualTo("Anna");
            assertThat(r.source().providerUrl()).isEqualTo("https://old.example");
            assertThat(r.target().prices()).containsExactly(new RelocationPayload.Price("base", new BigDecimal("9.99")));
            assertThat(r.domain().domains()).containsExactly(new RelocationPayload.DomainEntry("example.com", "abc"));
            assertThat(r.email()).isNull();
        });
    }

    @Test
    void requestBodiesSendOnlyWhatIsSetInTheContractsSpelling() throws Exception {
        JsonNode body = Json.MAPPER.readTree(Json.write(CreateConversationRequest.of("t", "cat")
                .withRelatedTo(RelatedAggregateReference.placementGroup("pg"))
                .withNotificationRoles(List.of(NotificationRole.PROJECT_EMAILADMIN))));

        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("title", "categoryId", "relatedTo", "notificationRoles");
        assertThat(body.path("relatedTo").path("domain").asText()).isEqualTo("project");
        assertThat(body.path("relatedTo").path("aggregate").asText()).isEqualTo("placementgroup");
        assertThat(body.path("notificationRoles").get(0).asText()).isEqualTo("project_emailadmin");
        assertThat(Json.MAPPER.readTree(Json.write(java.util.Map.of("status", ConversationStatus.IN_PROGRESS)))
                .path("status").asText()).isEqualTo("inProgress");

        assertThatThrownBy(() -> CreateConversationRequest.of("t", "c").withNotificationRoles(List.of(NotificationRole.UNKNOWN)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
