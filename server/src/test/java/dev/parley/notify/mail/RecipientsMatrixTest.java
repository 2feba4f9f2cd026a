package dev.parley.notify.mail;

import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import dev.parley.storage.Ids;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer side of a staff reply, status change or conversation an employee opened for every sharing (customer, project,
 * placement group) × every {@code notificationRoles} value (absent, empty, each role alone, all):
 * a user in every role, the main user and the creator (neither a member), plus an outsider, an
 * employee, a deactivated owner and an owner without e-mail, who never get one. The expectation
 * is the rule itself, written independently: main user, creator, and whoever sees the
 * conversation and holds a listed role (everyone who sees it when no roles are given).
 * The table is printed.
 */
class RecipientsMatrixTest {
    static final List<String> ROLES = List.of("customer_owner", "customer_accountant", "customer_member",
            "project_owner", "project_emailadmin", "project_external");

    static TestServer server;
    static Database db;
    static String customer;
    static String project;
    static String group;
    static String employee;
    /** name → userId, in column order */
    static final Map<String, String> users = new LinkedHashMap<>();
    /** userId → the role it holds ("customer_owner" …), for members */
    static final Map<String, String> roleOf = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        server = TestServer.start(b -> b.mail(MailTestKit.settings(1)));
        db = server.parley().database();
        employee = server.user("employee").userId();
        db.write(h -> {
            customer = IdentityRepository.createCustomer(h, "Matrix GmbH");
            project = IdentityRepository.createProject(h, customer, "Matrix Shop");
            group = IdentityRepository.createPlacementGroup(h, customer, "Matrix Servers");
            for (String role : ROLES) {
                String id = IdentityRepository.createUser(h, role, role + "@matrix.example.com", false);
                users.put(role, id);
                roleOf.put(id, role);
                if (role.startsWith("customer_")) {
                    IdentityRepository.addCustomerMember(h, customer, id, role.substring("customer_".length()));
                } else {
                    IdentityRepository.addProjectMember(h, project, id, role.substring("project_".length()));
                }
            }
            users.put("creator", IdentityRepository.createUser(h, "Creator", "creator@matrix.example.com", false));
            users.put("main", IdentityRepository.createUser(h, "Main", "main@matrix.example.com", false));
            String outsider = IdentityRepository.createUser(h, "Outsider", "outsider@matrix.example.com", false);
            IdentityRepository.addCustomerMember(h, IdentityRepository.createCustomer(h, "Elsewhere"), outsider, "owner");
            users.put("outsider", outsider);
            users.put("employee", employee);
            String deactivated = IdentityRepository.createUser(h, "Deactivated", "gone@matrix.example.com", false);
            IdentityRepository.addCustomerMember(h, customer, deactivated, "owner");
            IdentityRepository.addProjectMember(h, project, deactivated, "owner");
            IdentityRepository.setUserActive(h, deactivated, false);
            users.put("deactivated", deactivated);
            String noMail = IdentityRepository.createUser(h, "No Mail", null, false);
            IdentityRepository.addCustomerMember(h, customer, noMail, "owner");
            IdentityRepository.addProjectMember(h, project, noMail, "owner");
            users.put("no-mail", noMail);
            return null;
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A conversation as stored, made directly (the API's checks on sharing are not the subject here). */
    private static String conversation(String aggregate, String sharedId, List<String> notificationRoles) {
        return db.write(h -> {
            String id = Ids.newId();
            long now = Clock.nowMillis();
            ConversationRepository.insert(h, new ConversationRow(id, "M-" + id.substring(0, 8), "Matrix", null, "open",
                    now, users.get("creator"), users.get("main"), aggregate, sharedId, null, null, null,
                    notificationRoles, null, null, null));
            return id;
        });
    }

    /** Who sees a conversation shared this way, apart from creator and main user. */
    private static Set<String> audience(String aggregate) {
        Set<String> seeing = new LinkedHashSet<>();
        roleOf.forEach((id, role) -> {
            boolean customerMember = role.startsWith("customer_");
            if (aggregate.equals("project") ? !customerMember : customerMember) {
                seeing.add(id);
            }
        });
        return seeing;
    }

    @Test
    void everyRoleAgainstEveryNotificationRoles() {
        List<List<String>> choices = new ArrayList<>();
        choices.add(null);
        choices.add(List.of());
        ROLES.forEach(r -> choices.add(List.of(r)));
        choices.add(ROLES);
        Map<String, String> shares = new LinkedHashMap<>();
        shares.put("customer", customer);
        shares.put("project", project);
        shares.put("placementgroup", group);

        Map<String, MailKind> customerKinds = new LinkedHashMap<>();
        customerKinds.put("ConversationStatusChanged", MailKind.STATUS_CHANGE);
        customerKinds.put("ConversationCreated", MailKind.STAFF_OPENED); // by an employee
        StringBuilder table = new StringBuilder(String.format("%-14s %-16s %-42s", "kind", "sharedWith", "notificationRoles"));
        users.keySet().forEach(name -> table.append(String.format(" %-4s", abbreviate(name))));
        table.append('\n');
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<String, String> share : shares.entrySet()) {
            for (List<String> roles : choices) {
                String id = conversation(share.getKey(), share.getValue(), roles);
                for (Map.Entry<String, MailKind> kind : customerKinds.entrySet()) {
                    Recipients.Mails mails = db.read(h -> Recipients.of(h, MailSettings.StaffNotice.ASSIGNEE_FOLLOWERS_ALL,
                            kind.getKey(), id, employee, kind.getKey().equals("ConversationCreated") ? id : null));
                    if (kind.getValue() == MailKind.STAFF_OPENED) {
                        assertThat(mails.kinds()).containsExactly(MailKind.NEW_CONVERSATION, MailKind.STAFF_OPENED);
                        // the other staff as ever (here: nobody, the demo's only employee opened it)
                        assertThat(mails.to(MailKind.NEW_CONVERSATION)).doesNotContain(employee);
                    } else {
                        assertThat(mails.kinds()).containsExactly(kind.getValue());
                    }
                    Set<String> expected = new TreeSet<>(List.of(users.get("creator"), users.get("main")));
                    for (String member : audience(share.getKey())) {
                        if (roles == null || roles.contains(roleOf.get(member))) {
                            expected.add(member);
                        }
                    }
                    Set<String> actual = new TreeSet<>(mails.to(kind.getValue()));
                    if (!actual.equals(expected)) {
                        mismatches.add(kind.getValue().id() + " " + share.getKey() + " " + roles + ": expected " + names(expected)
                                + " got " + names(actual));
                    }
                    table.append(String.format("%-14s %-16s %-42s", kind.getValue().id(), share.getKey(),
                            roles == null ? "(absent)" : roles.size() == 6 ? "(all six)" : roles));
                    users.values().forEach(u -> table.append(String.format(" %-4s", actual.contains(u) ? "X" : ".")));
                    table.append('\n');
                }
            }
        }
        System.out.println("Customer side of a staff reply / status change / staff-opened conversation (X: gets the mail):\n" + table);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aStaffReplyGoesToTheSameCustomerSideAsAStatusChange() {
        String id = conversation("customer", customer, List.of("customer_accountant"));
        String message = db.write(h -> dev.parley.conversation.TimelineRepository.append(h, id, "MESSAGE", Clock.nowMillis(),
                employee, "hello", false).entryId());
        Recipients.Mails reply = db.read(h -> Recipients.of(h, MailSettings.StaffNotice.ASSIGNEE_FOLLOWERS_ALL,
                "MessageCreated", id, employee, message));
        assertThat(reply.kinds()).containsExactly(MailKind.STAFF_REPLY);
        assertThat(names(new TreeSet<>(reply.to(MailKind.STAFF_REPLY)))).containsExactlyInAnyOrder("creator", "main", "customer_accountant");
        // a note to the same conversation: nobody
        String note = db.write(h -> dev.parley.conversation.TimelineRepository.append(h, id, "MESSAGE", Clock.nowMillis(),
                employee, "internal", true).entryId());
        assertThat(db.read(h -> Recipients.of(h, MailSettings.StaffNotice.ASSIGNEE_FOLLOWERS_ALL,
                "MessageCreated", id, employee, note)).userIds()).isEmpty();
        // the creator writing: staff get it, the creator does not
        String byCreator = db.write(h -> dev.parley.conversation.TimelineRepository.append(h, id, "MESSAGE", Clock.nowMillis(),
                users.get("creator"), "question", false).entryId());
        Recipients.Mails question = db.read(h -> Recipients.of(h, MailSettings.StaffNotice.ASSIGNEE_FOLLOWERS_ALL,
                "MessageCreated", id, users.get("creator"), byCreator));
        assertThat(question.kinds()).containsExactly(MailKind.CUSTOMER_MESSAGE);
        assertThat(question.userIds()).contains(employee).doesNotContain(users.get("creator"));
        assertThat(db.read(h -> Recipients.of(h, MailSettings.StaffNotice.ASSIGNEE_FOLLOWERS,
                "MessageCreated", id, users.get("creator"), byCreator)).userIds()).as("no fallback to all staff").isEmpty();
        assertThat(db.read(h -> Recipients.of(h, MailSettings.StaffNotice.NONE,
                "MessageCreated", id, users.get("creator"), byCreator)).userIds()).isEmpty();
    }

    @Test
    void aConversationACustomerOpensGoesToStaffOnlyAndOneAnEmployeeOpensToBothSides() {
        String id = conversation("customer", customer, null);
        Recipients.Mails byCustomer = db.read(h -> Recipients.of(h, MailSettings.StaffNotice.ASSIGNEE_FOLLOWERS_ALL,
                "ConversationCreated", id, users.get("creator"), id));
        assertThat(byCustomer.kinds()).containsExactly(MailKind.NEW_CONVERSATION);
        assertThat(byCustomer.userIds()).contains(employee).doesNotContain(users.get("creator"), users.get("main"));
        String colleague = db.write(h -> IdentityRepository.createUser(h, "Colleague", "colleague@staff.example.com", true));
        try {
            Recipients.Mails byStaff = db.read(h -> Recipients.of(h, MailSettings.StaffNotice.ASSIGNEE_FOLLOWERS_ALL,
                    "ConversationCreated", id, employee, id));
            assertThat(byStaff.to(MailKind.NEW_CONVERSATION)).containsExactly(colleague);
            assertThat(names(new TreeSet<>(byStaff.to(MailKind.STAFF_OPENED)))).containsExactlyInAnyOrderElementsOf(
                    List.of("customer_owner", "customer_accountant", "customer_member", "creator", "main"));
            // turned off: not this kind, the other kinds still
            db.write(h -> {
                NotificationSettings.setOptOut(h, users.get("main"), "staff-opened", true);
                return null;
            });
            assertThat(db.read(h -> Recipients.of(h, MailSettings.StaffNotice.ASSIGNEE_FOLLOWERS_ALL,
                    "ConversationCreated", id, employee, id)).to(MailKind.STAFF_OPENED)).doesNotContain(users.get("main")).hasSize(4);
            assertThat(db.read(h -> Recipients.of(h, MailSettings.StaffNotice.ASSIGNEE_FOLLOWERS_ALL,
                    "ConversationStatusChanged", id, employee, null)).to(MailKind.STATUS_CHANGE)).contains(users.get("main"));
        } finally {
            db.write(h -> {
                NotificationSettings.setOptOut(h, users.get("main"), "staff-opened", false);
                IdentityRepository.setUserActive(h, colleague, false);
                return null;
            });
        }
    }

    private static List<String> names(Set<String> ids) {
        List<String> out = new ArrayList<>();
        users.forEach((name, id) -> {
            if (ids.contains(id)) {
                out.add(name);
            }
        });
        return out;
    }

    private static String abbreviate(String name) {
        return Arrays.stream(name.split("[_-]")).map(p -> p.substring(0, Math.min(2, p.length()))).reduce("", String::concat);
    }
}
