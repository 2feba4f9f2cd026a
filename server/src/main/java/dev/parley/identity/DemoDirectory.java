package dev.parley.identity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import org.jdbi.v3.core.Handle;

/**
 * The demo directory for {@code parley serve --demo}: Demo GmbH with an owner and a member, a
 * project of Demo GmbH with a project member who is no customer member, an outsider owning
 * another customer, and one employee; each with an API token, and an e-mail
 * ({@code <role>@demo.example.com}) and the demo password (one for all of them) to sign in to
 * the web desk with. Returns the credentials document written to {@code demo-credentials.json}.
 */
public final class DemoDirectory {
    private DemoDirectory() {
    }

    /** The demo users' roles; each gets the e-mail {@code <role>@demo.example.com}. */
    public static final java.util.List<String> ROLES =
            java.util.List.of("customer-owner", "customer-member", "project-member", "outsider", "employee");

    /** A demo user's password and its hash, made before the transaction (hashing takes a while). */
    public record Password(String plain, String hash) {
    }

    public static String email(String role) {
        return role + "@demo.example.com";
    }

    /**
     * The demo users' password: one random password for all five, hashed once. They are made,
     * printed and stored together (whoever has one has them all), and one Argon2 hash instead of
     * five is about a second less CPU on a cold first start.
     */
    public static java.util.Map<String, Password> passwords() {
        String plain = Tokens.newToken().substring(Tokens.PREFIX.length(), Tokens.PREFIX.length() + 16);
        Password password = new Password(plain, dev.parley.account.Passwords.hash(plain));
        return ROLES.stream().collect(java.util.stream.Collectors.toMap(r -> r, r -> password));
    }

    public static ObjectNode create(Handle h) {
        return create(h, passwords());
    }

    public static ObjectNode create(Handle h, java.util.Map<String, Password> passwords) {
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

        String owner = user(h, users, passwords, "customer-owner", "Olivia Owner", false);
        IdentityRepository.addCustomerMember(h, demo, owner, "owner");
        IdentityRepository.addProjectMember(h, project, owner, "owner");
        String member = user(h, users, passwords, "customer-member", "Max Member", false);
        IdentityRepository.addCustomerMember(h, demo, member, "member");
        String projectMember = user(h, users, passwords, "project-member", "Pia Project", false);
        IdentityRepository.addProjectMember(h, project, projectMember, "external");
        String outsider = user(h, users, passwords, "outsider", "Oscar Outsider", false);
        IdentityRepository.addCustomerMember(h, other, outsider, "owner");
        user(h, users, passwords, "employee", "Erik Employee", true);
        return doc;
    }

    private static String user(Handle h, ArrayNode users, java.util.Map<String, Password> passwords, String role,
                               String name, boolean employee) {
        String id = IdentityRepository.createUser(h, name, email(role), employee);
        String token = IdentityRepository.createToken(h, id, "demo token (" + role + ")", null);
        Password password = passwords.get(role);
        dev.parley.account.AccountRepository.setPasswordHash(h, id, password.hash(), dev.parley.storage.Clock.nowMillis());
        users.addObject().put("role", role).put("userId", id).put("clearName", name)
                .put("isEmployee", employee).put("token", token)
                .put("email", email(role)).put("password", password.plain());
        return id;
    }
}
