package dev.parley.desk.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.Platform;
import dev.parley.account.DeskSessions;
import dev.parley.account.Session;
import dev.parley.api.ApiError;
import dev.parley.api.ErrorResponses;
import dev.parley.api.Json;
import dev.parley.conversation.CategoryRepository;
import dev.parley.conversation.ConversationService;
import dev.parley.conversation.Mutation;
import dev.parley.desk.Desk;
import dev.parley.file.FileService;
import dev.parley.file.UploadReceiver;
import dev.parley.identity.Caller;
import dev.parley.queue.DeskServices;
import dev.parley.storage.Ids;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conversation screens: a new request ({@code GET /conversations/new}, {@code POST
 * /conversations}), a conversation ({@code GET /conversations/{id}}: the customer's thread or
 * staff's three-column workspace), its timeline fragment for live updates, and the forms on it
 * (reply or note, edit, status, assignment) and attachment uploads. Every call goes to the same
 * services as the API, so the rules are theirs; a refused form shows the API's messages inline,
 * and what the viewer may not see is the desk's not-found page, like what does not exist.
 */
public final class ConversationPages {
    static final Set<String> STATUSES = Set.of("open", "answered", "inProgress", "waiting", "closed");
    /** The upload route: one fixed path, so that the body limit for uploads can name it. */
    static final String UPLOAD_PATH = "/conversations/uploads";

    private final Desk desk;
    private final DeskSessions sessions;
    private final ConversationService conversations;
    private final FileService files;
    private final DeskServices staffDesk;
    private final DeskDirectory directory;
    private final Platform platform;

    private ConversationPages(Platform platform, Desk desk, DeskSessions sessions, ConversationService conversations,
                              FileService files, DeskServices staffDesk) {
        this.platform = platform;
        this.desk = desk;
        this.sessions = sessions;
        this.conversations = conversations;
        this.files = files;
        this.staffDesk = staffDesk;
        this.directory = new DeskDirectory(platform.database());
    }

    public static void install(Platform platform, Desk desk, DeskSessions sessions, ConversationService conversations,
                               FileService files, DeskServices staffDesk) {
        ConversationPages pages = new ConversationPages(platform, desk, sessions, conversations, files, staffDesk);
        platform.bodyLimit().allow("POST", UPLOAD_PATH,
                files.rules().maxSizeInBytes() + UploadReceiver.MULTIPART_ENVELOPE_BYTES);
        platform.routes(r -> {
            // fixed paths before /conversations/{id}
            r.http().get("/conversations/new", pages::newForm);
            r.http().post("/conversations", pages::create);
            r.http().post(UPLOAD_PATH, pages::upload);
            r.http().get("/conversations/{id}", pages::show);
            r.http().get("/conversations/{id}/timeline", pages::timelineFragment);
            r.http().post("/conversations/{id}/messages", pages::reply);
            r.http().post("/conversations/{id}/messages/{messageId}", pages::editMessage);
            r.http().post("/conversations/{id}/status", pages::status);
            r.http().post("/conversations/{id}/assignee", pages::assign);
        });
    }

    // ---- new conversation ---------------------------------------------------------------------

    private void newForm(Context ctx) {
        Session session = sessions.require(ctx);
        renderNewForm(ctx, 200, session, Map.of(), List.of());
    }

    private void renderNewForm(Context ctx, int status, Session session, Map<String, String> values, List<String> errors) {
        Caller caller = session.caller();
        Map<String, Object> model = new HashMap<>();
        model.put("categories", platform.database().read(CategoryRepository::list));
        model.put("customers", directory.customers(caller.customerIds()));
        model.put("projects", directory.projects(caller.projectIds()));
        model.put("csrf", session.csrfToken());
        model.put("values", values);
        model.put("errors", errors);
        model.put("limits", UploadLimits.of(files.rules()));
        desk.pages().render(ctx, status, "conversation/new.jte", model);
    }

    private void create(Context ctx) {
        Session session = sessions.require(ctx);
        Map<String, String> values = new HashMap<>();
        for (String field : List.of("categoryId", "title", "messageContent", "share")) {
            String v = ctx.formParam(field);
            values.put(field, v == null ? "" : v);
        }
        // desk.js sends the message later, with the uploaded files (draft=1); without script it comes along
        boolean draft = "1".equals(ctx.formParam("draft"));
        try {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("title", values.get("title"));
            if (!values.get("categoryId").isEmpty()) {
                body.put("categoryId", values.get("categoryId"));
            }
            if (!draft && !values.get("messageContent").isBlank()) {
                body.put("messageContent", values.get("messageContent"));
            }
            body.set("sharedWith", audience(session.caller(), values.get("share")));
            Mutation<String> m = conversations.create(session.caller(), body);
            if (wantsJson(ctx)) {
                json(ctx, 201, Json.MAPPER.createObjectNode().put("conversationId", m.value())
                        .put("location", "/conversations/" + m.value()));
            } else {
                ctx.redirect("/conversations/" + m.value(), HttpStatus.SEE_OTHER);
            }
        } catch (ApiError e) {
            if (wantsJson(ctx)) {
                ErrorResponses.write(ctx, e);
            } else {
                renderNewForm(ctx, e.status(), session, values, messages(e));
            }
        }
    }

    /** The {@code sharedWith} of a choice: "me", "customer:{id}" or "project:{id}" (ReferenceChecks decides). */
    private static ObjectNode audience(Caller caller, String share) {
        String choice = share == null || share.isEmpty() ? "me" : share;
        ObjectNode ref = Json.MAPPER.createObjectNode();
        if (choice.equals("me")) {
            return ref.put("domain", "user").put("aggregate", "user").put("id", caller.userId());
        }
        int colon = choice.indexOf(':');
        String kind = colon < 0 ? "" : choice.substring(0, colon);
        String id = colon < 0 ? "" : choice.substring(colon + 1);
        if (!Set.of("customer", "project").contains(kind) || !Ids.isUuid(id)) {
            throw ApiError.validation(".sharedWith", "enum", "choose who may see the conversation: only you, "
                    + "your customer or one of your projects", Map.of());
        }
        return ref.put("domain", kind).put("aggregate", kind).put("id", id);
    }

    // ---- the conversation ---------------------------------------------------------------------

    private void show(Context ctx) {
        Session session = sessions.require(ctx);
        String id = ctx.pathParam("id");
        ConversationScreen screen = screen(session, id, List.of(), "", false, true);
        render(ctx, 200, screen);
    }

    private void render(Context ctx, int status, ConversationScreen screen) {
        desk.pages().render(ctx, status, screen.staff() ? "conversation/workspace.jte" : "conversation/show.jte",
                Map.of("screen", screen));
    }

    private void timelineFragment(Context ctx) {
        Session session = sessions.require(ctx);
        ConversationScreen screen = screen(session, ctx.pathParam("id"), List.of(), "", false, true);
        desk.pages().render(ctx, 200, "conversation/timeline.jte", Map.of("screen", screen));
    }

    /** Loads what the page shows; {@code markRead}: the viewer has now seen everything up to here. */
    private ConversationScreen screen(Session session, String idOrShortId, List<String> errors, String draft,
                                      boolean draftInternal, boolean markRead) {
        Caller caller = session.caller();
        JsonNode conversation;
        try {
            conversation = Json.MAPPER.readTree(conversations.get(caller, idOrShortId));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String id = conversation.path("conversationId").asText();
        List<ObjectNode> entries = conversations.messages(caller, id);
        long lastRead = Times.millis(staffDesk.readState(caller, id).path("lastReadAt").asText(null));
        if (markRead) {
            staffDesk.markRead(caller, id);
        }
        List<TimelineItem> timeline = Timeline.items(entries, caller, lastRead,
                (fileId) -> "/v2/files/" + enc(fileId) + "?token=" + enc(files.accessToken(caller, id, fileId).token()));
        List<String> members = new ArrayList<>();
        conversations.members(caller, id).forEach(m -> members.add(m.path("clearName").asText()));
        boolean staff = caller.isEmployee();
        String assignee = null;
        List<Choice> colleagues = List.of();
        JsonNode context = null;
        if (staff) {
            assignee = staffDesk.assignment(caller, id).path("assigneeId").asText(null);
            colleagues = directory.activeStaff();
            context = staffDesk.customerContext(caller, id);
        }
        boolean mayClose = staff || caller.userId().equals(conversation.path("createdBy").path("userId").asText())
                || caller.userId().equals(conversation.path("mainUser").path("userId").asText());
        return new ConversationScreen(conversation, timeline, members, staff, mayClose, session.csrfToken(),
                caller.userId(), assignee, colleagues, context, errors, draft, draftInternal, UploadLimits.of(files.rules()));
    }

    // ---- forms on a conversation --------------------------------------------------------------

    private void reply(Context ctx) {
        Session session = sessions.require(ctx);
        String id = ctx.pathParam("id");
        String content = ctx.formParam("messageContent");
        boolean internal = "1".equals(ctx.formParam("internal"));
        act(ctx, session, id, content, internal, () -> {
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (content != null) {
                body.put("messageContent", content);
            }
            body.put("internal", internal);
            ArrayNode fileIds = body.putArray("fileIds");
            for (String f : ctx.formParams("fileIds")) {
                if (!Ids.isUuid(f)) {
                    throw ApiError.validation(".fileIds", "format", "must match format \"uuid\"", Map.of("format", "uuid"));
                }
                fileIds.add(f);
            }
            conversations.createMessage(session.caller(), id, body);
        });
    }

    private void editMessage(Context ctx) {
        Session session = sessions.require(ctx);
        String id = ctx.pathParam("id");
        String messageId = ctx.pathParam("messageId");
        act(ctx, session, id, "", false, () -> {
            if (!Ids.isUuid(messageId)) {
                throw ApiError.validation(".messageId", "format", "must match format \"uuid\"", Map.of("format", "uuid"));
            }
            conversations.updateMessage(session.caller(), id, messageId, ctx.formParam("messageContent"));
        });
    }

    private void status(Context ctx) {
        Session session = sessions.require(ctx);
        String id = ctx.pathParam("id");
        String status = ctx.formParam("status");
        act(ctx, session, id, "", false, () -> {
            if (status == null || !STATUSES.contains(status)) {
                throw ApiError.validation(".status", "enum", "must be equal to one of the allowed values: "
                        + "open, answered, inProgress, waiting, closed", Map.of("allowedValues", "open, answered, inProgress, waiting, closed"));
            }
            conversations.setStatus(session.caller(), id, status);
        });
    }

    private void assign(Context ctx) {
        Session session = sessions.require(ctx);
        String id = ctx.pathParam("id");
        String assignee = ctx.formParam("assigneeId");
        act(ctx, session, id, "", false, () -> {
            String target = assignee == null || assignee.isBlank() ? null
                    : "me".equals(assignee) ? session.userId() : assignee.strip();
            if (target != null && !Ids.isUuid(target)) {
                throw ApiError.validation(".assigneeId", "format", "must match format \"uuid\"", Map.of("format", "uuid"));
            }
            staffDesk.assign(session.caller(), id, target);
        });
    }

    /**
     * Runs a form's action; then 303 back to the conversation (204 for scripts). A refusal shows
     * the page again with the API's messages (and what was typed); not found stays not found.
     */
    private void act(Context ctx, Session session, String id, String draft, boolean internal, Runnable action) {
        try {
            action.run();
        } catch (ApiError e) {
            if (wantsJson(ctx) || e.status() == 404) {
                if (e.status() == 404) {
                    throw e;
                }
                ErrorResponses.write(ctx, e);
                return;
            }
            render(ctx, e.status(), screen(session, id, messages(e), draft == null ? "" : draft, internal, false));
            return;
        }
        if (wantsJson(ctx)) {
            ctx.status(204);
        } else {
            String canonical = Ids.isUuid(id) ? id : conversationIdOf(session, id);
            ctx.redirect("/conversations/" + enc(canonical), HttpStatus.SEE_OTHER);
        }
    }

    private String conversationIdOf(Session session, String idOrShortId) {
        try {
            return Json.MAPPER.readTree(conversations.get(session.caller(), idOrShortId)).path("conversationId").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- uploads ------------------------------------------------------------------------------

    /**
     * {@code POST /conversations/uploads?conversationId=…} (multipart field {@code file}, header
     * X-CSRF-Token): the API's two steps in one, an upload token for the conversation, then the
     * upload through it. Answers the file's meta (its {@code id} goes into the message's fileIds).
     */
    private void upload(Context ctx) throws IOException {
        Session session = sessions.require(ctx);
        String id = ctx.queryParam("conversationId");
        try {
            if (id == null || id.isBlank()) {
                throw ApiError.validation(".conversationId", "required", "conversationId is required",
                        Map.of("missingProperty", "conversationId"));
            }
            String token = files.requestUpload(session.caller(), id).value().path("uploadToken").asText();
            Mutation<ObjectNode> meta = files.upload(token, ctx.req());
            json(ctx, 201, meta.value());
        } catch (ApiError e) {
            ErrorResponses.write(ctx, e);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The API's messages of a refusal: the field messages when there are any, else its message. */
    static List<String> messages(ApiError e) {
        List<String> out = new ArrayList<>();
        for (ApiError.FieldError f : e.fieldErrors()) {
            String field = f.path() == null || f.path().isEmpty() ? "" : f.path().replaceFirst("^\\.", "") + ": ";
            out.add(field + f.message());
        }
        if (out.isEmpty()) {
            out.add(e.getMessage());
        }
        return out;
    }

    static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(Json.bytes(body));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
