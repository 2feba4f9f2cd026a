package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ApiError;
import dev.parley.api.ContractDocument;
import dev.parley.api.SchemaCheck;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates responses against mittwald's contract (the unextended document): the body must
 * match the schema for the operation and status (or the operation's {@code default}), JSON
 * responses must say so in Content-Type, and no response may be a 5xx other than the 501 of
 * operations not yet served.
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

    public static void assertMatchesContract(String operationId, ApiResponse response) {
        // mittwald's operations are checked against mittwald's document, Parley's additions against /openapi.json
        ContractDocument document = CONTRACT.operations().containsKey(operationId) ? CONTRACT : EXTENDED;
        document.operation(operationId); // fails for an unknown operation id
        if (response.status() >= 500 && response.status() != 501) {
            throw new AssertionError(response.request() + ": server error " + response.status() + ": " + response.text());
        }
        String contentType = response.header("Content-Type");
        String mediaType = contentType == null ? "application/json" : contentType.split(";")[0].trim();
        if (!"application/json".equals(mediaType)) {
            // binary downloads are checked by the tests that make them
            return;
        }
        JsonNode schema = document.responseSchema(operationId, response.status(), "application/json");
        if (schema == null) {
            if (response.body().length > 0) {
                throw new AssertionError(response.request() + ": the contract documents no body for status "
                        + response.status() + " but got " + response.text());
            }
            return;
        }
        String key = operationId + "#" + response.status();
        SchemaCheck check = CHECKS.computeIfAbsent(key, k -> new SchemaCheck(schema));
        List<ApiError.FieldError> errors = check.check(response.json(), "");
        if (!errors.isEmpty()) {
            throw new AssertionError(response.request() + ": response " + response.status()
                    + " does not match the contract: " + errors + "\nbody: " + response.text());
        }
    }
}
