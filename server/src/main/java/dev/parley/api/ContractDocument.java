package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parley's OpenAPI document: mittwald's contract (bundled unchanged as a resource) plus
 * Parley's documented extensions, applied by {@link ContractExtensions}. Gives each operation's
 * parameters, request body schema and response schemas with every {@code $ref} inlined, so
 * that a JSON-Schema validator can check them on their own.
 */
public final class ContractDocument {
    public static final String CONTRACT_RESOURCE = "/contract/mittwald-conversation-file-v2.openapi.json";

    private final ObjectNode document;
    private final Map<String, Operation> operations = new LinkedHashMap<>();

    /** One operation of the document. */
    public record Operation(String id, String method, String path, JsonNode node) {
    }

    private ContractDocument(ObjectNode document) {
        this.document = document;
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(method -> {
                JsonNode op = method.getValue();
                if (op.has("operationId")) {
                    String id = op.get("operationId").asText();
                    operations.put(id, new Operation(id, method.getKey().toUpperCase(), path.getKey(), op));
                }
            });
        }
    }

    /** The contract exactly as mittwald publishes it. */
    public static ContractDocument contract() {
        return new ContractDocument(load());
    }

    /** The contract with Parley's extensions: what the server implements and validates against. */
    public static ContractDocument parley() {
        ObjectNode doc = load();
        ContractExtensions.apply(doc);
        return new ContractDocument(doc);
    }

    /** A document of one's own (tests: operations the contract does not have). */
    static ContractDocument of(ObjectNode document) {
        return new ContractDocument(document);
    }

    private static ObjectNode load() {
        try (InputStream in = ContractDocument.class.getResourceAsStream(CONTRACT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + CONTRACT_RESOURCE);
            }
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the contract", e);
        }
    }

    public ObjectNode document() {
        return document;
    }

    public Map<String, Operation> operations() {
        return operations;
    }

    public Operation operation(String operationId) {
        Operation op = operations.get(operationId);
        if (op == null) {
            throw new IllegalArgumentException("No operation " + operationId);
        }
        return op;
    }

    /** The JSON request body schema of the operation, refs inlined, or null. */
    public JsonNode requestBodySchema(String operationId) {
        JsonNode body = resolve(operation(operationId).node().path("requestBody"));
        JsonNode schema = body.path("content").path("application/json").path("schema");
        return schema.isMissingNode() ? null : inline(schema);
    }

    /** The operation's parameters (refs inlined). */
    public ArrayNode parameters(String operationId) {
        JsonNode params = operation(operationId).node().path("parameters");
        ArrayNode out = Json.MAPPER.createArrayNode();
        params.forEach(p -> out.add(inline(p)));
        return out;
    }

    /**
     * The response schema for a status (falling back to {@code default}) and media type, refs
     * inlined; null if the contract documents no body there.
     */
    public JsonNode responseSchema(String operationId, int status, String mediaType) {
        JsonNode responses = operation(operationId).node().path("responses");
        JsonNode response = responses.path(String.valueOf(status));
        if (response.isMissingNode()) {
            response = responses.path("default");
        }
        if (response.isMissingNode()) {
            return null;
        }
        JsonNode schema = resolve(response).path("content").path(mediaType).path("schema");
        return schema.isMissingNode() ? null : inline(schema);
    }

    /**
     * The {@code content} a response of this status (falling back to {@code default}) declares,
     * media type → entry, refs resolved: empty when it declares no body, null when the contract
     * documents neither the status nor a default.
     */
    public JsonNode responseContent(String operationId, int status) {
        JsonNode responses = operation(operationId).node().path("responses");
        JsonNode response = responses.path(String.valueOf(status));
        if (response.isMissingNode()) {
            response = responses.path("default");
        }
        if (response.isMissingNode()) {
            return null;
        }
        JsonNode content = resolve(response).path("content");
        return content.isMissingNode() ? Json.MAPPER.createObjectNode() : content;
    }

    /** Whether the contract lists the status for the operation (explicitly, not via default). */
    public boolean documentsStatus(String operationId, int status) {
        return operation(operationId).node().path("responses").has(String.valueOf(status));
    }

    /** Whether the operation is public ({@code security: []}). */
    public boolean isPublic(String operationId) {
        JsonNode security = operation(operationId).node().get("security");
        return security != null && security.isArray() && security.isEmpty();
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = pointer(current.get("$ref").asText());
        }
        return current;
    }

    private JsonNode pointer(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalStateException("External $ref not supported: " + ref);
        }
        JsonNode target = document.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalStateException("Dangling $ref " + ref);
        }
        return target;
    }

    /** A deep copy of {@code node} with every local {@code $ref} replaced by its target. */
    public JsonNode inline(JsonNode node) {
        if (node.isObject()) {
            if (node.has("$ref")) {
                return inline(pointer(node.get("$ref").asText()));
            }
            ObjectNode copy = Json.MAPPER.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), inline(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            node.forEach(item -> copy.add(inline(item)));
            return copy;
        }
        return node;
    }
}
