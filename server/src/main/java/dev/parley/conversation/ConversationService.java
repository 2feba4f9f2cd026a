package dev.parley.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ApiError;
import dev.parley.conversation.ReferenceChecks.Reference;
import dev.parley.events.EventLog;
import dev.parley.file.FileRow;
import dev.parley.file.FileService;
import dev.parley.identity.AccessPolicy;
import dev.parley.identity.Caller;
import dev.parley.identity.IdentityRepository;
import dev.parley.identity.User;
import dev.parley.storage.Clock;
import dev.parley.storage.Database;
import dev.parley.storage.Ids;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/**
 * The conversation use cases. Each mutating method is one write transaction that also appends
 * to the event log; each read method answers only what the caller may see (404 otherwise).
 */
public final class ConversationService {
    public static final int MAX_TITLE_LENGTH = 300;

    private final Database database;
    private final EventLog events;
    private final ConversationCache cache;
    private final ListPageCache pages;
    private final ConversationSearch search;

    /** @param cache hot conversations for {@link #get}; it must receive {@code events}' changes */
    public ConversationService(Database database, EventLog events, ConversationCache cache) {
        this(database, events, cache, ListPageCache.none(), ConversationSearch.NONE);
    }

    /**
     * @param pages  whole list pages kept (lists without a search), or {@link ListPageCache#none()}
     * @param search answers searches beside the SQL index (SQLite: Lucene), or {@link ConversationSearch#NONE}
     */
    public ConversationService(Database database, EventLog events, ConversationCache cache, ListPageCache pages,
                               ConversationSearch search) {
        this.database = database;
        this.events = events;
        this.cache = cache;
        this.pages = pages;
        this.search = search;
    }

    /** Runs a write transaction and marks its event applied once committed. */
    private <T> Mutation<T> mutate(org.jdbi.v3.core.HandleCallback<Mutation<T>, RuntimeException> work) {
        Mutation<T> result = database.write(work);
        events.committed(result.position());
        return result;
    }

    // ---- create -------------------------------------------------------------------------------

    public Mutation<String> create(Caller caller, JsonNode body) {
        String title = requireTitle(body.path("title"));
        String messageContent = body.hasNonNull("messageContent") ? body.get("messageContent").asText() : null;
        return mutate(h -> {
            Category category = body.hasNonNull("categoryId") ? categoryOrFail(h, body.get("categoryId").asText()) : null;
            Reference shared = body.hasNonNull("sharedWith") ? Reference.of(body.get("sharedWith")) : null;
            Reference related = body.hasNonNull("relatedTo") ? Reference.of(body.get("relatedTo")) : null;
            String sharedCustomer = shared == null ? null : ReferenceChecks.checkShare(h, caller, shared);
            if (related != null) {
                ReferenceChecks.checkRelated(h, caller, category, related, ".relatedTo");
            }
            String mainUserId = body.hasNonNull("mainUserId")
                    ? ReferenceChecks.checkMainUser(h, caller, body.get("mainUserId").asText(), shared)
                    : ReferenceChecks.defaultMainUser(h, caller, sharedCustomer, category);
            List<String> roles = null;
            if (body.has("notificationRoles") && body.get("notificationRoles").isArray()) {
                roles = new ArrayList<>();
                for (JsonNode r : body.get("notificationRoles")) {
                    if (!roles.contains(r.asText())) {
                        roles.add(r.asText());
                    }
                }
            }
            long now = Clock.nowMillis();
            String id = Ids.newId();
            String shortId = uniqueShortId(h);
            ConversationRow row = new ConversationRow(id, shortId, title, category == null ? null : category.categoryId(),
                    "open", now, caller.userId(), mainUserId,
                    shared == null ? null : shared.aggregate(), shared == null ? null : shared.id(),
                    related == null ? null : related.domain(), related == null ? null : related.aggregate(),
                    related == null ? null : related.id(), roles, null, null, null);
            ConversationRepository.insert(h, row);
            SearchIndex.indexConversation(h, id, title, shortId);
            TimelineRepository.append(h, id, "STATUS_UPDATE", now, caller.userId(), "CONVERSATION_CREATED", false);
            if (messageContent != null && !messageContent.isBlank()) {
                TimelineEntry m = TimelineRepository.append(h, id, "MESSAGE", now, caller.userId(), messageContent, false);
                ConversationRepository.updateLastMessage(h, id, m.entryId(), now, caller.userId(), caller.isEmployee());
            }
            long position = events.append(h, "ConversationCreated", id, caller.userId());
            return new Mutation<>(id, position);
        });
    }

