package dev.parley.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a request's path and query parameters and its JSON body against the operation's
 * schemas in {@link ContractDocument}: the contract decides what is valid, not per-field code.
 * Query values arrive as strings and are coerced to the parameter's schema type first, as
 * ajv's {@code coerceTypes} does; arrays come as repeated keys ({@code sort=a&sort=b}) or
 * indexed keys ({@code sort[0]=a}).
 */
public final class RequestValidator {
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern INDEXED_KEY = Pattern.compile("^([A-Za-z][A-Za-z0-9]*)\\[(\\d{1,3})\\]$");

    private final ContractDocument document;
    private final Map<String, SchemaCheck> bodyChecks = new ConcurrentHashMap<>();
    private final Map<String, ParameterChecks> parameterChecks = new ConcurrentHashMap<>();

    public RequestValidator(ContractDocument document) {
        this.document = document;
    }

    /** Parameters of the operation as validated, coerced JSON values (query and path). */
    public record Parameters(ObjectNode query, ObjectNode path) {
        public String pathText(String name) {
            return path.path(name).asText(null);
        }

        public JsonNode query(String name) {
            return query.get(name);
        }
    }

    /**
     * @param emptyQueryValid whether a request without query parameters passes {@code query}: then
     *                        the check is skipped for those (most reads), which costs a schema
     *                        walk per request otherwise
     */
    private record ParameterChecks(ObjectNode querySchema, SchemaCheck query, boolean emptyQueryValid,
                                   SchemaCheck path, ObjectNode pathSchema) {
    }

    /** Validates path and query parameters; throws a 400 {@link ApiError} listing every failure. */
    public Parameters parameters(Context ctx, String operationId) {
        return parameters(operationId, ctx.queryParamMap(), ctx::pathParam);
    }

    /** {@link #parameters(Context, String)} of a query's raw values and the path's parameters by name. */
    Parameters parameters(String operationId, Map<String, List<String>> rawQuery,
                          java.util.function.UnaryOperator<String> pathParam) {
        ParameterChecks checks = parameterChecks.computeIfAbsent(operationId, this::compileParameters);
        ObjectNode query = coerceQuery(rawQuery, checks.querySchema());
        ObjectNode path = JsonNodeFactory.instance.objectNode();
        checks.pathSchema().path("properties").fieldNames().forEachRemaining(name -> path.put(name, pathParam.apply(name)));
        List<ApiError.FieldError> errors = new ArrayList<>(checks.path().check(path, ""));
        if (!query.isEmpty() || !checks.emptyQueryValid()) {
            errors.addAll(checks.query().check(query, ""));
        }
        if (!errors.isEmpty()) {
            throw ApiError.validation("Invalid request parameters", errors);
        }
        return new Parameters(query, path);
    }

