package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;

/**
 * Parley's documented additions to mittwald's contract. Each keeps the contract a subset of
 * what Parley accepts: nothing valid against the contract becomes invalid.
 *
 * <ul>
 *   <li>Staff statuses: {@code PUT …/status} also takes {@code inProgress} and {@code waiting}
 *       (employees only).</li>
 *   <li>Staff notes: {@code POST …/messages} takes {@code internal: true} (employees only);
 *       such messages are never shown to customers.</li>
 *   <li>Attachment deletion: {@code DELETE /v2/conversations/{id}/files/{fileId}} (employees only).</li>
 *   <li>Live events: {@code GET /v2/events}, a Server-Sent Events stream (events/stream/EventStream).</li>
 *   <li>Short ids: where a path takes a conversation id, the conversation's {@code shortId}
 *       works too (checked by the handler, so the path parameter's {@code format} is lifted).</li>
 *   <li>The staff desk ({@value #DESK_RESOURCE}, served by {@code dev.parley.queue.DeskApi}):
 *       assignment, the staff queue and its counts, per-user read state, a conversation's
 *       customer context. Its paths are added, its {@code parameters} inlined where referenced,
 *       its {@code schemas} added to {@code components.schemas}.</li>
 * </ul>
 */
final class ContractExtensions {
    static final String DESK_RESOURCE = "/contract/parley-desk-extensions.json";

    /** Staff remove an attachment; it shows as DeletedFile afterwards. */
    private static final String DELETE_FILE = """
            {"delete": {
              "operationId": "parley-delete-conversation-file",
              "summary": "Parley extension: delete an attachment (staff only).",
              "tags": ["Conversation"],
              "parameters": [
                {"name": "conversationId", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                {"name": "fileId", "in": "path", "required": true, "schema": {"type": "string"}}
              ],
              "responses": {
                "204": {"description": "Deleted"},
                "400": {"$ref": "#/components/responses/de.mittwald.v1.commons.ValidationError"},
                "403": {"$ref": "#/components/responses/de.mittwald.v1.commons.DefaultError"},
                "404": {"$ref": "#/components/responses/de.mittwald.v1.commons.NotFoundError"},
                "429": {"$ref": "#/components/responses/de.mittwald.v1.commons.RateLimitError"},
                "default": {"$ref": "#/components/responses/de.mittwald.v1.commons.DefaultError"}
              }
            }}""";

    /** The live event stream (Server-Sent Events); see docs/ARCHITECTURE.md, Live events. */
    private static final String EVENTS = """
            {"get": {
              "operationId": "parley-get-events",
              "summary": "Parley extension: a Server-Sent Events stream of the events the caller may see.",
              "description": "Each event: id = its event-log position (the number in ETags and if-event-reached), event = its kind (ConversationCreated, ConversationUpdated, ConversationStatusChanged, MessageCreated, MessageUpdated, FileUploadRequested, FileUploaded, FileDeleted; kinds added later pass through), data = JSON {kind, position, conversationId, messageId | fileId, audience}. Staff notes reach employees only; access is checked per event when it is delivered. Resume with the Last-Event-ID header (or lastEventId): every visible event after it is sent, then live ones. Comments (': heartbeat') keep an idle stream open.",
              "tags": ["Conversation"],
              "parameters": [
                {"name": "conversationId", "in": "query", "required": false, "schema": {"type": "string"},
                 "description": "Only events of this conversation (its UUID or shortId); 404 when not visible."},
                {"name": "lastEventId", "in": "query", "required": false, "schema": {"type": "string"},
                 "description": "Resume after this position, for clients that cannot set Last-Event-ID (the header wins)."},
                {"name": "Last-Event-ID", "in": "header", "required": false, "schema": {"type": "string"},
                 "description": "Resume after this position (sent by EventSource when it reconnects)."}
              ],
              "responses": {
                "200": {"description": "The stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}},
                "400": {"$ref": "#/components/responses/de.mittwald.v1.commons.ValidationError"},
                "404": {"$ref": "#/components/responses/de.mittwald.v1.commons.NotFoundError"},
                "412": {"$ref": "#/components/responses/de.mittwald.v1.commons.DefaultError"},
                "429": {"$ref": "#/components/responses/de.mittwald.v1.commons.RateLimitError"},
                "503": {"$ref": "#/components/responses/de.mittwald.v1.commons.DefaultError"},
                "default": {"$ref": "#/components/responses/de.mittwald.v1.commons.DefaultError"}
              }
            }}""";

