package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conversation's life over HTTP: creation (audiences, relatedTo against the category's
 * reference types, notification roles, main user), reads by UUID and shortId, updates, the
 * status workflow and its timeline, lastMessage, staff notes, message edits, members,
 * customer preferences and categories. One demo server for the class.
 */
class ConversationLifecycleTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String member;
    static String projectMember;
    static String outsider;
    static String employee;
    static Map<String, String> categories = new HashMap<>();

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        member = server.user("customer-member").token();
        projectMember = server.user("project-member").token();
        outsider = server.user("outsider").token();
        employee = server.user("employee").token();
        for (JsonNode c : api.listCategories(null).assertStatus(200).json()) {
            categories.put(c.path("name").asText(), c.path("categoryId").asText());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- helpers ------------------------------------------------------------------------------

    static Map<String, Object> sharedWithCustomer() {
        return Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId());
    }

    static Map<String, Object> sharedWithProject() {
        return Map.of("aggregate", "project", "domain", "project", "id", server.demoProjectId());
    }

    static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> out = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    /** A conversation of the owner shared with Demo GmbH, in the general category. */
    static String customerConversation(String title) {
        return api.newConversation(owner, body("title", title, "categoryId", categories.get("general"),
                "sharedWith", sharedWithCustomer()));
    }

    static JsonNode timeline(String token, String id) {
        return api.listMessages(token, id).assertStatus(200).json();
    }

    static List<String> contents(JsonNode timeline) {
        List<String> out = new ArrayList<>();
        timeline.forEach(e -> out.add(e.path("messageContent").asText()));
        return out;
    }

    static JsonNode last(JsonNode timeline) {
        return timeline.get(timeline.size() - 1);
    }

    // ---- create -------------------------------------------------------------------------------


    @Test
    void withoutMessageContentStartsWithTheCreatedStatusUpdateOnly() {
        ApiResponse created = api.createConversation(owner, body("title", "  No message yet  ",
                "categoryId", categories.get("general")));
        created.assertStatus(201);
        String id = created.json().path("conversationId").asText();
        assertThat(UUID.fromString(id)).isNotNull();

        JsonNode c = api.getConversation(owner, id).assertStatus(200).json();
        assertThat(c.path("title").asText()).isEqualTo("No message yet");
        assertThat(c.path("status").asText()).isEqualTo("open");
        assertThat(c.path("visibility").asText()).isEqualTo("private");
        assertThat(c.path("createdBy").path("userId").asText()).isEqualTo(server.user("customer-owner").userId());
        assertThat(c.path("mainUser").path("userId").asText()).isEqualTo(server.user("customer-owner").userId());
        assertThat(c.path("category").path("name").asText()).isEqualTo("general");
        assertThat(c.has("lastMessage")).isFalse();
        assertThat(c.has("lastMessageAt")).isFalse();
        assertThat(c.has("sharedWith")).isFalse();

        JsonNode timeline = timeline(owner, id);
        assertThat(timeline).hasSize(1);
        assertThat(timeline.get(0).path("type").asText()).isEqualTo("STATUS_UPDATE");
        assertThat(timeline.get(0).path("messageContent").asText()).isEqualTo("CONVERSATION_CREATED");
        assertThat(timeline.get(0).path("meta").path("user").path("userId").asText())
                .isEqualTo(server.user("customer-owner").userId());
    }

    @Test
    void withMessageContentAddsTheFirstMessageAndSetsLastMessage() {
        String id = api.newConversation(owner, body("title", "With message", "messageContent", "Hello support"));
        JsonNode timeline = timeline(owner, id);
        assertThat(contents(timeline)).containsExactly("CONVERSATION_CREATED", "Hello support");
        JsonNode message = timeline.get(1);
        assertThat(message.path("type").asText()).isEqualTo("MESSAGE");
        assertThat(message.path("createdBy").path("userId").asText()).isEqualTo(server.user("customer-owner").userId());

        JsonNode c = api.getConversation(owner, id).assertStatus(200).json();
        assertThat(c.path("lastMessageAt").asText()).isEqualTo(message.path("createdAt").asText());
        assertThat(c.path("lastMessage").path("createdAt").asText()).isEqualTo(message.path("createdAt").asText());
        assertThat(c.path("lastMessageBy").path("userId").asText()).isEqualTo(server.user("customer-owner").userId());
    }

    @Test
    void sharedWithCustomerIsSeenByItsMembersOnly() {
        String id = customerConversation("Shared with the customer");
        JsonNode c = api.getConversation(member, id).assertStatus(200).json();
        assertThat(c.path("visibility").asText()).isEqualTo("shared");
        assertThat(c.path("sharedWith").path("aggregate").asText()).isEqualTo("customer");
        assertThat(c.path("sharedWith").path("id").asText()).isEqualTo(server.demoCustomerId());
        api.getConversation(projectMember, id).assertError(404, "NotFound");
        api.getConversation(outsider, id).assertError(404, "NotFound");
        api.getConversation(employee, id).assertStatus(200);
    }

    @Test
    void sharedWithProjectIsSeenByProjectMembersNotByOtherCustomerMembers() {
        String id = api.newConversation(owner, body("title", "Shared with the project",
                "categoryId", categories.get("project"), "sharedWith", sharedWithProject()));
        JsonNode c = api.getConversation(projectMember, id).assertStatus(200).json();
        assertThat(c.path("visibility").asText()).isEqualTo("shared");
        assertThat(c.path("sharedWith").path("aggregate").asText()).isEqualTo("project");
        // the project's customer appears among the relations
        assertThat(c.path("relations").findValuesAsText("id")).contains(server.demoProjectId(), server.demoCustomerId());
        api.getConversation(member, id).assertError(404, "NotFound");
        api.getConversation(outsider, id).assertError(404, "NotFound");
    }

    @Test
    void sharedWithUserIsPrivateAndSeenByThatUser() {
        String memberId = server.user("customer-member").userId();
        String id = api.newConversation(member, body("title", "Just for me",
                "sharedWith", Map.of("aggregate", "user", "domain", "user", "id", memberId)));
        JsonNode c = api.getConversation(member, id).assertStatus(200).json();
        assertThat(c.path("visibility").asText()).isEqualTo("private");
        assertThat(c.path("sharedWith").path("id").asText()).isEqualTo(memberId);
        api.getConversation(owner, id).assertError(404, "NotFound");
        api.getConversation(projectMember, id).assertError(404, "NotFound");
        // staff may open a private conversation for a customer's user
        String forMember = api.newConversation(server.user("employee").token(), body("title", "Just for Max",
                "sharedWith", Map.of("aggregate", "user", "domain", "user", "id", memberId), "mainUserId", memberId));
        api.getConversation(member, forMember).assertStatus(200);
        api.getConversation(owner, forMember).assertError(404, "NotFound");
    }

    @Test
    void sharingWithACustomerTheCallerDoesNotBelongToIsAValidationError() {
        ApiResponse r = api.createConversation(owner, body("title", "Not mine",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.outsiderCustomerId())));
        r.assertError(400, "ValidationError");
        assertThat(r.json().path("validationErrors").get(0).path("path").asText()).isEqualTo(".sharedWith.id");
    }

    @Test
    void relatedToFittingTheCategoryIsKept() {
        String id = api.newConversation(owner, body("title", "Shop is slow", "categoryId", categories.get("project"),
                "relatedTo", Map.of("aggregate", "project", "domain", "project", "id", server.demoProjectId())));
        JsonNode c = api.getConversation(owner, id).assertStatus(200).json();
        assertThat(c.path("relatedTo").path("aggregate").asText()).isEqualTo("project");
        assertThat(c.path("relatedTo").path("id").asText()).isEqualTo(server.demoProjectId());
        assertThat(c.path("relations").findValuesAsText("id")).contains(server.demoProjectId());
    }

    @Test
    void relatedToNotFittingTheCategoryIsAValidationError() {
        ApiResponse r = api.createConversation(owner, body("title", "Wrong reference", "categoryId", categories.get("project"),
                "relatedTo", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        r.assertError(400, "ValidationError");
        JsonNode error = r.json().path("validationErrors").get(0);
        assertThat(error.path("path").asText()).isEqualTo(".relatedTo.aggregate");
        assertThat(error.path("type").asText()).isEqualTo("referenceType");
    }

    @Test
    void relatedToSomethingTheCallerMayNotNameIsAValidationError() {
        ApiResponse r = api.createConversation(outsider, body("title", "Their project", "categoryId", categories.get("project"),
                "relatedTo", Map.of("aggregate", "project", "domain", "project", "id", server.demoProjectId())));
        r.assertError(400, "ValidationError");
        assertThat(r.json().path("validationErrors").get(0).path("path").asText()).isEqualTo(".relatedTo.id");
    }

    @Test
    void notificationRolesAreStoredOnceEach() {
        String id = api.newConversation(owner, body("title", "Notify", "sharedWith", sharedWithCustomer(),
                "notificationRoles", List.of("customer_owner", "customer_accountant", "customer_owner")));
        JsonNode c = api.getConversation(owner, id).assertStatus(200).json();
        List<String> roles = new ArrayList<>();
        c.path("notificationRoles").forEach(n -> roles.add(n.asText()));
        assertThat(roles).containsExactly("customer_owner", "customer_accountant");

        String without = api.newConversation(owner, body("title", "No roles"));
        assertThat(api.getConversation(owner, without).json().has("notificationRoles")).isFalse();
    }

    @Test
    void mainUserFromTheAudienceIsAccepted() {
        String memberId = server.user("customer-member").userId();
        String id = api.newConversation(owner, body("title", "For Max", "sharedWith", sharedWithCustomer(),
                "mainUserId", memberId));
        JsonNode c = api.getConversation(member, id).assertStatus(200).json();
        assertThat(c.path("mainUser").path("userId").asText()).isEqualTo(memberId);
        assertThat(c.path("createdBy").path("userId").asText()).isEqualTo(server.user("customer-owner").userId());
    }

    @Test
    void unknownMainUserIsAValidationError() {
        ApiResponse r = api.createConversation(owner, body("title", "Ghost", "mainUserId", UUID.randomUUID().toString()));
        r.assertError(400, "ValidationError");
        assertThat(r.json().path("validationErrors").get(0).path("path").asText()).isEqualTo(".mainUserId");
    }

    @Test
    void mainUserOutsideTheAudienceIsAValidationError() {
        // the project member is no member of Demo GmbH, so could not see a customer-shared conversation
        ApiResponse r = api.createConversation(owner, body("title", "Not in audience", "sharedWith", sharedWithCustomer(),
                "mainUserId", server.user("project-member").userId()));
        r.assertError(400, "ValidationError");
        assertThat(r.json().path("validationErrors").get(0).path("path").asText()).isEqualTo(".mainUserId");

        ApiResponse unshared = api.createConversation(owner, body("title", "Private, foreign main user",
                "mainUserId", server.user("outsider").userId()));
        unshared.assertError(400, "ValidationError");
    }

    @Test
    void unknownCategoryIsAValidationError() {
        ApiResponse r = api.createConversation(owner, body("title", "Unknown category", "categoryId", UUID.randomUUID().toString()));
        r.assertError(400, "ValidationError");
        assertThat(r.json().path("validationErrors").get(0).path("path").asText()).isEqualTo(".categoryId");
    }

    // ---- get ----------------------------------------------------------------------------------

    @Test
    void getByUuidAndByShortIdGiveTheSameConversation() {
        String id = customerConversation("Find me by short id");
        JsonNode byUuid = api.getConversation(owner, id).assertStatus(200).json();
        String shortId = byUuid.path("shortId").asText();
        assertThat(shortId).matches("[0-9A-Z]{4}-[0-9A-Z]{4}");
        JsonNode byShortId = api.getConversation(member, shortId).assertStatus(200).json();
        assertThat(byShortId.path("conversationId").asText()).isEqualTo(id);
        assertThat(byShortId.path("title").asText()).isEqualTo("Find me by short id");
        // the shortId works for the sub-resources too
        assertThat(contents(timeline(owner, shortId))).containsExactly("CONVERSATION_CREATED");
        api.createMessage(owner, shortId, Map.of("messageContent", "via short id")).assertStatus(201);
        assertThat(contents(timeline(owner, id))).containsExactly("CONVERSATION_CREATED", "via short id");
        // a shortId nobody has, and one the caller may not see
        api.getConversation(owner, "ZZZZ-ZZZZ").assertError(404, "NotFound");
        api.getConversation(outsider, shortId).assertError(404, "NotFound");
        api.getConversation(owner, UUID.randomUUID().toString()).assertError(404, "NotFound");
    }

    // ---- update -------------------------------------------------------------------------------

    @Test
    void updateChangesTitleCategoryAndRelatedTo() {
        String id = customerConversation("Old title");
        ApiResponse r = api.updateConversation(owner, id, Map.of("title", "New title"));
        r.assertStatus(200);
        assertThat(r.json().path("conversationId").asText()).isEqualTo(id);
        assertThat(api.getConversation(member, id).json().path("title").asText()).isEqualTo("New title");

        api.updateConversation(owner, id, Map.of("categoryId", categories.get("project"),
                "relatedTo", Map.of("aggregate", "project", "domain", "project", "id", server.demoProjectId())))
                .assertStatus(200);
        JsonNode c = api.getConversation(owner, id).json();
        assertThat(c.path("title").asText()).isEqualTo("New title");
        assertThat(c.path("category").path("name").asText()).isEqualTo("project");
        assertThat(c.path("relatedTo").path("id").asText()).isEqualTo(server.demoProjectId());

        // a category that does not fit the kept relatedTo is refused
        ApiResponse misfit = api.updateConversation(owner, id, Map.of("categoryId", categories.get("billing")));
        misfit.assertError(400, "ValidationError");
        assertThat(misfit.json().path("validationErrors").get(0).path("path").asText()).isEqualTo(".categoryId");
        // and a relatedTo that does not fit the category
        ApiResponse wrongRef = api.updateConversation(owner, id,
                Map.of("relatedTo", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        wrongRef.assertError(400, "ValidationError");
        assertThat(wrongRef.json().path("validationErrors").get(0).path("path").asText()).isEqualTo(".relatedTo.aggregate");
        assertThat(api.getConversation(owner, id).json().path("category").path("name").asText()).isEqualTo("project");
    }

    @Test
    void updateByTheMainUserAndByStaffIsAllowed() {
        String memberId = server.user("customer-member").userId();
        String id = api.newConversation(owner, body("title", "Main user edits", "sharedWith", sharedWithCustomer(),
                "mainUserId", memberId));
        api.updateConversation(member, id, Map.of("title", "Edited by the main user")).assertStatus(200);
        api.updateConversation(employee, id, Map.of("title", "Edited by staff")).assertStatus(200);
        assertThat(api.getConversation(owner, id).json().path("title").asText()).isEqualTo("Edited by staff");
    }

    @Test
    void updateByAMemberWhoIsNeitherCreatorNorMainUserIsForbidden() {
        String id = customerConversation("Owner's conversation");
        api.updateConversation(member, id, Map.of("title", "Hijacked")).assertError(403, "Forbidden");
        assertThat(api.getConversation(owner, id).json().path("title").asText()).isEqualTo("Owner's conversation");
        // someone who cannot see it learns nothing
        api.updateConversation(outsider, id, Map.of("title", "Hijacked")).assertError(404, "NotFound");
    }

    @Test
    void updateWithAnEmptyTitleIsAValidationError() {
        String id = customerConversation("Keep me");
        ApiResponse r = api.updateConversation(owner, id, Map.of("title", "   "));
        r.assertError(400, "ValidationError");
        assertThat(r.json().path("validationErrors").get(0).path("path").asText()).isEqualTo(".title");
    }

    // ---- status workflow ----------------------------------------------------------------------

    @Test
    void statusWorkflowAppendsOneStatusUpdatePerChangeWithItsUser() {
        String ownerId = server.user("customer-owner").userId();
        String employeeId = server.user("employee").userId();
        String id = customerConversation("Workflow");

        // closed by the customer
        api.setStatus(owner, id, "closed").assertStatus(200);
        assertThat(api.getConversation(member, id).json().path("status").asText()).isEqualTo("closed");
        JsonNode t = timeline(owner, id);
        assertThat(last(t).path("messageContent").asText()).isEqualTo("STATUS_CLOSED");
        assertThat(last(t).path("meta").path("user").path("userId").asText()).isEqualTo(ownerId);

        // a customer message reopens it
        api.createMessage(member, id, Map.of("messageContent", "Still broken")).assertStatus(201);
        assertThat(api.getConversation(owner, id).json().path("status").asText()).isEqualTo("open");
        t = timeline(owner, id);
        assertThat(last(t).path("messageContent").asText()).isEqualTo("STATUS_OPEN");
        assertThat(last(t).path("meta").path("user").path("userId").asText()).isEqualTo(server.user("customer-member").userId());

        // a staff message answers it
        api.createMessage(employee, id, Map.of("messageContent", "Looking into it")).assertStatus(201);
        assertThat(api.getConversation(owner, id).json().path("status").asText()).isEqualTo("answered");
        t = timeline(owner, id);
        assertThat(last(t).path("messageContent").asText()).isEqualTo("STATUS_ANSWERED");
        assertThat(last(t).path("meta").path("user").path("userId").asText()).isEqualTo(employeeId);

        // staff-only statuses
        api.setStatus(employee, id, "inProgress").assertStatus(200);
        assertThat(api.getConversation(owner, id).json().path("status").asText()).isEqualTo("inProgress");
        api.setStatus(employee, id, "waiting").assertStatus(200);
        assertThat(api.getConversation(owner, id).json().path("status").asText()).isEqualTo("waiting");
        api.setStatus(owner, id, "inProgress").assertError(403, "Forbidden");
        api.setStatus(member, id, "waiting").assertError(403, "Forbidden");
        assertThat(api.getConversation(owner, id).json().path("status").asText()).isEqualTo("waiting");

        // the same status twice adds no entry
        int before = timeline(owner, id).size();
        api.setStatus(employee, id, "waiting").assertStatus(200);
        assertThat(timeline(owner, id)).hasSize(before);

        // customer statuses by the customer
        api.setStatus(owner, id, "open").assertStatus(200);
        api.setStatus(owner, id, "closed").assertStatus(200);
        api.setStatus(owner, id, "closed").assertStatus(200);

        t = timeline(owner, id);
        assertThat(contents(t)).containsExactly("CONVERSATION_CREATED", "STATUS_CLOSED", "Still broken", "STATUS_OPEN",
                "Looking into it", "STATUS_ANSWERED", "STATUS_IN_PROGRESS", "STATUS_WAITING", "STATUS_OPEN", "STATUS_CLOSED");
        List<String> statusUsers = new ArrayList<>();
        for (JsonNode e : t) {
            if ("STATUS_UPDATE".equals(e.path("type").asText())) {
                assertThat(e.path("meta").path("user").path("userId").asText()).as("meta.user of %s", e).isNotEmpty();
                statusUsers.add(e.path("meta").path("user").path("userId").asText());
            }
        }
        assertThat(statusUsers).containsExactly(ownerId, ownerId, server.user("customer-member").userId(), employeeId,
                employeeId, employeeId, ownerId, ownerId);
    }

    @Test
    void statusOfAConversationTheCallerCannotSeeIs404() {
        String id = customerConversation("Hidden status");
        api.setStatus(outsider, id, "closed").assertError(404, "NotFound");
        assertThat(api.getConversation(owner, id).json().path("status").asText()).isEqualTo("open");
    }

    @Test
    void timelineIsInOrderOfEvents() {
        String id = customerConversation("Order");
        for (int i = 1; i <= 5; i++) {
            api.createMessage(i % 2 == 0 ? employee : owner, id, Map.of("messageContent", "m" + i)).assertStatus(201);
        }
        JsonNode t = timeline(owner, id);
        List<String> messages = new ArrayList<>();
        String previous = "";
        for (JsonNode e : t) {
            String at = e.path("createdAt").asText();
            assertThat(at).isGreaterThanOrEqualTo(previous);
            previous = at;
            assertThat(e.path("conversationId").asText()).isEqualTo(id);
            if ("MESSAGE".equals(e.path("type").asText())) {
                messages.add(e.path("messageContent").asText());
            }
        }
        assertThat(messages).containsExactly("m1", "m2", "m3", "m4", "m5");
        assertThat(contents(t)).containsExactly("CONVERSATION_CREATED", "m1", "m2", "STATUS_ANSWERED", "m3", "STATUS_OPEN",
                "m4", "STATUS_ANSWERED", "m5", "STATUS_OPEN");
    }

    @Test
    void lastMessageFollowsTheNewestMessage() {
        String id = customerConversation("Last message");
        api.createMessage(owner, id, Map.of("messageContent", "first")).assertStatus(201);
        api.createMessage(employee, id, Map.of("messageContent", "second")).assertStatus(201);
        JsonNode t = timeline(owner, id);
        JsonNode newest = null;
        for (JsonNode e : t) {
            if ("MESSAGE".equals(e.path("type").asText())) {
                newest = e;
            }
        }
        assertThat(newest.path("messageContent").asText()).isEqualTo("second");
        JsonNode c = api.getConversation(owner, id).json();
        assertThat(c.path("lastMessageAt").asText()).isEqualTo(newest.path("createdAt").asText());
        assertThat(c.path("lastMessage").path("createdAt").asText()).isEqualTo(newest.path("createdAt").asText());
        assertThat(c.path("lastMessageBy").path("userId").asText()).isEqualTo(server.user("employee").userId());
        assertThat(c.path("lastMessage").path("createdBy").path("userId").asText()).isEqualTo(server.user("employee").userId());

        // status changes and staff notes do not move it
        api.setStatus(owner, id, "closed").assertStatus(200);
        api.createMessage(employee, id, Map.of("messageContent", "note", "internal", true)).assertStatus(201);
        JsonNode after = api.getConversation(owner, id).json();
        assertThat(after.path("lastMessageAt").asText()).isEqualTo(c.path("lastMessageAt").asText());
        assertThat(after.path("lastMessageBy").path("userId").asText()).isEqualTo(server.user("employee").userId());

        // the list shows the same
        JsonNode listed = api.listConversations(owner, "fullTextSearch=" + after.path("shortId").asText())
                .assertStatus(200).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("lastMessageAt").asText()).isEqualTo(c.path("lastMessageAt").asText());
    }

    // ---- staff notes --------------------------------------------------------------------------

    @Test
    void staffNotesAreInvisibleToCustomers() {
        String id = customerConversation("Staff note");
        ApiResponse note = api.createMessage(employee, id, Map.of("messageContent", "customer is grumpy xylophonenote",
                "internal", true));
        note.assertStatus(201);
        String noteId = note.json().path("messageId").asText();

        JsonNode staffView = timeline(employee, id);
        assertThat(contents(staffView)).contains("customer is grumpy xylophonenote");
        JsonNode staffNote = last(staffView);
        assertThat(staffNote.path("internal").asBoolean()).isTrue();
        assertThat(contents(timeline(owner, id))).doesNotContain("customer is grumpy xylophonenote");
        assertThat(contents(timeline(member, id))).doesNotContain("customer is grumpy xylophonenote");
        // a note is no staff answer: the status stays open
        assertThat(api.getConversation(owner, id).json().path("status").asText()).isEqualTo("open");
        // the members list does not reveal the staff author of a note
        assertThat(api.members(owner, id).assertStatus(200).json().findValuesAsText("userId"))
                .doesNotContain(server.user("employee").userId());
        // search does not find it for customers
        assertThat(api.listConversations(owner, "fullTextSearch=xylophonenote").assertStatus(200).json()).isEmpty();
        assertThat(api.listConversations(employee, "fullTextSearch=xylophonenote").assertStatus(200).json()
                .findValuesAsText("conversationId")).containsExactly(id);
        // nor can a customer touch it
        api.updateMessage(owner, id, noteId, Map.of("messageContent", "x")).assertError(404, "NotFound");
    }

    @Test
    void customersMayNotWriteStaffNotes() {
        String id = customerConversation("No notes for customers");
        api.createMessage(owner, id, Map.of("messageContent", "secret", "internal", true)).assertError(403, "Forbidden");
        assertThat(contents(timeline(employee, id))).containsExactly("CONVERSATION_CREATED");
        // internal:false is a plain message
        api.createMessage(owner, id, Map.of("messageContent", "plain", "internal", false)).assertStatus(201);
        assertThat(last(timeline(member, id)).path("internal").asBoolean()).isFalse();
    }

    // ---- update message -----------------------------------------------------------------------

    @Test
    void theAuthorMayEditAMessage() {
        String id = customerConversation("Edit");
        String messageId = api.createMessage(owner, id, Map.of("messageContent", "tpyo")).assertStatus(201)
                .json().path("messageId").asText();
        ApiResponse r = api.updateMessage(owner, id, messageId, Map.of("messageContent", "typo fixed"));
        r.assertStatus(200);
        assertThat(r.json().path("messageId").asText()).isEqualTo(messageId);
        JsonNode edited = last(timeline(member, id));
        assertThat(edited.path("messageId").asText()).isEqualTo(messageId);
        assertThat(edited.path("messageContent").asText()).isEqualTo("typo fixed");
        // search sees the new text, not the old
        String shortId = api.getConversation(owner, id).json().path("shortId").asText();
        assertThat(api.listConversations(owner, "fullTextSearch=tpyo").json().findValuesAsText("shortId")).doesNotContain(shortId);
    }

    @Test
    void editingSomeoneElsesMessageIsForbidden() {
        String id = customerConversation("Not yours");
        String messageId = api.createMessage(owner, id, Map.of("messageContent", "mine")).assertStatus(201)
                .json().path("messageId").asText();
        api.updateMessage(member, id, messageId, Map.of("messageContent", "yours now")).assertError(403, "Forbidden");
        api.updateMessage(employee, id, messageId, Map.of("messageContent", "staff edit")).assertError(403, "Forbidden");
        assertThat(last(timeline(owner, id)).path("messageContent").asText()).isEqualTo("mine");
    }

    @Test
    void statusUpdatesCannotBeEdited() {
        String id = customerConversation("Status is not a message");
        String created = timeline(owner, id).get(0).path("messageId").asText();
        api.updateMessage(owner, id, created, Map.of("messageContent", "rewritten")).assertError(403, "Forbidden");
        assertThat(timeline(owner, id).get(0).path("messageContent").asText()).isEqualTo("CONVERSATION_CREATED");
    }

    @Test
    void editingAnUnknownMessageIs404() {
        String id = customerConversation("No such message");
        api.updateMessage(owner, id, UUID.randomUUID().toString(), Map.of("messageContent", "x")).assertError(404, "NotFound");
        // a message of another conversation is unknown here
        String other = customerConversation("Other");
        String messageId = api.createMessage(owner, other, Map.of("messageContent", "elsewhere")).assertStatus(201)
                .json().path("messageId").asText();
        api.updateMessage(owner, id, messageId, Map.of("messageContent", "x")).assertError(404, "NotFound");
    }

    // ---- members ------------------------------------------------------------------------------

    @Test
    void membersAreTheAudienceAndTheStaffWhoWrote() {
        String id = customerConversation("Members");
        List<String> before = api.members(member, id).assertStatus(200).json().findValuesAsText("userId");
        assertThat(before).containsExactlyInAnyOrder(server.user("customer-owner").userId(),
                server.user("customer-member").userId());
        api.createMessage(employee, id, Map.of("messageContent", "hello from support")).assertStatus(201);
        JsonNode after = api.members(owner, id).assertStatus(200).json();
        assertThat(after.findValuesAsText("userId")).containsExactlyInAnyOrder(server.user("customer-owner").userId(),
                server.user("customer-member").userId(), server.user("employee").userId());
        for (JsonNode m : after) {
            assertThat(m.path("active").asBoolean()).isTrue();
            assertThat(m.path("clearName").asText()).isNotBlank();
        }
        api.members(outsider, id).assertError(404, "NotFound");
        api.members(projectMember, id).assertError(404, "NotFound");
    }

    // ---- customer preferences -----------------------------------------------------------------

    @Test
    void customerPreferencesAreShownToMembersAndStaffOnly() {
        JsonNode p = api.preferences(member, server.demoCustomerId()).assertStatus(200).json();
        assertThat(p.path("customerId").asText()).isEqualTo(server.demoCustomerId());
        assertThat(p.path("preferredUsers").isObject()).isTrue();
        api.preferences(employee, server.demoCustomerId()).assertStatus(200);
        api.preferences(outsider, server.demoCustomerId()).assertError(404, "NotFound");
        api.preferences(projectMember, server.demoCustomerId()).assertError(404, "NotFound");
        api.preferences(employee, UUID.randomUUID().toString()).assertError(404, "NotFound");
        api.preferences(owner, UUID.randomUUID().toString()).assertError(404, "NotFound");
    }

    // ---- categories ---------------------------------------------------------------------------

    @Test
    void categoriesArePublic() {
        JsonNode list = api.listCategories(null).assertStatus(200).json();
        assertThat(list.findValuesAsText("name")).contains("general", "project", "server", "organisation", "extension", "billing");
        JsonNode first = list.get(0);
        JsonNode one = api.getCategory(null, first.path("categoryId").asText()).assertStatus(200).json();
        assertThat(one).isEqualTo(first);
        // with a token too
        assertThat(api.listCategories(owner).assertStatus(200).json()).isEqualTo(list);
        JsonNode project = api.getCategory(owner, categories.get("project")).assertStatus(200).json();
        assertThat(project.path("referenceType").get(0).asText()).isEqualTo("project");
    }

    @Test
    void unknownCategoryIs404AndAMalformedIdIs400() {
        api.getCategory(null, UUID.randomUUID().toString()).assertError(404, "NotFound");
        ApiResponse r = api.getCategory(null, "general");
        r.assertError(400, "ValidationError");
        JsonNode error = r.json().path("validationErrors").get(0);
        assertThat(error.path("path").asText()).isEqualTo(".categoryId");
        assertThat(error.path("type").asText()).isEqualTo("format");
    }
}
