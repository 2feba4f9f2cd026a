package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.testing.ApiClient;
import dev.parley.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An installation set up without the demo, only with {@code parley admin …} (run in-process
 * through {@link Main#run}), then served and checked over HTTP. On the run's engine
 * ({@link TestDatabase}): with PostgreSQL every command gets {@code --database-url}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminCliTest {
    Path dataDir;
    TestDatabase database;
    Parley parley;
    ApiClient api;

    String staff;
    String owner;
    String member;
    String preferred;   // V: preferred user of Demo's "general" category
    String fallback;    // U: the fallback
    String projectUser;
    String otherOwner;  // owner of a customer without preferences
    String customer;
    String otherCustomer;
    String project;
    String special;     // a category created with the CLI
    String generalId;
    final Map<String, String> tokens = new LinkedHashMap<>();

    /** What a CLI run printed and returned. */
    record Run(int exitCode, String out, String err) {
        String line() {
            assertThat(exitCode).as("exit code; stderr: " + err).isZero();
            return out.strip();
        }
    }

    Run admin(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("admin");
        argv.addAll(List.of(args));
        argv.add("--data-dir");
        argv.add(dataDir.toString());
        if (database.url() != null) {
            argv.add("--database-url");
            argv.add(database.url());
        }
        dev.parley.testing.CliCapture.Result r = dev.parley.testing.CliCapture.run(argv);
        if (parley != null) {
            // another process's change reaches the server within about 0.1 s (SQLite) or by notification
            dev.parley.testing.Eventually.identitySeen(parley);
        }
        return new Run(r.exitCode(), r.out(), r.err());
    }

    @BeforeAll
    void setUp() throws IOException {
        database = TestDatabase.create();
        dataDir = Files.createTempDirectory("parley-admin");
        staff = admin("user", "create", "--name", "Sam Staff", "--employee").line();
        owner = admin("user", "create", "--name", "Alice Owner", "--email", "alice@example.org").line();
        member = admin("user", "create", "--name", "Bob Member").line();
        preferred = admin("user", "create", "--name", "Vera Preferred").line();
        fallback = admin("user", "create", "--name", "Ulf Fallback").line();
        projectUser = admin("user", "create", "--name", "Paula Project").line();
        otherOwner = admin("user", "create", "--name", "Otto Other").line();
        for (String id : List.of(staff, owner, member, preferred, fallback, projectUser, otherOwner)) {
            assertThat(UUID.fromString(id).toString()).isEqualTo(id);
        }

        customer = admin("customer", "create", "--name", "ACME GmbH").line();
        admin("customer", "add-member", "--customer", customer, "--user", owner, "--role", "owner").line();
        admin("customer", "add-member", "--customer", customer, "--user", member).line();
        admin("customer", "add-member", "--customer", customer, "--user", preferred, "--role", "accountant").line();
        admin("customer", "add-member", "--customer", customer, "--user", fallback, "--role", "member").line();
        otherCustomer = admin("customer", "create", "--name", "Other KG").line();
        admin("customer", "add-member", "--customer", otherCustomer, "--user", otherOwner, "--role", "owner").line();

        project = admin("project", "create", "--customer", customer, "--name", "ACME Shop").line();
        admin("project", "add-member", "--project", project, "--user", projectUser, "--role", "emailadmin").line();

        for (Map.Entry<String, String> u : Map.of("staff", staff, "owner", owner, "member", member,
                "preferred", preferred, "fallback", fallback, "projectUser", projectUser, "otherOwner", otherOwner).entrySet()) {
            String token = admin("token", "create", "--user", u.getValue(), "--description", "test").line();
            assertThat(token).isNotBlank().doesNotContain(" ");
            tokens.put(u.getKey(), token);
        }

        special = admin("category", "create", "--name", "special-hosting", "--reference-type", "unspecified,project").line();
        String categories = admin("category", "list").line();
        generalId = categories.lines().filter(l -> l.split("\t")[1].equals("general")).findFirst()
                .orElseThrow(() -> new AssertionError("no category general in " + categories)).split("\t")[0];
        assertThat(categories).contains(special + "\tspecial-hosting\tunspecified,project");

        admin("preferences", "--customer", customer, "--fallback", fallback, "--category", "general=" + preferred).line();
        // the other customer has a preferred user for "general" only, no fallback
        admin("preferences", "--customer", otherCustomer, "--category", "general=" + staff).line();

        parley = Parley.start(ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir).databaseUrl(database.url())
                .rateLimit(1_000_000, Duration.ofMinutes(1)).build());
        api = new ApiClient("http://127.0.0.1:" + parley.port());
    }

    @AfterAll
    void tearDown() throws IOException {
        if (parley != null) {
            parley.close();
        }
        if (database != null) {
            database.close();
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void noDemoDirectoryWasCreated() {
        assertThat(parley.demoCredentials()).isEmpty();
        assertThat(dataDir.resolve(Parley.DEMO_CREDENTIALS)).doesNotExist();
    }

    @Test
    void everyTokenWorksAndIdentifiesItsUser() {
        Map<String, String> users = Map.of("staff", staff, "owner", owner, "member", member, "preferred", preferred,
                "fallback", fallback, "projectUser", projectUser, "otherOwner", otherOwner);
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            api.listConversations(t.getValue(), null).assertStatus(200);
            String id = api.newConversation(t.getValue(), Map.of("title", "Hello from " + t.getKey()));
            JsonNode c = api.getConversation(t.getValue(), id).assertStatus(200).json();
            assertThat(c.path("createdBy").path("userId").asText()).isEqualTo(users.get(t.getKey()));
        }
        JsonNode staffConversation = api.getConversation(tokens.get("staff"),
                api.newConversation(tokens.get("staff"), Map.of("title", "by staff"))).json();
        assertThat(staffConversation.path("createdBy").path("isEmployee").asBoolean()).isTrue();
        assertThat(staffConversation.path("createdBy").path("clearName").asText()).isEqualTo("Sam Staff");
    }

    @Test
    void membershipsFromTheCliDecideWhoSees() {
        String shared = api.newConversation(tokens.get("member"), Map.of("title", "customer wide",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", customer)));
        api.getConversation(tokens.get("owner"), shared).assertStatus(200);
        api.getConversation(tokens.get("fallback"), shared).assertStatus(200);
        api.getConversation(tokens.get("staff"), shared).assertStatus(200);
        api.getConversation(tokens.get("projectUser"), shared).assertError(404, "NotFound");
        api.getConversation(tokens.get("otherOwner"), shared).assertError(404, "NotFound");

        String inProject = api.newConversation(tokens.get("projectUser"), Map.of("title", "project wide",
                "sharedWith", Map.of("aggregate", "project", "domain", "project", "id", project)));
        api.getConversation(tokens.get("owner"), inProject).assertError(404, "NotFound");
        api.getConversation(tokens.get("staff"), inProject).assertStatus(200);
    }

    private String mainUserOf(String token, Map<String, Object> body) {
        String id = api.newConversation(token, body);
        return api.getConversation(token, id).assertStatus(200).json().path("mainUser").path("userId").asText();
    }

    private static Map<String, Object> sharedWithCustomer(String customerId, String categoryId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "Who takes this?");
        body.put("sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", customerId));
        if (categoryId != null) {
            body.put("categoryId", categoryId);
        }
        return body;
    }

    @Test
    void preferredUserOfTheCategoryBecomesMainUser() {
        assertThat(mainUserOf(tokens.get("owner"), sharedWithCustomer(customer, generalId))).isEqualTo(preferred);
    }

    @Test
    void fallbackBecomesMainUserInOtherCategories() {
        assertThat(mainUserOf(tokens.get("owner"), sharedWithCustomer(customer, special))).isEqualTo(fallback);
        assertThat(mainUserOf(tokens.get("member"), sharedWithCustomer(customer, null))).isEqualTo(fallback);
    }

    @Test
    void creatorIsMainUserWithoutAPreference() {
        // the other customer has no fallback and no preferred user for this category
        assertThat(mainUserOf(tokens.get("otherOwner"), sharedWithCustomer(otherCustomer, special))).isEqualTo(otherOwner);
        assertThat(mainUserOf(tokens.get("otherOwner"), sharedWithCustomer(otherCustomer, generalId))).isEqualTo(staff);
        // not shared with a customer: no preferences apply
        assertThat(mainUserOf(tokens.get("owner"), Map.of("title", "private", "categoryId", generalId))).isEqualTo(owner);
        // an explicit mainUserId wins
        Map<String, Object> explicit = sharedWithCustomer(customer, generalId);
        explicit.put("mainUserId", member);
        assertThat(mainUserOf(tokens.get("owner"), explicit)).isEqualTo(member);
    }

    @Test
    void preferencesEndpointShowsWhatTheCliSet() {
        JsonNode prefs = api.preferences(tokens.get("owner"), customer).assertStatus(200).json();
        assertThat(prefs.path("customerId").asText()).isEqualTo(customer);
        assertThat(prefs.path("preferredUsers").path("fallback").asText()).isEqualTo(fallback);
        assertThat(prefs.path("preferredUsers").path("categoryUserPairs"))
                .isEqualTo(ApiClient.parse("{\"" + generalId + "\":\"" + preferred + "\"}"));
        assertThat(api.preferences(tokens.get("staff"), customer).assertStatus(200).json()).isEqualTo(prefs);

        JsonNode other = api.preferences(tokens.get("otherOwner"), otherCustomer).assertStatus(200).json();
        assertThat(other.path("preferredUsers").has("fallback")).isFalse();
        assertThat(other.path("preferredUsers").path("categoryUserPairs").path(generalId).asText()).isEqualTo(staff);
        api.preferences(tokens.get("otherOwner"), customer).assertError(404, "NotFound");
    }

    @Test
    void revokedTokenAnswers401() {
        String token = admin("token", "create", "--user", member).line();
        api.listConversations(token, null).assertStatus(200);
        admin("token", "revoke", token).line();
        api.listConversations(token, null).assertError(401, "Unauthorized");
        api.listCategories(token).assertError(401, "Unauthorized");
        api.listConversations(tokens.get("member"), null).assertStatus(200); // the user's other token still works

        Run again = admin("token", "revoke", token);
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.err()).contains("no such active token");
    }

    @Test
    void deactivatedUsersTokensAnswer401UntilActivatedAgain() {
        String user = admin("user", "create", "--name", "Dora Deactivated").line();
        String first = admin("token", "create", "--user", user).line();
        String second = admin("token", "create", "--user", user, "--expires-in-days", "3").line();
        api.listConversations(first, null).assertStatus(200);
        api.listConversations(second, null).assertStatus(200);

        admin("user", "deactivate", user).line();
        api.listConversations(first, null).assertError(401, "Unauthorized");
        api.listConversations(second, null).assertError(401, "Unauthorized");

        admin("user", "activate", user).line();
        api.listConversations(first, null).assertStatus(200);
    }

    /** Bad input ends with a non-zero exit code and a one-line message, never a stack trace. */
    private Run fails(String... args) {
        Run run = admin(args);
        assertThat(run.exitCode()).as("exit code of " + String.join(" ", args)).isNotZero();
        assertThat(run.err()).as("stderr of " + String.join(" ", args)).isNotBlank()
                .doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("SQLITE")
                .doesNotContain("ERROR:"); // PostgreSQL's server messages
        return run;
    }

    @Test
    void badAdminInputFailsWithAMessage() {
        String unknown = UUID.randomUUID().toString();
        assertThat(fails("customer", "add-member", "--customer", unknown, "--user", owner, "--role", "owner").err())
                .contains(unknown);
        assertThat(fails("customer", "add-member", "--customer", customer, "--user", unknown).err()).contains(unknown);
        assertThat(fails("customer", "add-member", "--customer", customer, "--user", owner, "--role", "boss").err())
                .contains("boss").contains("owner, accountant, member");
        assertThat(fails("project", "create", "--customer", unknown, "--name", "Nowhere").err()).contains(unknown);
        assertThat(fails("project", "add-member", "--project", project, "--user", owner, "--role", "admin").err())
                .contains("admin");
        assertThat(fails("project", "add-member", "--project", unknown, "--user", owner).err()).contains(unknown);
        assertThat(fails("customer", "add-placement-group", "--customer", unknown, "--name", "srv").err()).contains(unknown);
        assertThat(fails("preferences", "--customer", unknown, "--fallback", owner).err()).contains(unknown);
        assertThat(fails("preferences", "--customer", customer, "--category", "nonexistent=" + owner).err())
                .contains("nonexistent");
        assertThat(fails("preferences", "--customer", customer, "--fallback", unknown).err()).contains(unknown);
        assertThat(fails("token", "create", "--user", unknown).err()).contains(unknown);
        assertThat(fails("token", "create", "--user", owner, "--expires-in-days", "0").err()).contains("--expires-in-days");
        assertThat(fails("token", "create", "--user", owner, "--expires-in-days", "-5").err()).contains("--expires-in-days");
        assertThat(fails("user", "deactivate", unknown).err()).contains(unknown);
        assertThat(fails("category", "create", "--name", "general").err()).contains("general");
        assertThat(fails("category", "create", "--name", "x", "--reference-type", "planet").err()).contains("planet");
        fails("user", "create"); // --name is required

        // nothing of the above changed the installation
        api.preferences(tokens.get("owner"), customer).assertStatus(200);
        assertThat(mainUserOf(tokens.get("owner"), sharedWithCustomer(customer, special))).isEqualTo(fallback);
    }

    // ---- who a customer's preferences may name ------------------------------------------------

    /** A fresh customer with the given users as members, so that a test's preferences are its own. */
    private String customerWith(String name, String... members) {
        String id = admin("customer", "create", "--name", name).line();
        for (String m : members) {
            admin("customer", "add-member", "--customer", id, "--user", m).line();
        }
        return id;
    }

    private String newUser(String name) {
        return admin("user", "create", "--name", name).line();
    }

    private JsonNode preferencesOf(String customerId) {
        return api.preferences(tokens.get("staff"), customerId).assertStatus(200).json().path("preferredUsers");
    }

    /** Writes preferences as an import or a hand-made fix of the database would, past the command's checks. */
    private void writePreferencesDirectly(String customerId, String billingUser, String fallbackUser) {
        String url = ParleyConfig.builder().dataDir(dataDir).databaseUrl(database.url()).build().effectiveDatabaseUrl();
        try (dev.parley.storage.Database db = dev.parley.storage.Database.open(url, false)) {
            db.write(h -> {
                String billing = dev.parley.conversation.CategoryRepository.findByName(h, "billing").orElseThrow().categoryId();
                dev.parley.conversation.PreferencesRepository.setPreferredUser(h, customerId, billing, billingUser);
                dev.parley.conversation.PreferencesRepository.setFallback(h, customerId, fallbackUser);
                return null;
            });
        }
    }

    private String billingId() {
        return admin("category", "list").line().lines().filter(l -> l.split("\t")[1].equals("billing")).findFirst()
                .orElseThrow().split("\t")[0];
    }

    /**
     * {@code admin preferences} names only users who can see the customer's conversations: active
     * members of the customer, or employees. Refused: another customer's user (as preferred user
     * and as fallback), a member of the customer's project who is not a member of the customer, a
     * deactivated member; a refused command changes nothing, also its valid parts.
     */
    @Test
    void preferencesRefuseUsersOutsideTheCustomer() {
        String creator = newUser("Cora Creator");
        String colleague = newUser("Carl Colleague");
        String asleep = newUser("Dirk Dormant");
        String acme = customerWith("Preferences AG", creator, colleague, asleep);
        String shop = admin("project", "create", "--customer", acme, "--name", "Preferences Shop").line();
        String projectOnly = newUser("Pit Projectonly");
        admin("project", "add-member", "--project", shop, "--user", projectOnly).line();
        admin("user", "deactivate", asleep).line();
        admin("preferences", "--customer", acme, "--fallback", colleague).line();

        for (String outsider : List.of(otherOwner, projectOnly)) {
            assertThat(fails("preferences", "--customer", acme, "--category", "billing=" + outsider).err())
                    .contains(outsider).contains("not a member of customer " + acme);
            assertThat(fails("preferences", "--customer", acme, "--fallback", outsider).err())
                    .contains(outsider).contains("not a member of customer " + acme);
        }
        assertThat(fails("preferences", "--customer", acme, "--category", "billing=" + asleep).err())
                .contains(asleep).contains("deactivated");
        assertThat(fails("preferences", "--customer", acme, "--fallback", asleep).err()).contains(asleep).contains("deactivated");
        // one refused part refuses the whole command
        fails("preferences", "--customer", acme, "--fallback", creator, "--category", "billing=" + otherOwner);

        JsonNode prefs = preferencesOf(acme);
        assertThat(prefs.path("fallback").asText()).isEqualTo(colleague);
        assertThat(prefs.path("categoryUserPairs").size()).isZero();
        String billing = billingId();
        assertThat(mainUserOf(tokens.get("staff"), sharedWithCustomer(acme, billing))).isEqualTo(colleague);

        // members and employees are accepted
        admin("preferences", "--customer", acme, "--category", "billing=" + creator).line();
        admin("preferences", "--customer", acme, "--category", "general=" + staff).line();
        assertThat(mainUserOf(tokens.get("staff"), sharedWithCustomer(acme, billing))).isEqualTo(creator);
    }

    /**
     * A stored preference that names someone who cannot see the customer's conversations (another
     * customer's user, a member who left, a deactivated member) is skipped when a conversation is
     * created: the next preference (the fallback), then the creator. The outsider never becomes
     * main user and does not see the conversation.
     */
    @Test
    void preferencesNamingSomeoneOutsideTheCustomerAreSkippedAtCreation() {
        String creator = newUser("Clara Creator");
        String fallbackUser = newUser("Fritz Fallback");
        String acme = customerWith("Stale Preferences KG", creator, fallbackUser);
        String creatorToken = admin("token", "create", "--user", creator).line();
        String billing = billingId();

        // another customer's user as preferred user: the fallback takes the conversation
        writePreferencesDirectly(acme, otherOwner, fallbackUser);
        String id = api.newConversation(creatorToken, sharedWithCustomer(acme, billing));
        assertThat(api.getConversation(creatorToken, id).json().path("mainUser").path("userId").asText()).isEqualTo(fallbackUser);
        api.getConversation(tokens.get("otherOwner"), id).assertError(404, "NotFound");

        // another customer's user as fallback too: the creator
        writePreferencesDirectly(acme, otherOwner, otherOwner);
        id = api.newConversation(creatorToken, sharedWithCustomer(acme, billing));
        assertThat(api.getConversation(creatorToken, id).json().path("mainUser").path("userId").asText()).isEqualTo(creator);
        api.getConversation(tokens.get("otherOwner"), id).assertError(404, "NotFound");
        // without a category, the fallback alone decides
        id = api.newConversation(creatorToken, sharedWithCustomer(acme, null));
        assertThat(api.getConversation(creatorToken, id).json().path("mainUser").path("userId").asText()).isEqualTo(creator);

        // a member of the customer's project who is not a member of the customer
        String shop = admin("project", "create", "--customer", acme, "--name", "Stale Shop").line();
        String projectOnly = newUser("Petra Projectonly");
        admin("project", "add-member", "--project", shop, "--user", projectOnly).line();
        writePreferencesDirectly(acme, projectOnly, fallbackUser);
        assertThat(mainUserOf(creatorToken, sharedWithCustomer(acme, billing))).isEqualTo(fallbackUser);

        // a member who left the customer by hand (not through the command)
        String leaver = newUser("Lea Leaver");
        admin("customer", "add-member", "--customer", acme, "--user", leaver).line();
        writePreferencesDirectly(acme, leaver, fallbackUser);
        assertThat(mainUserOf(creatorToken, sharedWithCustomer(acme, billing))).isEqualTo(leaver);
        deleteMembershipDirectly(acme, leaver);
        assertThat(mainUserOf(creatorToken, sharedWithCustomer(acme, billing))).isEqualTo(fallbackUser);

        // a deactivated member: skipped while deactivated, taken again once active
        String dormant = newUser("Dana Dormant");
        admin("customer", "add-member", "--customer", acme, "--user", dormant).line();
        writePreferencesDirectly(acme, dormant, fallbackUser);
        admin("user", "deactivate", dormant).line();
        assertThat(mainUserOf(creatorToken, sharedWithCustomer(acme, billing))).isEqualTo(fallbackUser);
        admin("user", "activate", dormant).line();
        assertThat(mainUserOf(creatorToken, sharedWithCustomer(acme, billing))).isEqualTo(dormant);
    }

    private void deleteMembershipDirectly(String customerId, String userId) {
        String url = ParleyConfig.builder().dataDir(dataDir).databaseUrl(database.url()).build().effectiveDatabaseUrl();
        try (dev.parley.storage.Database db = dev.parley.storage.Database.open(url, false)) {
            db.write(h -> h.createUpdate("DELETE FROM customer_members WHERE customer_id = :c AND user_id = :u")
                    .bind("c", customerId).bind("u", userId).execute());
        }
    }

    /**
     * {@code admin customer remove-member} removes the membership and every preference of that
     * customer naming the user; {@code admin project remove-member} removes a project membership
     * and leaves the customer's preferences of a user who is still a member of the customer. Wrong
     * ids and non-members end in a message and a non-zero exit.
     */
    @Test
    void removingAMemberLeavesNoPreferenceNamingThem() {
        String creator = newUser("Rita Remover");
        String preferredUser = newUser("Paul Preferred");
        String fallbackUser = newUser("Fiona Fallback");
        String acme = customerWith("Leaving GmbH", creator, preferredUser, fallbackUser);
        String shop = admin("project", "create", "--customer", acme, "--name", "Leaving Shop").line();
        admin("project", "add-member", "--project", shop, "--user", preferredUser).line();
        String creatorToken = admin("token", "create", "--user", creator).line();
        String preferredToken = admin("token", "create", "--user", preferredUser).line();
        String billing = billingId();
        admin("preferences", "--customer", acme, "--fallback", fallbackUser, "--category", "billing=" + preferredUser).line();

        // leaving the project only: still a member of the customer, still its preferred user
        admin("project", "remove-member", "--project", shop, "--user", preferredUser).line();
        assertThat(preferencesOf(acme).path("categoryUserPairs").path(billing).asText()).isEqualTo(preferredUser);
        assertThat(mainUserOf(creatorToken, sharedWithCustomer(acme, billing))).isEqualTo(preferredUser);
        String sharedWithProject = api.newConversation(tokens.get("staff"), Map.of("title", "project wide",
                "sharedWith", Map.of("aggregate", "project", "domain", "project", "id", shop)));
        api.getConversation(preferredToken, sharedWithProject).assertError(404, "NotFound");

        // leaving the customer: the preference goes with the membership
        admin("customer", "remove-member", "--customer", acme, "--user", preferredUser).line();
        JsonNode prefs = preferencesOf(acme);
        assertThat(prefs.path("categoryUserPairs").has(billing)).isFalse();
        assertThat(prefs.path("fallback").asText()).isEqualTo(fallbackUser);
        String id = api.newConversation(creatorToken, sharedWithCustomer(acme, billing));
        assertThat(api.getConversation(creatorToken, id).json().path("mainUser").path("userId").asText()).isEqualTo(fallbackUser);
        api.getConversation(preferredToken, id).assertError(404, "NotFound");

        // the fallback leaves: the creator takes the conversations
        admin("customer", "remove-member", "--customer", acme, "--user", fallbackUser).line();
        assertThat(preferencesOf(acme).has("fallback")).isFalse();
        assertThat(mainUserOf(creatorToken, sharedWithCustomer(acme, billing))).isEqualTo(creator);

        // bad input
        String unknown = UUID.randomUUID().toString();
        assertThat(fails("customer", "remove-member", "--customer", acme, "--user", preferredUser).err())
                .contains(preferredUser).contains("not a member");
        assertThat(fails("customer", "remove-member", "--customer", unknown, "--user", creator).err()).contains(unknown);
        assertThat(fails("customer", "remove-member", "--customer", acme, "--user", unknown).err()).contains(unknown);
        assertThat(fails("project", "remove-member", "--project", shop, "--user", preferredUser).err())
                .contains(preferredUser).contains("not a member");
        assertThat(fails("project", "remove-member", "--project", unknown, "--user", creator).err()).contains(unknown);
        fails("customer", "remove-member", "--customer", acme); // --user is required
    }

    /**
     * An import keeps no preference naming someone outside the customer: an export whose
     * preferences name another customer's user (as written before these checks existed, or by
     * hand) is imported without them; valid preferences stay.
     */
    @Test
    void anImportDropsPreferencesNamingUsersOutsideTheCustomer() throws IOException {
        String creator = newUser("Ingo Importer");
        String fallbackUser = newUser("Iris Fallback");
        String acme = customerWith("Import AG", creator, fallbackUser);
        String stale = customerWith("Stale Import AG", creator);
        String billing = billingId();
        writePreferencesDirectly(acme, creator, fallbackUser);
        writePreferencesDirectly(stale, otherOwner, otherOwner);

        Path dump = Files.createTempFile(dataDir, "export-", ".jsonl");
        admin("export", "--output", dump.toString(), "--no-progress").line();
        Path target = Files.createTempDirectory("parley-import");
        try (TestDatabase targetDb = TestDatabase.create()) {
            List<String> argv = new ArrayList<>(List.of("admin", "import", "--input", dump.toString(), "--no-progress",
                    "--data-dir", target.toString()));
            if (targetDb.url() != null) {
                argv.addAll(List.of("--database-url", targetDb.url()));
            }
            dev.parley.testing.CliCapture.Result r = dev.parley.testing.CliCapture.run(argv);
            assertThat(r.exitCode()).as(r.err()).isZero();
            String url = ParleyConfig.builder().dataDir(target).databaseUrl(targetDb.url()).build().effectiveDatabaseUrl();
            try (dev.parley.storage.Database db = dev.parley.storage.Database.open(url, false)) {
                db.read(h -> {
                    var kept = dev.parley.conversation.PreferencesRepository.find(h, acme);
                    assertThat(kept.fallback()).isEqualTo(fallbackUser);
                    assertThat(kept.categoryUserPairs()).containsEntry(billing, creator);
                    var dropped = dev.parley.conversation.PreferencesRepository.find(h, stale);
                    assertThat(dropped.fallback()).isNull();
                    assertThat(dropped.categoryUserPairs()).isEmpty();
                    return null;
                });
            }
        } finally {
            try (Stream<Path> files = Files.walk(target)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
