package dev.parley.conversation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.User;
import dev.parley.storage.Clock;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Renders conversations, timeline entries and users in the contract's JSON shapes. */
public final class ConversationView {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ConversationView() {
    }

    public static ObjectNode user(User u) {
        ObjectNode node = F.objectNode();
        node.put("userId", u.userId());
        node.put("clearName", u.clearName());
        if (u.avatarRefId() != null) {
            node.put("avatarRefId", u.avatarRefId());
        }
        node.put("active", u.active());
        node.put("isEmployee", u.isEmployee());
        return node;
    }

    public static ObjectNode category(Category c) {
        ObjectNode node = F.objectNode();
        node.put("categoryId", c.categoryId());
        node.put("name", c.name());
        ArrayNode types = node.putArray("referenceType");
        c.referenceTypes().forEach(types::add);
        return node;
    }

    /** Renders rows; loads their users and categories in one query each. */
    public static List<ObjectNode> conversations(Handle h, Collection<ConversationRow> rows) {
        Set<String> userIds = new HashSet<>();
        for (ConversationRow c : rows) {
            userIds.add(c.createdBy());
            userIds.add(c.mainUserId());
            if (c.lastMessageBy() != null) {
                userIds.add(c.lastMessageBy());
            }
        }
        Map<String, User> users = IdentityRepository.findUsers(h, userIds);
        Map<String, Category> categories = new java.util.HashMap<>();
        CategoryRepository.list(h).forEach(c -> categories.put(c.categoryId(), c));
        Map<String, String> projectCustomers = projectCustomers(h, rows);
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (ConversationRow c : rows) {
            out.add(conversation(c, users, categories.get(c.categoryId()), projectCustomers.get(c.sharedId())));
        }
        return out;
    }

    private static Map<String, String> projectCustomers(Handle h, Collection<ConversationRow> rows) {
        Map<String, String> out = new java.util.HashMap<>();
        for (ConversationRow c : rows) {
            if ("project".equals(c.sharedAggregate()) && !out.containsKey(c.sharedId())) {
                IdentityRepository.projectCustomer(h, c.sharedId()).ifPresent(id -> out.put(c.sharedId(), id));
            } else if ("placementgroup".equals(c.sharedAggregate()) && !out.containsKey(c.sharedId())) {
                IdentityRepository.placementGroupCustomer(h, c.sharedId()).ifPresent(id -> out.put(c.sharedId(), id));
            }
        }
        return out;
    }

    static ObjectNode conversation(ConversationRow c, Map<String, User> users, Category category, String owningCustomer) {
        ObjectNode node = F.objectNode();
        node.put("conversationId", c.conversationId());
        node.put("shortId", c.shortId());
        node.put("title", c.title());
        node.put("status", c.status());
        node.put("visibility", c.visibility());
        node.put("createdAt", Clock.iso(c.createdAt()));
        node.set("createdBy", user(users.get(c.createdBy())));
        node.set("mainUser", user(users.get(c.mainUserId())));
        if (category != null) {
            node.set("category", category(category));
        }
        if (c.lastMessageAt() != null) {
            User by = users.get(c.lastMessageBy());
            ObjectNode last = node.putObject("lastMessage");
            last.put("createdAt", Clock.iso(c.lastMessageAt()));
            last.set("createdBy", user(by));
            node.put("lastMessageAt", Clock.iso(c.lastMessageAt()));
            node.set("lastMessageBy", user(by));
        }
        if (c.notificationRoles() != null) {
            ArrayNode roles = node.putArray("notificationRoles");
            c.notificationRoles().forEach(roles::add);
        }
        ArrayNode relations = F.arrayNode();
        if (c.relatedAggregate() != null) {
            ObjectNode related = reference(c.relatedDomain(), c.relatedAggregate(), c.relatedId());
            node.set("relatedTo", related);
            relations.add(related.deepCopy());
        }
        if (c.sharedAggregate() != null) {
            ObjectNode shared = reference(sharedDomain(c.sharedAggregate()), c.sharedAggregate(), c.sharedId());
            node.set("sharedWith", shared);
            addUnique(relations, shared);
            if (owningCustomer != null) {
                addUnique(relations, reference("customer", "customer", owningCustomer));
            }
        }
        node.set("relations", relations);
        return node;
    }

    static String sharedDomain(String aggregate) {
        return switch (aggregate) {
            case "placementgroup" -> "project";
            default -> aggregate;
        };
    }

    private static void addUnique(ArrayNode relations, ObjectNode ref) {
        for (var existing : relations) {
            if (existing.equals(ref)) {
                return;
            }
        }
        relations.add(ref.deepCopy());
    }

    static ObjectNode reference(String domain, String aggregate, String id) {
        ObjectNode node = F.objectNode();
        node.put("aggregate", aggregate);
        node.put("domain", domain);
        node.put("id", id);
        return node;
    }

    /** An attachment as {@code UploadedFile}, or {@code DeletedFile} once staff removed it. */
    static ObjectNode file(dev.parley.file.FileRow f) {
        ObjectNode node = F.objectNode();
        node.put("id", f.fileId());
        node.put("name", f.name());
        node.put("type", f.mimeType());
        if (f.deleted()) {
            node.put("status", "deleted");
            node.put("deletionDate", Clock.iso(f.deletedAt()));
        } else {
            node.put("status", "uploaded");
        }
        return node;
    }

    /** A timeline entry as {@code Message} or {@code StatusUpdate}. */
    public static ObjectNode entry(TimelineEntry e, Map<String, User> users, List<dev.parley.file.FileRow> files) {
        ObjectNode node = F.objectNode();
        node.put("messageId", e.entryId());
        node.put("conversationId", e.conversationId());
        node.put("createdAt", Clock.iso(e.createdAt()));
        node.put("type", e.type());
        node.put("internal", e.internal());
        if ("MESSAGE".equals(e.type())) {
            if (e.createdBy() != null) {
                node.set("createdBy", user(users.get(e.createdBy())));
            }
            if (e.content() != null) {
                node.put("messageContent", e.content());
            }
            ArrayNode list = node.putArray("files");
            for (dev.parley.file.FileRow f : files) {
                list.add(file(f));
            }
        } else {
            node.put("messageContent", e.content());
            if (e.createdBy() != null) {
                node.putObject("meta").set("user", user(users.get(e.createdBy())));
            }
        }
        return node;
    }
}
