package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One compiled JSON schema (OpenAPI 3.0 schemas are draft-04 with formats), whose failures come
 * out as mittwald {@code ValidationErrorSchema} entries: {@code path} in JavaScript property
 * notation relative to {@code rootPath}, {@code type} as ajv names it, {@code context} with
 * string values.
 */
public final class SchemaCheck {
    /** Draft-04 plus the OpenAPI keywords that carry no validation, so none is reported unknown. */
    private static final com.networknt.schema.JsonMetaSchema OPENAPI_30 =
            com.networknt.schema.JsonMetaSchema.builder(com.networknt.schema.JsonMetaSchema.getV4())
                    .keywords(java.util.stream.Stream.of("example", "deprecated", "x-go-type", "nullable",
                                    "readOnly", "writeOnly", "discriminator", "xml", "externalDocs")
                            .map(com.networknt.schema.NonValidationKeyword::new).toList())
                    .build();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.builder(
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4))
            .metaSchema(OPENAPI_30)
            .build();
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .locale(java.util.Locale.ENGLISH)
            .build();

    private final JsonSchema schema;

    public SchemaCheck(JsonNode schemaNode) {
        this.schema = FACTORY.getSchema(schemaNode, CONFIG);
    }

    /** The failures of {@code value}, empty when it is valid. */
    public List<ApiError.FieldError> check(JsonNode value, String rootPath) {
        List<ValidationMessage> messages = new ArrayList<>(schema.validate(value));
        messages.sort(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                .thenComparing(ValidationMessage::getType));
        // a failed oneOf reports each branch's failures too; keep only the oneOf itself
        List<String> oneOfPaths = messages.stream().filter(m -> "oneOf".equals(m.getType()))
                .map(m -> jsPath(m.getInstanceLocation())).toList();
        java.util.LinkedHashSet<ApiError.FieldError> errors = new java.util.LinkedHashSet<>();
        for (ValidationMessage m : messages) {
            String path = jsPath(m.getInstanceLocation());
            boolean underOneOf = !"oneOf".equals(m.getType())
                    && oneOfPaths.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + ".") || path.startsWith(p + "["));
            if (!underOneOf) {
                errors.add(toFieldError(m, rootPath));
            }
        }
        return new ArrayList<>(errors);
    }

    private static ApiError.FieldError toFieldError(ValidationMessage m, String rootPath) {
        String path = rootPath + jsPath(m.getInstanceLocation());
        String type = m.getType();
        Map<String, String> context = new LinkedHashMap<>();
        String message = m.getMessage();
        int colon = message.indexOf(": ");
        if ((message.startsWith("$") || message.startsWith("/")) && colon > 0) {
            message = message.substring(colon + 2);
        }
        switch (type) {
            case "required" -> context.put("missingProperty", String.valueOf(m.getProperty()));
            case "type" -> context.put("type", schemaValue(m, "type"));
            case "format" -> context.put("format", schemaValue(m, "format"));
            case "maxLength", "minLength", "maximum", "minimum", "maxItems", "minItems" ->
                    context.put("limit", schemaValue(m, type));
            case "enum" -> context.put("allowedValues", schemaValue(m, "enum"));
            default -> {
            }
        }
        return new ApiError.FieldError(message, path, type, context);
    }

    /** The keyword's value in the failing schema, rendered as text. */
    private static String schemaValue(ValidationMessage m, String keyword) {
        JsonNode node = m.getSchemaNode();
        if (node != null && node.has(keyword)) {
            node = node.get(keyword);
        }
        if (node == null) {
            return "";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(n -> items.add(n.asText()));
            return String.join(", ", items);
        }
        return node.asText();
    }

    /** {@code $.a[0].b} as {@code .a[0].b}; the root is the empty string. */
    static String jsPath(JsonNodePath location) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                out.append('.').append(element);
            }
        }
        return out.toString();
    }
}
