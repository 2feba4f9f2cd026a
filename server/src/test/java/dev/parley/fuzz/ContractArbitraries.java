package dev.parley.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.ContractDocument;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Generators of valid requests derived from mittwald's contract as read at runtime: each
 * operation's request body schema and query parameter schemas (types, enums, {@code format:
 * uuid}, {@code maxLength}, {@code minimum}, {@code required}, {@code oneOf}) become jqwik
 * arbitraries; nothing here knows an endpoint.
 *
 * <p>What a schema cannot say comes from {@link Fixtures}: the ids of things that exist and the
 * caller may name (an aggregate reference {@code {aggregate, domain, id}} takes its id from
 * {@link Fixtures#idsByAggregate}; an alternative of a {@code oneOf} without one is not
 * generated), and values for a property path that must name something ({@link Fixtures#byPath},
 * where an empty Optional leaves the property out). {@link ParleyRules} narrows the schemas to
 * what Parley deliberately takes.
 */
final class ContractArbitraries {
    static final ContractDocument CONTRACT = ContractDocument.contract();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Strings without a maxLength in the contract are kept at a size that keeps the run fast. */
    private static final int DEFAULT_MAX_LENGTH = 2_000;

    private ContractArbitraries() {
    }

    /** What exists on the test server for the calling user. */
    record Fixtures(Map<String, List<String>> idsByAggregate, Map<String, Arbitrary<Optional<JsonNode>>> byPath) {
    }

    /** One query parameter as sent. */
    record QueryParam(String name, String value) {
    }

    // ---- bodies ---------------------------------------------------------------------------------

    /** Valid JSON bodies for the operation's application/json request body. */
    static Arbitrary<ObjectNode> validBody(String operationId, Fixtures fixtures) {
        JsonNode schema = CONTRACT.requestBodySchema(operationId);
        if (schema == null) {
            throw new IllegalArgumentException(operationId + " takes no JSON body");
        }
        return object(operationId, schema, "", fixtures, ParleyRules.extraRequired(operationId));
    }

    static Arbitrary<JsonNode> value(String op, JsonNode schema, String path, Fixtures fixtures) {
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            return Arbitraries.of(values);
        }
        if (schema.has("oneOf")) {
            List<Arbitrary<JsonNode>> alternatives = new ArrayList<>();
            for (JsonNode alternative : schema.get("oneOf")) {
                if (nameable(alternative, fixtures)) {
                    alternatives.add(value(op, alternative, path, fixtures));
                }
            }
            return Arbitraries.oneOf(alternatives);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> object(op, schema, path, fixtures, Set.of()).map(o -> o);
            case "array" -> value(op, schema.path("items"), path + "[]", fixtures).list().ofMaxSize(4)
                    .map(items -> {
                        ArrayNode a = NODES.arrayNode();
                        items.forEach(a::add);
                        return a;
                    });
            case "integer" -> Arbitraries.longs().between(schema.path("minimum").asLong(0), 10_000)
                    .map(NODES::numberNode);
            case "boolean" -> Arbitraries.of(true, false).map(NODES::booleanNode);
            default -> string(op, schema, path).map(NODES::textNode);
        };
    }

    private static Arbitrary<String> string(String op, JsonNode schema, String path) {
        if ("uuid".equals(schema.path("format").asText())) {
            return Arbitraries.randoms().map(r -> new UUID(r.nextLong(), r.nextLong()).toString());
        }
        int max = schema.path("maxLength").asInt(DEFAULT_MAX_LENGTH);
        Integer parleyMax = ParleyRules.maxLength(path);
        if (parleyMax != null) {
            max = Math.min(max, parleyMax);
        }
        boolean nonBlank = ParleyRules.needsNonBlank(op, path);
        Arbitrary<String> text = FuzzText.text(Math.max(schema.path("minLength").asInt(0), nonBlank ? 1 : 0), max);
        return nonBlank ? text.filter(s -> !s.isBlank()) : text;
    }

    /** An aggregate reference the fixtures cannot fill (no id of that aggregate) is never generated. */
    private static boolean nameable(JsonNode schema, Fixtures fixtures) {
        String aggregate = referencedAggregate(schema);
        return aggregate == null || !fixtures.idsByAggregate().getOrDefault(aggregate, List.of()).isEmpty();
    }

    /** The aggregate of a reference schema ({aggregate: one enum value, id: string}), or null. */
    private static String referencedAggregate(JsonNode schema) {
        JsonNode aggregate = schema.path("properties").path("aggregate").path("enum");
        return schema.path("properties").has("id") && aggregate.size() == 1 ? aggregate.get(0).asText() : null;
    }

    private static Arbitrary<ObjectNode> object(String op, JsonNode schema, String path, Fixtures fixtures, Set<String> extraRequired) {
        Set<String> required = new HashSet<>(extraRequired);
        schema.path("required").forEach(r -> required.add(r.asText()));
        String aggregate = referencedAggregate(schema);
        List<Arbitrary<Optional<Map.Entry<String, JsonNode>>>> fields = new ArrayList<>();
        schema.path("properties").fields().forEachRemaining(p -> {
            String name = p.getKey();
            String childPath = path + "." + name;
            Arbitrary<Optional<JsonNode>> valueOrAbsent;
            if (fixtures.byPath().containsKey(childPath)) {
                valueOrAbsent = fixtures.byPath().get(childPath);
            } else if (aggregate != null && "id".equals(name)) {
                valueOrAbsent = Arbitraries.of(fixtures.idsByAggregate().get(aggregate)).map(id -> Optional.of(NODES.textNode(id)));
            } else {
                Arbitrary<JsonNode> v = value(op, p.getValue(), childPath, fixtures);
                valueOrAbsent = required.contains(name) ? v.map(Optional::of) : v.optional(0.6);
            }
            fields.add(valueOrAbsent.map(o -> o.map(v -> Map.entry(name, v))));
        });
        if (fields.isEmpty()) {
            return Arbitraries.just(NODES.objectNode()).map(ObjectNode::deepCopy);
        }
        return Combinators.combine(fields).as(entries -> {
            ObjectNode o = NODES.objectNode();
            entries.forEach(e -> e.ifPresent(kv -> o.set(kv.getKey(), kv.getValue())));
            return o;
        });
    }

    // ---- query strings --------------------------------------------------------------------------

    /** Valid query parameters of the operation, arrays in any of the encodings the server reads. */
    static Arbitrary<List<QueryParam>> validQuery(String operationId, Fixtures fixtures) {
        List<Arbitrary<List<QueryParam>>> params = new ArrayList<>();
        for (JsonNode p : CONTRACT.parameters(operationId)) {
            if (!"query".equals(p.path("in").asText())) {
                continue;
            }
            String name = p.path("name").asText();
            Arbitrary<List<QueryParam>> one = queryParam(operationId, name, p.path("schema"), fixtures);
            // a parameter the fixtures fill is present when they say so
            boolean always = p.path("required").asBoolean(false) || fixtures.byPath().containsKey("." + name);
            params.add(always ? one : one.optional(0.6).map(o -> o.orElse(List.of())));
        }
        return Combinators.combine(params).as(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private static Arbitrary<List<QueryParam>> queryParam(String op, String name, JsonNode schema, Fixtures fixtures) {
        Arbitrary<Optional<JsonNode>> fixed = fixtures.byPath().get("." + name);
        if (fixed != null) {
            return fixed.map(o -> o.map(v -> List.of(new QueryParam(name, v.asText()))).orElse(List.of()));
        }
        String type = schema.path("type").asText("string");
        if ("array".equals(type)) {
            Arbitrary<List<String>> items = value(op, schema.path("items"), "." + name + "[]", fixtures)
                    .map(JsonNode::asText).list().ofMinSize(1).ofMaxSize(3);
            return Combinators.combine(items, Arbitraries.of("repeated", "comma", "indexed")).as((values, style) -> switch (style) {
                case "comma" -> List.of(new QueryParam(name, String.join(",", values)));
                case "indexed" -> {
                    List<QueryParam> out = new ArrayList<>();
                    for (int i = 0; i < values.size(); i++) {
                        out.add(new QueryParam(name + "[" + i + "]", values.get(i)));
                    }
                    yield out;
                }
                default -> values.stream().map(v -> new QueryParam(name, v)).toList();
            });
        }
        if ("integer".equals(type)) {
            long[] bounds = ParleyRules.integerBounds(name, schema);
            return Arbitraries.longs().between(bounds[0], bounds[1]).withDistribution(RandomDistribution.biased())
                    .map(v -> List.of(new QueryParam(name, Long.toString(v))));
        }
        Arbitrary<String> value = schema.has("enum") || !"string".equals(type)
                ? value(op, schema, "." + name, fixtures).map(JsonNode::asText)
                : FuzzText.text(0, ParleyRules.MAX_QUERY_TEXT);
        return value.map(v -> List.of(new QueryParam(name, v)));
    }

    /** The query string (without '?'), every name and value percent-encoded as UTF-8. */
    static String encode(List<QueryParam> params) {
        StringBuilder sb = new StringBuilder();
        for (QueryParam p : params) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(p.name(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(p.value(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
