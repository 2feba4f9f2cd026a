package dev.parley.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.Parley;
import dev.parley.api.Json;
import dev.parley.testing.ApiClient;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --demo} in an empty store writes exactly the documented credentials file
 * ({@code <data-dir>/demo-credentials.json}), and a restart on the same data keeps file and tokens.
 */
class DemoDirectoryTest {

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertUuid(JsonNode node) {
        assertThat(node.isTextual()).as("a string: " + node).isTrue();
        assertThat(UUID.fromString(node.asText()).toString()).isEqualTo(node.asText());
    }

    @Test
    void credentialsFileHasTheDocumentedShapeAndSurvivesARestart() throws IOException {
        try (TestServer server = TestServer.startDemo()) {
            Path file = server.dataDir().resolve(Parley.DEMO_CREDENTIALS);
            assertThat(file).exists();
            byte[] written = Files.readAllBytes(file);
            JsonNode doc = Json.MAPPER.readTree(written);
            assertThat(doc).isEqualTo(server.credentials());

            assertThat(fieldNames(doc)).containsExactlyInAnyOrder("customers", "projects", "users");

            JsonNode customers = doc.get("customers");
            assertThat(customers.size()).isEqualTo(2);
            for (JsonNode c : customers) {
                assertThat(fieldNames(c)).containsExactlyInAnyOrder("customerId", "name");
                assertUuid(c.get("customerId"));
            }
            assertThat(customers.get(0).path("name").asText()).isEqualTo("Demo GmbH");
            assertThat(customers.get(1).path("name").asText()).isNotBlank().isNotEqualTo("Demo GmbH");
            String demoCustomer = customers.get(0).path("customerId").asText();
            String otherCustomer = customers.get(1).path("customerId").asText();
            assertThat(otherCustomer).isNotEqualTo(demoCustomer);

            JsonNode projects = doc.get("projects");
            assertThat(projects.size()).isGreaterThanOrEqualTo(1);
            for (JsonNode p : projects) {
                assertThat(fieldNames(p)).containsExactlyInAnyOrder("projectId", "customerId", "name");
                assertUuid(p.get("projectId"));
                assertUuid(p.get("customerId"));
                assertThat(p.path("name").asText()).isNotBlank();
            }
            assertThat(projects.get(0).path("customerId").asText()).isEqualTo(demoCustomer);

            JsonNode users = doc.get("users");
            List<String> roles = new ArrayList<>();
            Set<String> tokens = new HashSet<>();
            Set<String> userIds = new HashSet<>();
            Set<String> passwords = new HashSet<>();
            for (JsonNode u : users) {
                assertThat(fieldNames(u)).containsExactlyInAnyOrder("role", "userId", "clearName", "isEmployee", "token", "email", "password");
                assertUuid(u.get("userId"));
                assertThat(u.path("clearName").asText()).isNotBlank();
                assertThat(u.get("isEmployee").isBoolean()).isTrue();
                assertThat(u.get("isEmployee").asBoolean()).as(u.toString())
                        .isEqualTo("employee".equals(u.path("role").asText()));
                assertThat(u.path("token").asText()).isNotBlank();
                roles.add(u.path("role").asText());
                tokens.add(u.path("token").asText());
                userIds.add(u.path("userId").asText());
                passwords.add(u.path("password").asText());
            }
            // one demo password for all five (SignInTest signs each of them in with it)
            assertThat(passwords).hasSize(1);
            assertThat(passwords.iterator().next()).hasSizeGreaterThanOrEqualTo(dev.parley.account.Passwords.MIN_LENGTH);
            assertThat(roles).containsExactly("customer-owner", "customer-member", "project-member", "outsider", "employee");
            assertThat(tokens).hasSize(5);
            assertThat(userIds).hasSize(5);

            ApiClient api = server.client();
            assertTokensWork(server, api);

            // the memberships the roles promise
            api.preferences(server.user("customer-owner").token(), demoCustomer).assertStatus(200);
            api.preferences(server.user("customer-member").token(), demoCustomer).assertStatus(200);
            api.preferences(server.user("project-member").token(), demoCustomer).assertError(404, "NotFound");
            api.preferences(server.user("outsider").token(), demoCustomer).assertError(404, "NotFound");
            api.preferences(server.user("outsider").token(), otherCustomer).assertStatus(200);
            api.preferences(server.user("employee").token(), otherCustomer).assertStatus(200);
            Map<String, Object> inProject = Map.of("title", "in the project", "sharedWith",
                    Map.of("aggregate", "project", "domain", "project", "id", server.demoProjectId()));
            api.createConversation(server.user("project-member").token(), inProject).assertStatus(201);
            api.createConversation(server.user("customer-owner").token(), inProject).assertStatus(201);
            api.createConversation(server.user("customer-member").token(), inProject).assertError(400, "ValidationError");

            String conversation = api.newConversation(server.user("customer-owner").token(), Map.of("title", "kept"));

            server.restart();
            assertThat(Files.readAllBytes(file)).as("the credentials file is unchanged").isEqualTo(written);
            assertThat(server.credentials()).isEqualTo(doc);
            ApiClient again = server.client();
            assertTokensWork(server, again);
            again.getConversation(server.user("customer-owner").token(), conversation).assertStatus(200);
        }
    }

    private static void assertTokensWork(TestServer server, ApiClient api) {
        for (JsonNode u : server.credentials().path("users")) {
            String token = u.path("token").asText();
            String id = api.newConversation(token, Map.of("title", "Hello from " + u.path("role").asText()));
            JsonNode c = api.getConversation(token, id).assertStatus(200).json();
            assertThat(c.path("createdBy").path("userId").asText()).isEqualTo(u.path("userId").asText());
            assertThat(c.path("createdBy").path("clearName").asText()).isEqualTo(u.path("clearName").asText());
            assertThat(c.path("createdBy").path("isEmployee").asBoolean()).isEqualTo(u.path("isEmployee").asBoolean());
        }
    }
}
