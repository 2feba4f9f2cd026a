package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ApiError;
import dev.parley.api.ContractDocument;
import dev.parley.api.Json;
import dev.parley.api.SchemaCheck;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates responses against mittwald's contract (the unextended document; Parley's own
 * operations against its extended one): what the contract declares for the operation and status
 * (or the operation's {@code default}) is what the response must be, JSON where JSON is declared,
 * matching the schema; no response may be a 5xx ({@link #assertCleanFault} is for the tests that
 * provoke one).
 */
public final class ContractAssertions {
    private static final ContractDocument CONTRACT = ContractDocument.contract();
    /** Parley's extensions of the contract (served at /openapi.json), for the operations it adds. */
    private static final ContractDocument EXTENDED = ContractDocument.parley();
    private static final Map<String, SchemaCheck> CHECKS = new ConcurrentHashMap<>();

    private ContractAssertions() {
    }

    public static ContractDocument contract() {
        return CONTRACT;
    }

    /**
     * A refusal because of a fault underneath (the database away: 503, the disk full: 507): in
     * the contract's error shape (the operation's {@code default} response), JSON, no stack trace.
     */
    public static void assertCleanFault(String operationId, ApiResponse response) {
        CONTRACT.operation(operationId);
        if (response.status() != 503 && response.status() != 507) {
            throw new AssertionError(response.request() + ": expected 503 or 507, got " + response.status()
                    + ": " + response.text());
        }
        String contentType = String.valueOf(response.header("Content-Type"));
        if (!contentType.startsWith("application/json")) {
            throw new AssertionError(response.request() + ": " + response.status() + " is not JSON: " + contentType);
        }
        JsonNode schema = CONTRACT.responseSchema(operationId, response.status(), "application/json");
        List<ApiError.FieldError> errors = new SchemaCheck(schema).check(response.json(), "");
        if (!errors.isEmpty()) {
            throw new AssertionError(response.request() + ": " + response.status() + " does not match the contract: "
                    + errors + "\nbody: " + response.text());
        }
        String expectedType = response.status() == 503 ? "ServiceUnavailable" : "InsufficientStorage";
        if (!expectedType.equals(response.json().path("type").asText()) || response.text().contains("Exception")
                || response.text().contains("\tat ")) {
            throw new AssertionError(response.request() + ": unexpected fault body " + response.text());
        }
    }

    /**
     * The response is what the contract declares for its status (or the operation's
     * {@code default}): no 5xx at all; no body where none is declared; where JSON is declared, a
     * JSON Content-Type and a body matching the schema; where only bytes are declared (downloads:
     * {@code application/octet-stream}, {@code text/plain;base64}), anything but JSON, since Parley
     * sends the content type it verified from the bytes (the download tests check those).
     */
    public static void assertMatchesContract(String operationId, ApiResponse response) {
        // mittwald's operations are checked against mittwald's document, Parley's additions against /openapi.json
        ContractDocument document = CONTRACT.operations().containsKey(operationId) ? CONTRACT : EXTENDED;
        document.operation(operationId); // fails for an unknown operation id
        String what = response.request() + ": response " + response.status();
        if (response.status() >= 500) {
            throw new AssertionError(response.request() + ": server error " + response.status() + ": " + response.text());
        }
        JsonNode content = document.responseContent(operationId, response.status());
        if (content == null) {
            throw new AssertionError(what + ": the contract documents neither this status nor a default");
        }
        if (content.isEmpty()) {
            if (response.body().length > 0) {
                throw new AssertionError(what + ": the contract documents no body here but got " + response.text());
            }
            return;
        }
        String contentType = response.header("Content-Type");
        boolean json = contentType != null && "application/json".equalsIgnoreCase(contentType.split(";")[0].trim());
        if (!content.has("application/json")) {
            if (json) {
                throw new AssertionError(what + ": the contract declares " + fieldNames(content)
                        + " here, not application/json: " + response.text());
            }
            return;
        }
        if (!json) {
            throw new AssertionError(what + ": the contract declares application/json here, got Content-Type "
                    + contentType + ": " + response.text());
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(what + ": the body is not JSON: " + response.text(), e);
        }
        if (body == null || body.isMissingNode()) {
            throw new AssertionError(what + ": the body is not JSON (empty)");
        }
        JsonNode schema = document.responseSchema(operationId, response.status(), "application/json");
        String key = (document == CONTRACT ? "" : "parley:") + operationId + "#" + response.status();
        SchemaCheck check = CHECKS.computeIfAbsent(key, k -> new SchemaCheck(schema));
        List<ApiError.FieldError> errors = check.check(body, "");
        if (!errors.isEmpty()) {
            throw new AssertionError(what + " does not match the contract: " + errors + "\nbody: " + response.text());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
