package dev.parley.identity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import org.jdbi.v3.core.Handle;

/**
 * The demo directory for {@code parley serve --demo}: Demo GmbH with an owner and a member, a
 * project of Demo GmbH with a project member who is no customer member, an outsider owning
 * another customer, and one employee; each with an API token. Returns the credentials document
 * written to {@code demo-credentials.json}.
 */
public final class DemoDirectory {
    private DemoDirectory() {
    }

    public static ObjectNode create(Handle h) {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        ArrayNode customers = doc.putArray("customers");
        ArrayNode projects = doc.putArray("projects");
        ArrayNode users = doc.putArray("users");

        String demo = IdentityRepository.createCustomer(h, "Demo GmbH");
        String other = IdentityRepository.createCustomer(h, "Outsider AG");
        customers.addObject().put("customerId", demo).put("name", "Demo GmbH");
        customers.addObject().put("customerId", other).put("name", "Outsider AG");

        String project = IdentityRepository.createProject(h, demo, "Demo Shop");
        projects.addObject().put("projectId", project).put("customerId", demo).put("name", "Demo Shop");

        String owner = user(h, users, "customer-owner", "Olivia Owner", false);
        IdentityRepository.addCustomerMember(h, demo, owner, "owner");
        IdentityRepository.addProjectMember(h, project, owner, "owner");
        String member = user(h, users, "customer-member", "Max Member", false);
        IdentityRepository.addCustomerMember(h, demo, member, "member");
        String projectMember = user(h, users, "project-member", "Pia Project", false);
        IdentityRepository.addProjectMember(h, project, projectMember, "external");
        String outsider = user(h, users, "outsider", "Oscar Outsider", false);
        IdentityRepository.addCustomerMember(h, other, outsider, "owner");
        user(h, users, "employee", "Erik Employee", true);
        return doc;
    }

    private static String user(Handle h, ArrayNode users, String role, String name, boolean employee) {
        String id = IdentityRepository.createUser(h, name, null, employee);
        String token = IdentityRepository.createToken(h, id, "demo token (" + role + ")", null);
        users.addObject().put("role", role).put("userId", id).put("clearName", name)
                .put("isEmployee", employee).put("token", token);
        return id;
    }
}