    private ContractExtensions() {
    }

    static void apply(ObjectNode doc) {
        ObjectNode paths = (ObjectNode) doc.get("paths");
        paths.set("/v2/conversations/{conversationId}/files/{fileId}", Json.tree(DELETE_FILE));
        addDesk(doc, paths);
        paths.set("/v2/events", Json.tree(EVENTS));
        ObjectNode statusBody = (ObjectNode) paths.at("/~1v2~1conversations~1{conversationId}~1status/put/requestBody/content/application~1json/schema/properties/status");
        ArrayNode statuses = (ArrayNode) statusBody.get("enum");
        statuses.add("inProgress").add("waiting");

        ObjectNode messageProps = (ObjectNode) paths.at("/~1v2~1conversations~1{conversationId}~1messages/post/requestBody/content/application~1json/schema/properties");
        messageProps.putObject("internal").put("type", "boolean")
                .put("description", "Parley extension: a staff note, visible to employees only.");

        // a search's total is capped (conversation/SearchCounts); the header keeps its shape
        ObjectNode total = (ObjectNode) paths.at("/~1v2~1conversations/get/responses/200/headers/X-Pagination-TotalCount");
        if (total.isObject()) {
            total.put("description", total.path("description").asText()
                    + " Parley: with fullTextSearch, exact up to " + dev.parley.conversation.SearchCounts.CAP
                    + " matches; above that it is " + dev.parley.conversation.SearchCounts.CAP
                    + " (the pages past it are still answered). Without a search, always exact.");
        }

        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (op.getValue().has("parameters")) {
                op.getValue().get("parameters").forEach(p -> {
                    if ("conversationId".equals(p.path("name").asText()) && "path".equals(p.path("in").asText())) {
                        ObjectNode schema = (ObjectNode) p.get("schema");
                        schema.remove("format");
                        schema.put("description", "Parley extension: the conversation's UUID or its shortId.");
                    }
                });
            }
        }));
    }

    /** Adds the desk's paths and schemas; a parameter {@code $ref} to the file's own {@code parameters} is inlined. */
    private static void addDesk(ObjectNode doc, ObjectNode paths) {
        JsonNode desk;
        try (InputStream in = ContractExtensions.class.getResourceAsStream(DESK_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + DESK_RESOURCE);
            }
            desk = Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + DESK_RESOURCE, e);
        }
        JsonNode parameters = desk.path("parameters");
        desk.path("paths").fields().forEachRemaining(path -> {
            path.getValue().forEach(op -> {
                ArrayNode params = (ArrayNode) op.path("parameters");
                for (int i = 0; i < params.size(); i++) {
                    String ref = params.get(i).path("$ref").asText("");
                    if (ref.startsWith("#/components/parameters/")) {
                        params.set(i, parameters.get(ref.substring("#/components/parameters/".length())).deepCopy());
                    }
                }
            });
            if (paths.has(path.getKey())) {
                throw new IllegalStateException("The desk extension redefines " + path.getKey());
            }
            paths.set(path.getKey(), path.getValue());
        });
        ObjectNode schemas = (ObjectNode) doc.path("components").path("schemas");
        desk.path("schemas").fields().forEachRemaining(schema -> schemas.set(schema.getKey(), schema.getValue()));
    }
}
