package dev.parley.notify.mail;

import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.conversation.TimelineRepository;
import dev.parley.identity.AccessPolicy;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.User;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who gets a mail about an event, and which kind (docs/OPERATIONS.md, "E-mail notifications").
 *
 * <p>New conversations and customer messages go to staff: the assignee, else the staff who
 * follow the conversation's category, else (by {@link MailSettings.StaffNotice}) every active
 * employee or nobody. A conversation an employee opened also goes to the customer side
 * ({@link MailKind#STAFF_OPENED}), so one event may cause mails of two kinds. Staff replies and
 * status changes go to the customer side: the main user,
 * the creator, and the audience narrowed by the conversation's {@code notificationRoles} (none
 * given: everyone who sees the conversation; given: the members of the conversation's customer
 * or project in one of those roles). Never to the actor, an employee on the customer side, a
 * deactivated user, a user without e-mail, a user who may not see the conversation (the API's
 * rule, {@link AccessPolicy}), or one who turned the kind off.
 */
public final class Recipients {
    /** The mails an event causes: for each kind it causes, that kind's recipients (nobody in two). */
    public record Mails(List<Batch> batches) {
        /** One kind of mail and its recipients' user ids. */
        public record Batch(MailKind kind, List<String> userIds) {
        }

        static Mails none() {
            return new Mails(List.of());
        }

        /** The kinds the event causes mails of (also those that found nobody), in order. */
        public List<MailKind> kinds() {
            return batches.stream().map(Batch::kind).toList();
        }

        /** The recipients of one kind; empty when the event causes none of it. */
        public List<String> to(MailKind kind) {
            return batches.stream().filter(b -> b.kind() == kind).flatMap(b -> b.userIds().stream()).toList();
        }

        /** Every recipient, of any kind. */
        public List<String> userIds() {
            return batches.stream().flatMap(b -> b.userIds().stream()).toList();
        }
    }

    private Recipients() {
    }

    public static Mails of(Handle h, MailSettings.StaffNotice staff, String type, String conversationId,
                           String actorId, String subjectId) {
        Optional<ConversationRow> found = ConversationRepository.find(h, conversationId);
        if (found.isEmpty()) {
            return Mails.none();
        }
        ConversationRow c = found.get();
        boolean byStaff = actorId != null && IdentityRepository.findUser(h, actorId).map(User::isEmployee).orElse(false);
        List<MailKind> kinds;
        switch (type) {
            case "ConversationCreated" -> kinds = byStaff
                    ? List.of(MailKind.NEW_CONVERSATION, MailKind.STAFF_OPENED) : List.of(MailKind.NEW_CONVERSATION);
            case "ConversationStatusChanged" -> kinds = List.of(MailKind.STATUS_CHANGE);
            case "MessageCreated" -> {
                var message = TimelineRepository.find(h, conversationId, subjectId);
                if (message.isEmpty() || message.get().internal()) {
                    return Mails.none(); // a staff note is never mailed (the hook skips them already)
                }
                kinds = List.of(byStaff ? MailKind.STAFF_REPLY : MailKind.CUSTOMER_MESSAGE);
            }
            default -> {
                return Mails.none();
            }
        }
        List<Mails.Batch> batches = new ArrayList<>();
        for (MailKind kind : kinds) {
            batches.add(new Mails.Batch(kind, chosen(h, c, staff, kind, actorId)));
        }
        return new Mails(List.copyOf(batches));
    }

    /** The recipients of one kind: its candidates without the actor and everyone the rules exclude. */
    private static List<String> chosen(Handle h, ConversationRow c, MailSettings.StaffNotice staff, MailKind kind,
                                       String actorId) {
        Set<String> candidates = kind.toStaff() ? staff(h, c, staff) : customerSide(h, c);
        candidates.remove(actorId);
        Map<String, MailUsers.MailUser> users = MailUsers.find(h, candidates);
        List<String> chosen = new ArrayList<>();
        for (String id : candidates) {
            MailUsers.MailUser u = users.get(id);
            if (u != null && u.reachable() && u.employee() == kind.toStaff() && maySee(h, id, c)
                    && !MailUsers.optedOut(h, id, kind)) {
                chosen.add(id);
            }
        }
        return chosen;
    }

    /** Whether the user may still see the conversation (and is active): the API's rule. */
    static boolean maySee(Handle h, String userId, ConversationRow c) {
        return IdentityRepository.findUser(h, userId).filter(User::active)
                .map(u -> AccessPolicy.canSee(IdentityRepository.callerFor(h, u, "mail"), c)).orElse(false);
    }

    private static Set<String> staff(Handle h, ConversationRow c, MailSettings.StaffNotice notice) {
        Set<String> ids = new LinkedHashSet<>();
        if (notice == MailSettings.StaffNotice.NONE) {
            return ids;
        }
        h.createQuery("""
                        SELECT u.user_id FROM conversations c JOIN users u ON u.user_id = c.assignee_id
                        WHERE c.conversation_id = :c AND u.active = 1 AND u.is_employee = 1""")
                .bind("c", c.conversationId()).mapTo(String.class).findOne().ifPresent(ids::add);
        if (!ids.isEmpty()) {
            return ids;
        }
        if (c.categoryId() != null) {
            ids.addAll(h.createQuery("""
                            SELECT f.user_id FROM category_followers f JOIN users u ON u.user_id = f.user_id
                            WHERE f.category_id = :category AND u.active = 1 AND u.is_employee = 1 ORDER BY f.user_id""")
                    .bind("category", c.categoryId()).mapTo(String.class).list());
        }
        if (ids.isEmpty() && notice == MailSettings.StaffNotice.ASSIGNEE_FOLLOWERS_ALL) {
            ids.addAll(h.createQuery("SELECT user_id FROM users WHERE is_employee = 1 AND active = 1 ORDER BY user_id")
                    .mapTo(String.class).list());
        }
        return ids;
    }

    private static Set<String> customerSide(Handle h, ConversationRow c) {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(c.mainUserId());
        ids.add(c.createdBy());
        List<String> roles = c.notificationRoles();
        if (roles == null) {
            ids.addAll(h.createQuery("SELECT user_id FROM conversation_audience WHERE conversation_id = :c ORDER BY user_id")
                    .bind("c", c.conversationId()).mapTo(String.class).list());
            return ids;
        }
        List<String> customerRoles = roles.stream().filter(r -> r.startsWith("customer_"))
                .map(r -> r.substring("customer_".length())).toList();
        List<String> projectRoles = roles.stream().filter(r -> r.startsWith("project_"))
                .map(r -> r.substring("project_".length())).toList();
        String customerId = customerOf(h, c);
        if (customerId != null && !customerRoles.isEmpty()) {
            ids.addAll(h.createQuery("""
                            SELECT user_id FROM customer_members WHERE customer_id = :customer AND role IN (<roles>)
                            ORDER BY user_id""")
                    .bind("customer", customerId).bindList("roles", customerRoles).mapTo(String.class).list());
        }
        if ("project".equals(c.sharedAggregate()) && c.sharedId() != null && !projectRoles.isEmpty()) {
            ids.addAll(h.createQuery("""
                            SELECT user_id FROM project_members WHERE project_id = :project AND role IN (<roles>)
                            ORDER BY user_id""")
                    .bind("project", c.sharedId()).bindList("roles", projectRoles).mapTo(String.class).list());
        }
        return ids;
    }

    /** The customer a conversation is shared with, directly or through its project or placement group. */
    private static String customerOf(Handle h, ConversationRow c) {
        if (c.sharedAggregate() == null || c.sharedId() == null) {
            return null;
        }
        return switch (c.sharedAggregate()) {
            case "customer" -> c.sharedId();
            case "project" -> IdentityRepository.projectCustomer(h, c.sharedId()).orElse(null);
            case "placementgroup" -> IdentityRepository.placementGroupCustomer(h, c.sharedId()).orElse(null);
            default -> null;
        };
    }
}