    private static String requireTitle(JsonNode title) {
        if (title.isMissingNode() || title.isNull()) {
            throw ApiError.validation("", "required", "must have required property 'title'", Map.of("missingProperty", "title"));
        }
        String text = title.asText().strip();
        if (text.isEmpty()) {
            throw ApiError.validation(".title", "minLength", "must NOT have fewer than 1 characters", Map.of("limit", "1"));
        }
        // characters as JSON Schema's maxLength counts them: code points (an emoji is one, not two)
        if (text.codePointCount(0, text.length()) > MAX_TITLE_LENGTH) {
            throw ApiError.validation(".title", "maxLength",
                    "must NOT have more than " + MAX_TITLE_LENGTH + " characters", Map.of("limit", String.valueOf(MAX_TITLE_LENGTH)));
        }
        return text;
    }

    private static String uniqueShortId(Handle h) {
        for (int attempt = 0; attempt < 20; attempt++) {
            String candidate = ShortIds.next();
            if (!ConversationRepository.shortIdTaken(h, candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Could not find a free shortId");
    }

    private static Category categoryOrFail(Handle h, String categoryId) {
        if (!Ids.isUuid(categoryId)) {
            throw ApiError.validation(".categoryId", "format", "must match format \"uuid\"", Map.of("format", "uuid"));
        }
        return CategoryRepository.find(h, categoryId).orElseThrow(() -> ApiError.validation(".categoryId", "reference",
                "no category with this id", Map.of("categoryId", categoryId)));
    }

    // ---- update -------------------------------------------------------------------------------

    public Mutation<String> update(Caller caller, String idOrShortId, JsonNode body) {
        return mutate(h -> {
            ConversationRow c = lockedOrFail(h, caller, idOrShortId);
            if (!caller.isEmployee() && !caller.userId().equals(c.createdBy()) && !caller.userId().equals(c.mainUserId())) {
                throw ApiError.forbidden("Only the creator, the main user or staff may change this conversation");
            }
            String title = body.has("title") ? requireTitle(body.get("title")) : c.title();
            String categoryId = c.categoryId();
            Category category = categoryId == null ? null : CategoryRepository.find(h, categoryId).orElse(null);
            if (body.hasNonNull("categoryId")) {
                category = categoryOrFail(h, body.get("categoryId").asText());
                categoryId = category.categoryId();
            }
            Reference related = c.relatedAggregate() == null ? null
                    : new Reference(c.relatedDomain(), c.relatedAggregate(), c.relatedId());
            if (body.hasNonNull("relatedTo")) {
                related = Reference.of(body.get("relatedTo"));
                ReferenceChecks.checkRelated(h, caller, category, related, ".relatedTo");
            } else if (related != null && category != null && !category.allowsRelatedAggregate(related.aggregate())) {
                throw ApiError.validation(".categoryId", "referenceType",
                        "category '" + category.name() + "' does not fit the conversation's relatedTo; change relatedTo too",
                        Map.of("allowedValues", String.join(", ", category.referenceTypes())));
            }
            ConversationRepository.updateDetails(h, c.conversationId(), title, categoryId,
                    related == null ? null : related.domain(), related == null ? null : related.aggregate(),
                    related == null ? null : related.id());
            if (!title.equals(c.title())) {
                SearchIndex.indexConversation(h, c.conversationId(), title, c.shortId());
            }
            long position = events.append(h, "ConversationUpdated", c.conversationId(), caller.userId());
            return new Mutation<>(c.conversationId(), position);
        });
    }

    // ---- status -------------------------------------------------------------------------------

    /** Statuses anyone who sees the conversation may set; the others are staff-only. */
    private static final Set<String> CUSTOMER_STATUSES = Set.of("open", "answered", "closed");

    public Mutation<String> setStatus(Caller caller, String idOrShortId, String status) {
        return mutate(h -> {
            ConversationRow c = lockedOrFail(h, caller, idOrShortId);
            if (!CUSTOMER_STATUSES.contains(status) && !caller.isEmployee()) {
                throw ApiError.forbidden("Only staff may set the status '" + status + "'");
            }
            changeStatus(h, c, status, caller.userId(), Clock.nowMillis());
            long position = events.append(h, "ConversationStatusChanged", c.conversationId(), caller.userId());
            return new Mutation<>(c.conversationId(), position);
        });
    }

    /** Sets the status and appends its STATUS_UPDATE, unless it already is that status. */
    private static void changeStatus(Handle h, ConversationRow c, String status, String by, long at) {
        if (status.equals(c.status())) {
            return;
        }
        ConversationRepository.updateStatus(h, c.conversationId(), status);
        TimelineRepository.append(h, c.conversationId(), "STATUS_UPDATE", at, by, statusMessage(status), false);
    }

    static String statusMessage(String status) {
        return switch (status) {
            case "open" -> "STATUS_OPEN";
            case "answered" -> "STATUS_ANSWERED";
            case "closed" -> "STATUS_CLOSED";
            case "inProgress" -> "STATUS_IN_PROGRESS";
            case "waiting" -> "STATUS_WAITING";
            default -> throw new IllegalArgumentException(status);
        };
    }

    // ---- messages -----------------------------------------------------------------------------

    public Mutation<String[]> createMessage(Caller caller, String idOrShortId, JsonNode body) {
        return createMessage(caller, idOrShortId, body, (h, conversationId, messageId) -> { });
    }

    /** A step another feature runs inside a new message's transaction (its failure rolls the message back). */
    @FunctionalInterface
    public interface MessageStep {
        void run(Handle h, String conversationId, String messageId);
    }

    /**
     * Creates a message as {@link #createMessage(Caller, String, JsonNode)} does and runs
     * {@code alsoInTransaction} in its transaction, after the message and its files are written
     * (e-mail in records the mail there, so that a mail becomes at most one message).
     */
    public Mutation<String[]> createMessage(Caller caller, String idOrShortId, JsonNode body, MessageStep alsoInTransaction) {
        boolean internal = body.path("internal").asBoolean(false);
        String content = body.hasNonNull("messageContent") ? body.get("messageContent").asText() : null;
        List<String> fileIds = new ArrayList<>();
        body.path("fileIds").forEach(f -> {
            if (!fileIds.contains(f.asText())) {
                fileIds.add(f.asText());
            }
        });
        if ((content == null || content.isBlank()) && fileIds.isEmpty()) {
            throw ApiError.validation(".messageContent", "minLength", "a message needs text or files", Map.of("limit", "1"));
        }
        String text = content == null || content.isBlank() ? null : content;
        return mutate(h -> {
            ConversationRow c = lockedOrFail(h, caller, idOrShortId);
            if (internal && !caller.isEmployee()) {
                throw ApiError.forbidden("Only staff may write internal notes");
            }
            long now = Clock.nowMillis();
            TimelineEntry m = TimelineRepository.append(h, c.conversationId(), "MESSAGE", now, caller.userId(), text, internal);
            FileService.attach(h, caller, c.conversationId(), m.entryId(), fileIds);
            alsoInTransaction.run(h, c.conversationId(), m.entryId());
            if (!internal) {
                ConversationRepository.updateLastMessage(h, c.conversationId(), m.entryId(), m.createdAt(), caller.userId(),
                        caller.isEmployee());
                if (caller.isEmployee()) {
                    changeStatus(h, c, "answered", caller.userId(), m.createdAt());
                } else if (Set.of("closed", "answered", "waiting").contains(c.status())) {
                    changeStatus(h, c, "open", caller.userId(), m.createdAt());
                }
            }
            long position = events.append(h, "MessageCreated", c.conversationId(), caller.userId(), m.entryId(),
                    internal ? EventLog.STAFF : null);
            return new Mutation<>(new String[]{c.conversationId(), m.entryId()}, position);
        });
    }

    public Mutation<String> updateMessage(Caller caller, String idOrShortId, String messageId, String content) {
        if (content == null || content.isBlank()) {
            throw ApiError.validation(".messageContent", "minLength", "a message cannot be empty", Map.of("limit", "1"));
        }
        return mutate(h -> {
            ConversationRow c = lockedOrFail(h, caller, idOrShortId);
            TimelineEntry entry = TimelineRepository.find(h, c.conversationId(), messageId)
                    .filter(e -> caller.isEmployee() || !e.internal())
                    .orElseThrow(() -> ApiError.notFound("Message not found"));
            if (!"MESSAGE".equals(entry.type())) {
                throw ApiError.forbidden("Only messages can be edited, not status updates");
            }
            if (!caller.userId().equals(entry.createdBy())) {
                throw ApiError.forbidden("Only the author may edit a message");
            }
            TimelineRepository.updateContent(h, entry, content, Clock.nowMillis());
            long position = events.append(h, "MessageUpdated", c.conversationId(), caller.userId(), entry.entryId(),
                    entry.internal() ? EventLog.STAFF : null);
            return new Mutation<>(entry.entryId(), position);
        });
    }

    // ---- reads --------------------------------------------------------------------------------

    /**
     * The conversation as the contract renders it (the same bytes for everyone who may see it).
     * The access check runs on every call, against the row as current as the cached body.
     */
    public byte[] get(Caller caller, String idOrShortId) {
        String id = Ids.isUuid(idOrShortId) ? idOrShortId : cache.conversationIdOf(idOrShortId)
                .orElseGet(() -> resolveShortId(idOrShortId));
        ConversationCache.Entry entry = id == null ? null : cache.find(id).orElseGet(() -> load(id));
        if (entry == null || !AccessPolicy.canSee(caller, entry.row())) {
            throw ApiError.notFound("Conversation not found");
        }
        return entry.body();
    }

    /**
     * The conversation's body as {@link #get} would answer it, when it is cached and {@code caller}
     * may see it; null otherwise (the caller then takes the full path: a load, or the 404).
     */
    public byte[] cachedBody(Caller caller, String conversationId) {
        return cache.find(conversationId).filter(e -> AccessPolicy.canSee(caller, e.row()))
                .map(ConversationCache.Entry::body).orElse(null);
    }

    private String resolveShortId(String shortId) {
        long version = cache.identityVersion();
        String id = database.read(h -> ConversationRepository.find(h, shortId).map(ConversationRow::conversationId).orElse(null));
        if (id != null && !dev.parley.storage.ReadRoute.currentIsReplica()) {
            cache.rememberShortId(shortId, id, version);
        }
        return id;
    }

    /** Loads and renders a conversation, keeping it unless it came from a replica (which may be behind). */
    private ConversationCache.Entry load(String conversationId) {
        ConversationCache.Ticket ticket = cache.ticket(conversationId); // before reading: see ConversationCache
        return database.read(h -> {
            ConversationRow row = ConversationRepository.find(h, conversationId)
                    .filter(c -> c.conversationId().equals(conversationId)).orElse(null);
            if (row == null) {
                return null;
            }
            byte[] body = dev.parley.api.Json.bytes(ConversationView.conversations(h, List.of(row)).get(0));
            if (dev.parley.storage.ReadRoute.currentIsReplica()) {
                return new ConversationCache.Entry(row, body, ticket.stamp(), ticket.identityVersion());
            }
            return cache.put(ticket, row, body);
        });
    }

    public record ListResult(List<ObjectNode> items, long total) {
    }

    /**
     * One page of the conversations {@code caller} may see, as JSON objects (the desk's pages). A
     * search goes to the search engine first (the SQL index answers what it does not); its total
     * is capped ({@link SearchCounts}).
     */
    public ListResult list(Caller caller, ConversationRepository.ListQuery query) {
        Optional<ConversationSearch.Hits> hits = searched(caller, query);
        return database.read(h -> {
            if (hits.isPresent()) {
                List<ConversationRow> rows = ConversationRepository.findAll(h, hits.get().conversationIds());
                return new ListResult(ConversationView.conversations(h, rows), hits.get().total());
            }
            ConversationRepository.Page page = ConversationRepository.list(h, caller, query);
            return new ListResult(ConversationView.conversations(h, page.rows()), total(query, page.total()));
        });
    }

    /** A page as the API sends it: the JSON array's bytes and the total. */
    public record JsonPage(byte[] json, long total) {
    }

    /**
     * {@link #list} as the API sends it, assembled from the rendered conversations the cache
     * holds (the same bytes as {@code GET /v2/conversations/{id}}); only those it lacks are read
     * and rendered, and kept for the next page or read. The access check runs again on each.
     */
    public JsonPage listJson(Caller caller, ConversationRepository.ListQuery query) {
        if (isSearch(query)) {
            return assemble(caller, query);
        }
        // lists (not searches: those are rarely asked twice) are kept whole until something the caller sees changes
        Optional<ListPageCache.Page> kept = pages.find(caller, query);
        if (kept.isPresent()) {
            return new JsonPage(kept.get().json(), kept.get().total());
        }
        ListPageCache.Ticket ticket = pages.ticket();
        JsonPage page = assemble(caller, query);
        pages.put(ticket, caller, query, new ListPageCache.Page(page.json(), page.total()));
        return page;
    }

    private JsonPage assemble(Caller caller, ConversationRepository.ListQuery query) {
        Optional<ConversationSearch.Hits> hits = searched(caller, query);
        List<String> ids;
        long total;
        List<ConversationRow> known = null;
        if (hits.isPresent()) {
            ids = hits.get().conversationIds();
            total = hits.get().total();
        } else {
            ConversationRepository.Page page = database.read(h -> ConversationRepository.list(h, caller, query));
            known = page.rows();
            ids = known.stream().map(ConversationRow::conversationId).toList();
            total = total(query, page.total());
        }
        Map<String, ConversationCache.Entry> entries = entries(ids);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(ids.size() * 1300 + 2);
        out.write('[');
        boolean first = true;
        for (String id : ids) {
            ConversationCache.Entry e = entries.get(id);
            if (e == null || !AccessPolicy.canSee(caller, e.row())) {
                continue; // removed since the page was found; or never visible (the filters already exclude it)
            }
            if (!first) {
                out.write(',');
            }
            out.writeBytes(e.body());
            first = false;
        }
        out.write(']');
        return new JsonPage(out.toByteArray(), total);
    }

    /**
     * The bodies of {@code GET /v2/conversations/{id}} of those of {@code ids} the caller may
     * see, from the cache where it holds them (others are read, rendered and kept).
     */
    public Map<String, byte[]> bodies(Caller caller, List<String> ids) {
        Map<String, byte[]> out = new HashMap<>();
        entries(ids).forEach((id, e) -> {
            if (AccessPolicy.canSee(caller, e.row())) {
                out.put(id, e.body());
            }
        });
        return out;
    }

    /** The cache's entries of {@code ids}; those it lacks are loaded (and kept); deleted ones are left out. */
    private Map<String, ConversationCache.Entry> entries(List<String> ids) {
        Map<String, ConversationCache.Entry> entries = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            cache.find(id).ifPresentOrElse(e -> entries.put(id, e), () -> missing.add(id));
        }
        if (!missing.isEmpty()) {
            entries.putAll(loadAll(missing));
        }
        return entries;
    }

    /** Reads and renders {@code ids} in one go, keeping them in the cache (unless read from a replica). */
    private Map<String, ConversationCache.Entry> loadAll(List<String> ids) {
        Map<String, ConversationCache.Ticket> tickets = new HashMap<>();
        ids.forEach(id -> tickets.put(id, cache.ticket(id))); // before reading: see ConversationCache
        return database.read(h -> {
            List<ConversationRow> rows = ConversationRepository.findAll(h, ids);
            List<ObjectNode> rendered = ConversationView.conversations(h, rows);
            boolean replica = dev.parley.storage.ReadRoute.currentIsReplica();
            Map<String, ConversationCache.Entry> out = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                ConversationRow row = rows.get(i);
                byte[] body = dev.parley.api.Json.bytes(rendered.get(i));
                ConversationCache.Ticket ticket = tickets.get(row.conversationId());
                out.put(row.conversationId(), replica
                        ? new ConversationCache.Entry(row, body, ticket.stamp(), ticket.identityVersion())
                        : cache.put(ticket, row, body));
            }
            return out;
        });
    }

    private Optional<ConversationSearch.Hits> searched(Caller caller, ConversationRepository.ListQuery query) {
        return isSearch(query) ? search.find(caller, query) : Optional.empty();
    }

    private static boolean isSearch(ConversationRepository.ListQuery query) {
        return !query.searchExpressions().isEmpty() || query.searchExclusion() != null;
    }

    private static long total(ConversationRepository.ListQuery query, long counted) {
        return isSearch(query) ? SearchCounts.reported(counted) : counted;
    }

    public List<ObjectNode> messages(Caller caller, String idOrShortId) {
        return database.read(h -> {
            ConversationRow c = visibleOrFail(h, caller, idOrShortId);
            List<TimelineEntry> entries = TimelineRepository.list(h, c.conversationId(), caller.isEmployee());
            Set<String> userIds = new HashSet<>();
            entries.forEach(e -> {
                if (e.createdBy() != null) {
                    userIds.add(e.createdBy());
                }
            });
            Map<String, User> users = IdentityRepository.findUsers(h, userIds);
            List<ObjectNode> out = new ArrayList<>(entries.size());
            Map<String, List<FileRow>> files = FileService.filesOf(h, entries);
            entries.forEach(e -> out.add(ConversationView.entry(e, users, files.getOrDefault(e.entryId(), List.of()))));
            return out;
        });
    }

    /** Everyone who can follow the conversation without being staff, plus staff who wrote in it. */
    public List<ObjectNode> members(Caller caller, String idOrShortId) {
        return database.read(h -> {
            ConversationRow c = visibleOrFail(h, caller, idOrShortId);
            Set<String> ids = new java.util.LinkedHashSet<>();
            ids.add(c.createdBy());
            ids.add(c.mainUserId());
            if (c.sharedAggregate() != null) {
                switch (c.sharedAggregate()) {
                    case "user" -> ids.add(c.sharedId());
                    case "customer" -> ids.addAll(IdentityRepository.customerMemberIds(h, c.sharedId()));
                    case "project" -> ids.addAll(IdentityRepository.projectMemberIds(h, c.sharedId()));
                    case "placementgroup" -> IdentityRepository.placementGroupCustomer(h, c.sharedId())
                            .ifPresent(customer -> ids.addAll(IdentityRepository.customerMemberIds(h, customer)));
                    default -> {
                    }
                }
            }
            TimelineRepository.list(h, c.conversationId(), caller.isEmployee()).forEach(e -> {
                if (e.createdBy() != null) {
                    ids.add(e.createdBy());
                }
            });
            Map<String, User> users = IdentityRepository.findUsers(h, ids);
            List<ObjectNode> out = new ArrayList<>();
            for (String id : ids) {
                User u = users.get(id);
                if (u != null) {
                    out.add(ConversationView.user(u));
                }
            }
            return out;
        });
    }

    public ObjectNode preferences(Caller caller, String customerId) {
        return database.read(h -> {
            if (!caller.isEmployee() && !caller.customerIds().contains(customerId)
                    || !IdentityRepository.customerExists(h, customerId)) {
                throw ApiError.notFound("Customer not found");
            }
            PreferencesRepository.Preferences p = PreferencesRepository.find(h, customerId);
            ObjectNode node = dev.parley.api.Json.MAPPER.createObjectNode();
            node.put("customerId", customerId);
            ObjectNode preferred = node.putObject("preferredUsers");
            ObjectNode pairs = preferred.putObject("categoryUserPairs");
            new LinkedHashMap<>(p.categoryUserPairs()).forEach(pairs::put);
            if (p.fallback() != null) {
                preferred.put("fallback", p.fallback());
            }
            return node;
        });
    }

    /** The visible conversation, locked for this write transaction and read again under the lock. */
    private static ConversationRow lockedOrFail(Handle h, Caller caller, String idOrShortId) {
        ConversationRow c = visibleOrFail(h, caller, idOrShortId);
        ConversationRepository.lock(h, c.conversationId());
        return ConversationRepository.find(h, c.conversationId()).orElseThrow();
    }

    private static ConversationRow visibleOrFail(Handle h, Caller caller, String idOrShortId) {
        return ConversationRepository.find(h, idOrShortId)
                .filter(c -> AccessPolicy.canSee(caller, c))
                .orElseThrow(() -> ApiError.notFound("Conversation not found"));
    }
}
