package dev.parley.testing;

import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test client's contract check itself, on made-up responses: what the contract declares for
 * the status (or the default) is what a response must be. Refused: any 5xx (501 too), a
 * non-JSON body (HTML, plain text, no Content-Type) where the contract declares JSON, a body that
 * breaks the schema, a body where the contract declares none, a JSON body where it declares only
 * bytes. Accepted: a conforming JSON body, a download in the type Parley verified where the
 * contract declares bytes, an empty 204.
 */
class ContractAssertionsTest {
    private static final String CATEGORY = "{\"categoryId\":\"83f57865-96af-48a6-9c94-d75c43c128e2\",\"name\":\"general\","
            + "\"referenceType\":[\"unspecified\"]}";

    private static ApiResponse response(int status, String contentType, String body) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (contentType != null) {
            headers.put("Content-Type", List.of(contentType));
        }
        return new ApiResponse("GET /made-up", status, HttpHeaders.of(headers, (a, b) -> true),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static void accepted(String operationId, ApiResponse response) {
        assertThatCode(() -> ContractAssertions.assertMatchesContract(operationId, response)).doesNotThrowAnyException();
    }

    private static void refused(String operationId, ApiResponse response, String why) {
        assertThatThrownBy(() -> ContractAssertions.assertMatchesContract(operationId, response))
                .isInstanceOf(AssertionError.class).hasMessageContaining(why);
    }

    @Test
    void conformingJsonIsAccepted() {
        accepted("conversation-get-category", response(200, "application/json", CATEGORY));
        accepted("conversation-get-category", response(200, "application/json; charset=utf-8", CATEGORY));
        accepted("conversation-get-category", response(404, "application/json", "{\"type\":\"NotFound\",\"message\":\"no\"}"));
    }

    @Test
    void everyServerErrorIsRefused() {
        for (int status : new int[]{500, 501, 503}) {
            refused("conversation-get-category", response(status, "application/json",
                    "{\"type\":\"NotImplemented\",\"message\":\"later\"}"), "server error " + status);
        }
    }

    @Test
    void aNonJsonBodyWhereTheContractDeclaresJsonIsRefused() {
        refused("conversation-get-category", response(200, "text/html", "<html>general</html>"), "application/json");
        refused("conversation-get-category", response(404, "text/plain", "not found"), "application/json");
        refused("conversation-get-category", response(200, null, CATEGORY), "application/json");
        refused("conversation-get-category", response(200, "application/json", "<html>"), "not JSON");
    }

    @Test
    void aBodyBreakingTheSchemaIsRefused() {
        refused("conversation-get-category", response(200, "application/json", "{\"categoryId\":42}"),
                "does not match the contract");
        refused("conversation-get-category", response(400, "application/json", "{\"message\":5}"),
                "does not match the contract");
    }

    @Test
    void bodiesWhereTheContractDeclaresNoneOrOnlyBytes() {
        accepted("parley-delete-conversation-file", response(204, null, ""));
        refused("parley-delete-conversation-file", response(204, "application/json", "{}"), "no body");
        // downloads: the contract declares bytes (octet-stream or base64); Parley sends the type it verified
        accepted("file-get-file", response(200, "image/png", "\u0089PNG"));
        accepted("file-get-file", response(200, "text/plain;base64", "aGVsbG8="));
        refused("file-get-file", response(200, "application/json", "{\"fileId\":\"x\"}"), "application/json");
    }
}
