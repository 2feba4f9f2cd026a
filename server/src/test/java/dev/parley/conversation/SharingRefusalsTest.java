package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whom a conversation may be shared with ({@code sharedWith}), given to ({@code mainUserId}) and
 * related to ({@code relatedTo}). A customer may share only with itself and the customers,
 * projects and placement groups it belongs to; in {@code relatedTo} and as main user it may also
 * name its colleagues (users it shares a customer or project with) and employees; employees may
 * name anything that exists. Everything else is refused with a 400
 * {@code ValidationError} that is byte for byte the answer for an id that never existed, so that
 * no request tells whether someone else's id exists, and nothing is created.
 *
 * <p>Ids tried, as each of the four non-staff demo roles: another customer's user, a deactivated
 * user (of another customer, and of the caller's own customer), a user of the caller's customer's
 * project who shares nothing with the caller, another customer, a customer whose project the
 * caller is in, projects and placement groups of another customer, each compared with a random
 * UUID; colleagues and employees as a private {@code sharedWith} user; in {@code sharedWith} (each aggregate), in {@code mainUserId} (with and without
 * {@code sharedWith}), in {@code relatedTo} on create and on update. What stays allowed: oneself,
 * one's own audiences, colleagues and employees where they may be named; employees may share with any user and get a
 * helpful error for an unknown one.
 */
class SharingRefusalsTest {
    static TestServer server;
    static ApiClient api;
    static String ownerId;
    static String memberId;
    static String projectMemberId;
    static String outsiderId;
    static String employeeId;
    /** A deactivated member of Outsider AG, and one of Demo GmbH. */
    static String foreignDeactivated;
    static String colleagueDeactivated;
    static String demoGroup;
    static String otherGroup;
    static String otherProject;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        ownerId = server.user("customer-owner").userId();
        memberId = server.user("customer-member").userId();
        projectMemberId = server.user("project-member").userId();
        outsiderId = server.user("outsider").userId();
        employeeId = server.user("employee").userId();
        foreignDeactivated = admin("user", "create", "--name", "Former Outsider");
        admin("customer", "add-member", "--customer", server.outsiderCustomerId(), "--user", foreignDeactivated);
        admin("user", "deactivate", foreignDeactivated);
        colleagueDeactivated = admin("user", "create", "--name", "Former Colleague");
        admin("customer", "add-member", "--customer", server.demoCustomerId(), "--user", colleagueDeactivated);
        admin("user", "deactivate", colleagueDeactivated);
        demoGroup = admin("customer", "add-placement-group", "--customer", server.demoCustomerId(), "--name", "demo-srv");
        otherGroup = admin("customer", "add-placement-group", "--customer", server.outsiderCustomerId(), "--name", "other-srv");
        otherProject = admin("project", "create", "--customer", server.outsiderCustomerId(), "--name", "Outsider Shop");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String admin(String... args) {
        List<String> argv = new ArrayList<>(List.of("admin"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--database-url", server.databaseUrl()));
        dev.parley.testing.CliCapture.Result r = dev.parley.testing.CliCapture.run(argv);
        assertThat(r.exitCode()).as(argv + ": " + r.err()).isZero();
        return r.out().strip();
    }

    static Map<String, Object> ref(String aggregate, String id) {
        String domain = aggregate.equals("placementgroup") ? "project" : aggregate;
        return Map.of("domain", domain, "aggregate", aggregate, "id", id);
    }

    static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", "Naming others");
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    static String token(String role) {
        return server.user(role).token();
    }

    /** What each non-staff role may not name, per aggregate (beside random UUIDs). */
    static Map<String, List<String>> foreign(String role) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        String demo = server.demoCustomerId();
        String other = server.outsiderCustomerId();
        String demoProject = server.demoProjectId();
        switch (role) {
            case "customer-owner" -> {
                ids.put("user", List.of(outsiderId, foreignDeactivated, colleagueDeactivated));
                ids.put("customer", List.of(other));
                ids.put("project", List.of(otherProject));
                ids.put("placementgroup", List.of(otherGroup));
            }
            case "customer-member" -> {
                // the project member shares no customer and no project with a customer member outside the project
                ids.put("user", List.of(outsiderId, foreignDeactivated, colleagueDeactivated, projectMemberId));
                ids.put("customer", List.of(other));
                ids.put("project", List.of(otherProject, demoProject));
                ids.put("placementgroup", List.of(otherGroup));
            }
            case "project-member" -> {
                ids.put("user", List.of(outsiderId, foreignDeactivated, colleagueDeactivated, memberId));
                ids.put("customer", List.of(other, demo));
                ids.put("project", List.of(otherProject));
                ids.put("placementgroup", List.of(otherGroup, demoGroup));
            }
            case "outsider" -> {
                ids.put("user", List.of(ownerId, memberId, projectMemberId, colleagueDeactivated, foreignDeactivated));
                ids.put("customer", List.of(demo));
                ids.put("project", List.of(demoProject));
                ids.put("placementgroup", List.of(demoGroup));
            }
            default -> throw new IllegalArgumentException(role);
        }
        return ids;
    }

    static final List<String> CUSTOMERS = List.of("customer-owner", "customer-member", "project-member", "outsider");

    /** A refused create: 400, the same bytes as for a random UUID, and nothing created. */
    private static void assertRefusedLikeNonexistent(String what, String token, Map<String, Object> refused,
                                                     Map<String, Object> nonexistent) {
        ApiResponse ghost = api.createConversation(token, nonexistent);
        ghost.assertError(400, "ValidationError");
        ApiResponse r = api.createConversation(token, refused);
        assertThat(r.status()).as(what + ": " + r.text()).isEqualTo(400);
        assertThat(r.text()).as(what).isEqualTo(ghost.text());
        assertThat(r.header("Content-Type")).as(what).isEqualTo(ghost.header("Content-Type"));
        assertThat(r.text()).as(what + ": the answer does not echo the id").doesNotContain(idIn(refused));
    }

    private static String idIn(Map<String, Object> body) {
        if (body.get("mainUserId") instanceof String main) {
            return main;
        }
        Object ref = body.containsKey("sharedWith") ? body.get("sharedWith") : body.get("relatedTo");
        return (String) ((Map<?, ?>) ref).get("id");
    }

    private static long total(String token) {
        return Long.parseLong(api.listConversations(token, "limit=1").assertStatus(200).header("X-Pagination-TotalCount"));
    }

    @Test
    void sharingWithAnAudienceOneDoesNotBelongToIsRefusedAsIfItDidNotExist() {
        long victimsBefore = total(token("outsider")) + total(token("customer-owner")) + total(token("customer-member"))
                + total(token("project-member"));
        for (String role : CUSTOMERS) {
            foreign(role).forEach((aggregate, ids) -> {
                Map<String, Object> ghost = body("sharedWith", ref(aggregate, UUID.randomUUID().toString()));
                for (String id : ids) {
                    assertRefusedLikeNonexistent(role + " shares with " + aggregate + " " + id, token(role),
                            body("sharedWith", ref(aggregate, id)), ghost);
                }
            });
            // a user audience is a private conversation of one's own: colleagues and employees are
            // someone else's list too
            Map<String, Object> ghostUser = body("sharedWith", ref("user", UUID.randomUUID().toString()));
            for (String other : List.of(ownerId, memberId, projectMemberId, outsiderId, employeeId)) {
                if (!other.equals(server.user(role).userId())) {
                    assertRefusedLikeNonexistent(role + " shares privately with " + other, token(role),
                            body("sharedWith", ref("user", other)), ghostUser);
                }
            }
            // a foreign user as sharedWith and as main user
            String victim = foreign(role).get("user").get(0);
            String ghostId = UUID.randomUUID().toString();
            assertRefusedLikeNonexistent(role + " shares with and hands to " + victim, token(role),
                    body("sharedWith", ref("user", victim), "mainUserId", victim),
                    body("sharedWith", ref("user", ghostId), "mainUserId", ghostId));
        }
        long victimsAfter = total(token("outsider")) + total(token("customer-owner")) + total(token("customer-member"))
                + total(token("project-member"));
        assertThat(victimsAfter).as("no refused request created a conversation").isEqualTo(victimsBefore);
    }

    @Test
    void aMainUserOutsideTheAudienceIsRefusedAsIfItDidNotExist() {
        Map<String, Object> demo = ref("customer", server.demoCustomerId());
        // with sharedWith: the audience's members (or oneself, or staff) only
        Map<String, List<String>> notInAudience = new LinkedHashMap<>();
        notInAudience.put("customer-owner", List.of(outsiderId, foreignDeactivated, colleagueDeactivated, projectMemberId));
        notInAudience.put("customer-member", List.of(outsiderId, colleagueDeactivated, projectMemberId));
        notInAudience.forEach((role, ids) -> {
            Map<String, Object> ghost = body("sharedWith", demo, "mainUserId", UUID.randomUUID().toString());
            for (String id : ids) {
                assertRefusedLikeNonexistent(role + " hands a customer conversation to " + id, token(role),
                        body("sharedWith", demo, "mainUserId", id), ghost);
            }
        });
        // without sharedWith the conversation is private: only oneself or staff
        for (String role : CUSTOMERS) {
            Map<String, Object> ghost = body("mainUserId", UUID.randomUUID().toString());
            List<String> others = new ArrayList<>(List.of(ownerId, memberId, projectMemberId, outsiderId, foreignDeactivated));
            others.remove(server.user(role).userId());
            for (String id : others) {
                assertRefusedLikeNonexistent(role + " hands a private conversation to " + id, token(role),
                        body("mainUserId", id), ghost);
            }
        }
        // with a project: its members
        Map<String, Object> project = ref("project", server.demoProjectId());
        assertRefusedLikeNonexistent("owner hands a project conversation to a customer member outside it",
                token("customer-owner"), body("sharedWith", project, "mainUserId", memberId),
                body("sharedWith", project, "mainUserId", UUID.randomUUID().toString()));
    }

    @Test
    void relatingToWhatOneMayNotNameIsRefusedAsIfItDidNotExist() {
        String mine = api.newConversation(token("customer-owner"), body());
        for (String role : CUSTOMERS) {
            String target = api.newConversation(token(role), body());
            foreign(role).forEach((aggregate, ids) -> {
                Map<String, Object> ghost = body("relatedTo", ref(aggregate, UUID.randomUUID().toString()));
                ApiResponse ghostUpdate = api.updateConversation(token(role), target,
                        Map.of("relatedTo", ref(aggregate, UUID.randomUUID().toString())));
                ghostUpdate.assertError(400, "ValidationError");
                for (String id : ids) {
                    if (role.equals("customer-member") && id.equals(server.demoProjectId())) {
                        continue; // a customer's member may refer to its customer's projects (not share with them)
                    }
                    assertRefusedLikeNonexistent(role + " relates to " + aggregate + " " + id, token(role),
                            body("relatedTo", ref(aggregate, id)), ghost);
                    ApiResponse update = api.updateConversation(token(role), target, Map.of("relatedTo", ref(aggregate, id)));
                    assertThat(update.text()).as(role + " updates relatedTo to " + aggregate + " " + id)
                            .isEqualTo(ghostUpdate.text());
                }
            });
        }
        assertThat(api.getConversation(token("customer-owner"), mine).json().has("relatedTo")).isFalse();
    }

    @Test
    void oneselfOnesOwnAudiencesColleaguesAndEmployeesMayBeNamedWhereAllowed() {
        String owner = token("customer-owner");
        // a private conversation of one's own
        String own = api.newConversation(owner, body("sharedWith", ref("user", ownerId), "mainUserId", ownerId));
        JsonNode c = api.getConversation(owner, own).assertStatus(200).json();
        assertThat(c.path("visibility").asText()).isEqualTo("private");
        api.getConversation(token("customer-member"), own).assertError(404, "NotFound");
        // related users: oneself, a colleague of the customer, a colleague of the project, an employee
        for (String user : List.of(ownerId, memberId, projectMemberId, employeeId)) {
            api.newConversation(owner, body("relatedTo", ref("user", user)));
        }
        // an employee as main user of a private conversation (staff see it anyway)
        api.newConversation(token("outsider"), body("sharedWith", ref("user", outsiderId), "mainUserId", employeeId));
        // audiences one belongs to, with a main user from them
        api.newConversation(owner, body("sharedWith", ref("customer", server.demoCustomerId()), "mainUserId", memberId));
        api.newConversation(owner, body("sharedWith", ref("project", server.demoProjectId()), "mainUserId", projectMemberId));
        String inGroup = api.newConversation(token("customer-member"), body("sharedWith", ref("placementgroup", demoGroup),
                "mainUserId", ownerId, "relatedTo", ref("placementgroup", demoGroup)));
        api.getConversation(owner, inGroup).assertStatus(200);
        api.newConversation(token("outsider"), body("sharedWith", ref("placementgroup", otherGroup),
                "relatedTo", ref("project", otherProject)));
    }

    @Test
    void employeesMayShareWithAnyUserAndAreToldWhenItDoesNotExist() {
        String employee = token("employee");
        String id = api.newConversation(employee, body("sharedWith", ref("user", outsiderId), "mainUserId", outsiderId));
        api.getConversation(token("outsider"), id).assertStatus(200);
        api.newConversation(employee, body("sharedWith", ref("customer", server.outsiderCustomerId())));
        api.newConversation(employee, body("sharedWith", ref("placementgroup", otherGroup), "relatedTo", ref("user", memberId)));

        String ghost = UUID.randomUUID().toString();
        for (String aggregate : List.of("user", "customer", "project", "placementgroup")) {
            JsonNode e = api.createConversation(employee, body("sharedWith", ref(aggregate, ghost)))
                    .assertError(400, "ValidationError").json().path("validationErrors").get(0);
            assertThat(e.path("path").asText()).isEqualTo(".sharedWith.id");
            assertThat(e.path("message").asText()).contains("no " + aggregate.replace("placementgroup", "placement group"));
            assertThat(e.path("context").path("id").asText()).isEqualTo(ghost);
        }
        JsonNode e = api.createConversation(employee, body("mainUserId", ghost)).assertError(400, "ValidationError")
                .json().path("validationErrors").get(0);
        assertThat(e.path("path").asText()).isEqualTo(".mainUserId");
        assertThat(e.path("context").path("id").asText()).isEqualTo(ghost);
        // a deactivated user cannot become main user, not even through staff
        api.createConversation(employee, body("mainUserId", foreignDeactivated)).assertError(400, "ValidationError");
    }
}