    /** Parses and validates the JSON body; throws 415 or 400 {@link ApiError}s. */
    public JsonNode body(Context ctx, String operationId) {
        JsonNode schema = document.requestBodySchema(operationId);
        String contentType = ctx.contentType();
        byte[] raw;
        try {
            raw = ctx.bodyAsBytes();
        } catch (io.javalin.http.HttpResponseException e) {
            if (e.getStatus() == 413) {
                BodyDrain.drain(ctx.req()); // so a client still sending reads the 413
            }
            throw e;
        }
        boolean required = document.operation(operationId).node().path("requestBody").path("required").asBoolean(false);
        if (raw.length == 0 && !required) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!isJson(contentType)) {
            throw new ApiError(415, "UnsupportedMediaType", "Content-Type must be application/json");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(StrictUtf8.body(raw));
        } catch (JacksonException e) {
            throw ApiError.validation("", "json", "Request body is not valid JSON: " + e.getOriginalMessage(), Map.of());
        } catch (java.io.IOException e) {
            throw ApiError.validation("", "json", "Request body could not be read", Map.of());
        }
        if (body == null || body.isMissingNode()) {
            throw ApiError.validation("", "required", "A JSON request body is required", Map.of());
        }
        if (!required && isEmptyList(body) && isPropertylessObject(schema)) {
            // PHP encodes an empty array as [] (mittwald's PHP SDK sends the property-less body of
            // conversation-request-file-upload so): where the body is optional and names no
            // property, [] can only mean "nothing", as {} does
            body = JsonNodeFactory.instance.objectNode();
        }
        if (schema != null && !body.isObject() && isObjectSchema(schema)) {
            // some of the contract's body schemas list properties without "type": "object", which
            // JSON Schema would let an array, string or null pass; every one of them means an object
            throw ApiError.validation("", "type", "must be object", Map.of("type", "object"));
        }
        if (schema != null) {
            SchemaCheck check = bodyChecks.computeIfAbsent(operationId, id -> new SchemaCheck(schema));
            List<ApiError.FieldError> errors = check.check(body, "");
            if (!errors.isEmpty()) {
                throw ApiError.validation("Invalid request body", errors);
            }
        }
        List<ApiError.FieldError> unstorable = new ArrayList<>();
        findUnstorableText(body, "", unstorable);
        if (!unstorable.isEmpty()) {
            throw ApiError.validation("Invalid request body", unstorable);
        }
        return body;
    }

    /**
     * Text may hold any character but U+0000 and unpaired surrogates, on every engine alike:
     * PostgreSQL cannot store U+0000 in text columns, and a lone surrogate (a JSON escape such as
     * {@code \ud800} without its pair) is no Unicode character: UTF-8 cannot encode it, so it
     * would be stored as '?' and not read back as sent.
     */
    private static void findUnstorableText(JsonNode node, String path, List<ApiError.FieldError> errors) {
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.indexOf(0) >= 0) {
                errors.add(new ApiError.FieldError("must not contain the NUL character (U+0000)", path, "pattern",
                        Map.of("pattern", "^[^\\u0000]*$")));
            }
            if (hasUnpairedSurrogate(text)) {
                errors.add(new ApiError.FieldError("must not contain an unpaired surrogate (not a Unicode character)", path,
                        "pattern", Map.of("pattern", "^[^\\ud800-\\udfff]*$")));
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(f -> findUnstorableText(f.getValue(), path + "." + f.getKey(), errors));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findUnstorableText(node.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@code application/json}, with or without parameters ({@code ; charset=utf-8}); not {@code application/jsonx}. */
    private static boolean isJson(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT).equals("application/json");
    }

    private static boolean isEmptyList(JsonNode body) {
        return body.isArray() && body.isEmpty();
    }

    /** {@code {"type": "object"}} that names no property, requires none and leaves others open. */
    static boolean isPropertylessObject(JsonNode schema) {
        return schema != null && "object".equals(schema.path("type").asText())
                && schema.path("properties").isEmpty() && schema.path("required").isEmpty()
                && !schema.path("additionalProperties").isBoolean() && !schema.has("allOf")
                && !schema.has("oneOf") && !schema.has("anyOf") && !schema.has("minProperties");
    }

    private static boolean isObjectSchema(JsonNode schema) {
        return "object".equals(schema.path("type").asText()) || schema.has("properties") || schema.has("required");
    }

    private ParameterChecks compileParameters(String operationId) {
        ObjectNode query = objectSchema();
        ObjectNode path = objectSchema();
        for (JsonNode p : document.parameters(operationId)) {
            ObjectNode target = switch (p.path("in").asText()) {
                case "query" -> query;
                case "path" -> path;
                default -> null;
            };
            if (target == null) {
                continue;
            }
            ((ObjectNode) target.get("properties")).set(p.get("name").asText(), p.get("schema"));
            if (p.path("required").asBoolean(false)) {
                ((ArrayNode) target.withArray("required")).add(p.get("name").asText());
            }
        }
        if (query.path("required").isEmpty()) {
            query.remove("required");
        }
        if (path.path("required").isEmpty()) {
            path.remove("required");
        }
        SchemaCheck queryCheck = new SchemaCheck(query);
        boolean emptyQueryValid = queryCheck.check(JsonNodeFactory.instance.objectNode(), "").isEmpty();
        return new ParameterChecks(query, queryCheck, emptyQueryValid, new SchemaCheck(path), path);
    }

    private static ObjectNode objectSchema() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    /** Query strings to JSON values typed after the parameter schemas; unknown keys are ignored. */
    static ObjectNode coerceQuery(Map<String, List<String>> raw, ObjectNode querySchema) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        JsonNode properties = querySchema.path("properties");
        // indexed keys in the order of their index (sort[1]=… before sort[0]=… still comes second)
        List<Map.Entry<String, List<String>>> entries = new ArrayList<>(raw.entrySet());
        entries.sort(java.util.Comparator.comparingInt(e -> {
            var m = INDEXED_KEY.matcher(e.getKey());
            return m.matches() ? Integer.parseInt(m.group(2)) : -1;
        }));
        for (Map.Entry<String, List<String>> entry : entries) {
            String name = entry.getKey();
            var indexed = INDEXED_KEY.matcher(name);
            if (indexed.matches()) {
                name = indexed.group(1);
            }
            JsonNode schema = properties.get(name);
            if (schema == null) {
                continue;
            }
            if ("array".equals(schema.path("type").asText())) {
                ArrayNode array = out.has(name) && out.get(name).isArray() ? (ArrayNode) out.get(name) : out.putArray(name);
                for (String value : entry.getValue()) {
                    for (String part : value.split(",", -1)) {
                        array.add(scalar(part, schema.path("items")));
                    }
                }
            } else {
                List<String> values = entry.getValue();
                if (values.isEmpty()) {
                    // Javalin drops a value it cannot decode (malformed percent-encoding such as "%" or "%zz")
                    throw ApiError.validation("." + name, "format", "must be percent-encoded UTF-8", Map.of());
                }
                out.set(name, scalar(values.get(values.size() - 1), schema));
            }
        }
        return out;
    }

    private static JsonNode scalar(String value, JsonNode schema) {
        String type = schema.path("type").asText();
        if ("integer".equals(type)) {
            if (INTEGER.matcher(value).matches()) {
                return JsonNodeFactory.instance.numberNode(Long.parseLong(value));
            }
            if (value.matches("-?\\d+")) {
                return JsonNodeFactory.instance.numberNode(new BigInteger(value));
            }
        }
        if ("boolean".equals(type) && ("true".equals(value) || "false".equals(value))) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value));
        }
        return JsonNodeFactory.instance.textNode(value);
    }
}
