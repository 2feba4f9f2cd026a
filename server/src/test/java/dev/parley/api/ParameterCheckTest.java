package dev.parley.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The path and query check of {@link RequestValidator#parameters}: a request without query
 * parameters skips the query's schema only where an empty query passes it, so an operation
 * whose query requires something still reports it missing.
 */
class ParameterCheckTest {
    private static final String CONVERSATION = "7c1f5a0e-3b1d-4c59-9a47-0b4d8f2e6a11";

    /** A document of two operations: one whose query requires {@code q}, one whose query requires nothing. */
    private static RequestValidator validator() {
        ObjectNode doc = (ObjectNode) Json.tree("""
                {"openapi": "3.0.0", "paths": {
                  "/things/{id}": {"get": {"operationId": "needs-q", "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                    {"name": "q", "in": "query", "required": true, "schema": {"type": "string", "minLength": 2}}]}},
                  "/others/{id}": {"get": {"operationId": "optional-limit", "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}}]}}}}""");
        return new RequestValidator(ContractDocument.of(doc));
    }

    @Test
    void anEmptyQueryStillFailsWhereTheQueryRequiresAParameter() {
        RequestValidator v = validator();
        // the same operation asked twice: the skip is decided once, when its checks are compiled
        for (int i = 0; i < 2; i++) {
            ApiError e = catchThrowableOfType(() -> v.parameters("needs-q", Map.of(), name -> CONVERSATION), ApiError.class);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.fieldErrors()).extracting(ApiError.FieldError::type, ApiError.FieldError::path)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("required", ""));
            assertThat(e.fieldErrors().get(0).context()).containsEntry("missingProperty", "q");
        }
        // unknown keys are no parameter: the query is still empty
        assertThatThrownBy(() -> v.parameters("needs-q", Map.of("other", List.of("x")), name -> CONVERSATION))
                .isInstanceOf(ApiError.class);
        assertThat(v.parameters("needs-q", Map.of("q", List.of("ab")), name -> CONVERSATION).query("q").asText())
                .isEqualTo("ab");
    }

    @Test
    void anEmptyQueryPassesWhereNothingIsRequiredAndTheOthersAreStillChecked() {
        RequestValidator v = validator();
        assertThat(v.parameters("optional-limit", Map.of(), name -> CONVERSATION).query().isEmpty()).isTrue();
        // bad inputs tried: a value below the minimum, a value not a number, a short value
        for (var bad : List.of(
                Map.of("limit", List.of("0")),
                Map.of("limit", List.of("many")))) {
            ApiError e = catchThrowableOfType(() -> v.parameters("optional-limit", bad, name -> CONVERSATION), ApiError.class);
            assertThat(e.status()).as("%s", bad).isEqualTo(400);
            assertThat(e.fieldErrors()).extracting(ApiError.FieldError::path).containsExactly(".limit");
        }
        ApiError shortQ = catchThrowableOfType(() -> v.parameters("needs-q", Map.of("q", List.of("a")), name -> CONVERSATION),
                ApiError.class);
        assertThat(shortQ.fieldErrors()).extracting(ApiError.FieldError::type).containsExactly("minLength");
    }

    @Test
    void thePathIsCheckedWithOrWithoutAQuery() {
        RequestValidator v = validator();
        // bad path values tried: not a UUID, empty, a UUID with a character too many
        for (String bad : List.of("not-a-uuid", "", CONVERSATION + "0")) {
            for (var query : List.<Map<String, List<String>>>of(Map.of(), Map.of("limit", List.of("5")))) {
                ApiError e = catchThrowableOfType(() -> v.parameters("optional-limit", query, name -> bad), ApiError.class);
                assertThat(e.status()).as("%s %s", bad, query).isEqualTo(400);
                assertThat(e.fieldErrors()).extracting(ApiError.FieldError::path).containsExactly(".id");
            }
        }
    }

    @Test
    void theContractsListWithoutAQueryPassesAndWithABadOneFails() {
        RequestValidator v = new RequestValidator(ContractDocument.parley());
        assertThat(v.parameters("conversation-list-conversations", Map.of(), name -> null).query().isEmpty()).isTrue();
        ApiError e = catchThrowableOfType(() -> v.parameters("conversation-list-conversations",
                Map.of("limit", List.of("-1")), name -> null), ApiError.class);
        assertThat(e.fieldErrors()).extracting(ApiError.FieldError::path).containsExactly(".limit");
    }
}
