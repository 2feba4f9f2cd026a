package dev.parley.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harrel.jsonschema.Dialects;
import dev.harrel.jsonschema.FormatEvaluatorFactory;
import dev.harrel.jsonschema.Validator;
import dev.harrel.jsonschema.ValidatorFactory;
import dev.harrel.jsonschema.providers.JacksonNode;

import java.net.URI;
import java.util.List;

/**
 * One of the contract's schemas read by a second JSON Schema implementation (dev.harrel
 * json-schema, its draft-04 dialect, on which OpenAPI 3.0 schemas build, with formats such as
 * {@code uuid} asserted), so that the fuzz oracle does not decide with the code under test (the
 * server validates with networknt through {@code api/SchemaCheck}): a misreading of the contract
 * by either shows as a disagreement between the two instead of being shared by server and oracle.
 */
final class IndependentSchemaCheck {
    private final Validator validator;
    private final URI schema;

    IndependentSchemaCheck(JsonNode schema) {
        this.validator = new ValidatorFactory()
                .withDefaultDialect(new Dialects.Draft4Dialect())
                .withJsonNodeFactory(new JacksonNode.Factory())
                .withEvaluatorFactory(new FormatEvaluatorFactory())
                .createValidator();
        this.schema = validator.registerSchema(schema);
    }

    /** Why {@code value} breaks the schema, empty when it does not. */
    List<String> errors(JsonNode value) {
        Validator.Result result = validator.validate(schema, value);
        return result.isValid() ? List.of()
                : result.getErrors().stream().map(e -> e.getInstanceLocation() + ": " + e.getError()).toList();
    }
}
