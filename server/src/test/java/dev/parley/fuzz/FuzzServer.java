package dev.parley.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.TestServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One demo Parley per fuzz class (jqwik's {@code @BeforeContainer} / {@code @AfterContainer}),
 * the customer owner as the calling user, and the {@link ContractArbitraries.Fixtures} naming
 * what exists on it.
 */
final class FuzzServer implements AutoCloseable {
    final TestServer server;
    final ApiClient api;
    final String owner;
    final String ownerId;
    final String employee;
    final String employeeId;
    /** Categories whose referenceType is {@code unspecified}: any relatedTo fits them. */
    final List<String> openCategories = new ArrayList<>();

    FuzzServer() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        ownerId = server.user("customer-owner").userId();
        employee = server.user("employee").token();
        employeeId = server.user("employee").userId();
        for (JsonNode c : api.listCategories(owner).assertStatus(200).json()) {
            for (JsonNode type : c.path("referenceType")) {
                if ("unspecified".equals(type.asText())) {
                    openCategories.add(c.path("categoryId").asText());
                }
            }
        }
        assertThat(openCategories).as("demo categories taking any relatedTo").isNotEmpty();
    }

    /** What the customer owner may name in a request. */
    ContractArbitraries.Fixtures fixtures() {
        List<String> placementGroups = new ArrayList<>();
        server.credentials().path("placementGroups").forEach(p -> placementGroups.add(p.path("placementGroupId").asText()));
        String random = "7f6f6b3e-3c1a-4c55-9a55-0c0ffee00000";
        Map<String, List<String>> ids = Map.of(
                // a user in sharedWith is a private conversation of one's own (relatedTo would take colleagues too)
                "user", List.of(ownerId),
                "customer", List.of(server.demoCustomerId()),
                "project", List.of(server.demoProjectId()),
                "placementgroup", placementGroups,
                // outside Parley: any id is taken
                "appinstallation", List.of(random),
                "extensionInstance", List.of(random),
                "container", List.of(random));
        Map<String, Arbitrary<Optional<JsonNode>>> byPath = Map.of(
                ".categoryId", Arbitraries.of(openCategories).map(id -> (JsonNode) JsonNodeFactory.instance.textNode(id)).optional(0.5),
                ".mainUserId", Arbitraries.of(ownerId, employeeId).map(id -> (JsonNode) JsonNodeFactory.instance.textNode(id)).optional(0.3),
                // attaching files is FileFuzzTest's business
                ".fileIds", Arbitraries.just(Optional.empty()));
        return new ContractArbitraries.Fixtures(ids, byPath);
    }

    String newConversation() {
        return api.newConversation(owner, Map.of("title", "fuzz target", "messageContent", "first"));
    }

    /** The messages (entries of type MESSAGE) of a conversation as the owner sees them. */
    List<JsonNode> messages(String conversationId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : api.listMessages(owner, conversationId).assertStatus(200).json()) {
            if ("MESSAGE".equals(e.path("type").asText())) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * An error in the contract's shape: JSON with {@code type} and {@code message}, and for 400 a
     * {@code validationErrors} array (ApiClient has already checked it against the operation's schema
     * when sent with send()).
     */
    static void assertErrorShape(ApiResponse r) {
        assertThat(r.status()).as("%s: never a server error: %s", r.request(), r.text()).isLessThan(500);
        assertThat(r.status()).as("%s: an error: %s", r.request(), r.text()).isGreaterThanOrEqualTo(400);
        assertThat(r.header("Content-Type")).as(r.request()).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.path("type").isTextual()).as("%s: type in %s", r.request(), r.text()).isTrue();
        assertThat(body.path("message").isTextual()).as("%s: message in %s", r.request(), r.text()).isTrue();
        if (r.status() == 400) {
            assertThat(body.path("type").asText()).isEqualTo("ValidationError");
            assertThat(body.path("validationErrors").isArray()).as("%s: validationErrors in %s", r.request(), r.text()).isTrue();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
