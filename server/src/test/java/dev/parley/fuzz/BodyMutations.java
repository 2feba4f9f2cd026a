package dev.parley.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.ParleyConfig;
import dev.parley.api.Json;
import dev.parley.api.SchemaCheck;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Mutations of valid bodies ({@link ContractArbitraries#validBody}), for any operation, driven
 * by its schema: the mutated request and what the server must do with it. The expectation is
 * not written per mutation but decided by an oracle: a body the contract's schema refuses (as
 * read by a second JSON Schema implementation, not the server's), or that breaks one of
 * {@link ParleyRules}, must be refused (4xx); one both take must be accepted
 * (2xx); one whose mutation touched a reference (an id that must name something) may go
 * either way. Bytes that are no JSON at all, too large or of the wrong media type are refused.
 */
final class BodyMutations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Reference properties: a changed value may name nothing, which the server refuses. */
    private static final Set<String> REFERENCES = Set.of("categoryId", "mainUserId", "sharedWith", "relatedTo", "fileIds");
    private static final String LONE = "\uE000lone\uE000";
    static final List<String> BAD_UUIDS = List.of("", "x", "1234", "not-a-uuid", "7f6f6b3e-3c1a-4c55-9a55-0c0ffee0000",
            "7f6f6b3e-3c1a-4c55-9a55-0c0ffee000000", "7f6f6b3e3c1a4c559a550c0ffee00000", "{7f6f6b3e-3c1a-4c55-9a55-0c0ffee00000}",
            "7f6f6b3e-3c1a-4c55-9a55-0c0ffee0000g", "' OR 1=1 --", "../../etc/passwd", "%00");
    private static final List<String> BAD_ENUMS = List.of("bogus", "", " ", "OPEN", "Closed", "open ", "null", "*", "customer-owner");

    enum Expect { REFUSE, ACCEPT, EITHER }

    /**
     * A request body as sent and the expected outcome; {@code disagreement} says how the two
     * readings of the contract's schema differed on it (null when they agree).
     */
    record Mutant(String mutation, String contentType, byte[] body, Expect expect, String disagreement) {
        Mutant(String mutation, String contentType, byte[] body, Expect expect) {
            this(mutation, contentType, body, expect, null);
        }

        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return mutation + " [" + contentType + ", " + body.length + " bytes, expect " + expect + "]: "
                    + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    private BodyMutations() {
    }

    static Arbitrary<Mutant> of(String operationId, ContractArbitraries.Fixtures fixtures) {
        Oracle oracle = new Oracle(operationId);
        Arbitrary<String> kind = Arbitraries.frequency(
                Tuple.of(4, "wrongType"), Tuple.of(3, "missingRequired"), Tuple.of(3, "extraNesting"),
                Tuple.of(2, "tooLongString"), Tuple.of(1, "overBodyLimit"), Tuple.of(3, "unknownEnum"),
                Tuple.of(3, "invalidUuid"), Tuple.of(3, "controlCharacters"), Tuple.of(2, "nul"),
                Tuple.of(2, "loneSurrogate"), Tuple.of(4, "invalidJson"), Tuple.of(2, "notAnObject"),
                Tuple.of(1, "deepNesting"), Tuple.of(2, "extraProperty"), Tuple.of(2, "hostileText"),
                Tuple.of(1, "wrongContentType"));
        return Combinators.combine(ContractArbitraries.validBody(operationId, fixtures), kind, Arbitraries.randoms())
                .as((body, k, random) -> mutate(oracle, body, k, random));
    }

    private static Mutant mutate(Oracle oracle, ObjectNode body, String kind, Random random) {
        JsonNode schema = oracle.schema;
        List<String> present = new ArrayList<>();
        body.fieldNames().forEachRemaining(present::add);
        List<String> declared = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(declared::add);
        String anyField = pick(random, present, declared, "zz");
        switch (kind) {
            case "wrongType" -> {
                List<JsonNode> wrong = List.of(NODES.numberNode(42), NODES.numberNode(-1.5), NODES.booleanNode(true),
                        NODES.nullNode(), NODES.arrayNode(), NODES.objectNode(), NODES.textNode("x"));
                body.set(anyField, wrong.get(random.nextInt(wrong.size())));
                return oracle.judge("wrongType " + anyField, body, anyField);
            }
            case "missingRequired" -> {
                Set<String> required = new HashSet<>(ParleyRules.extraRequired(oracle.operationId));
                schema.path("required").forEach(r -> required.add(r.asText()));
                String field = pick(random, new ArrayList<>(required), present, "zz");
                body.remove(field);
                return oracle.judge("missingRequired " + field, body, field);
            }
            case "extraNesting" -> {
                JsonNode v = body.has(anyField) ? body.get(anyField) : NODES.textNode("v");
                body.set(anyField, random.nextBoolean() ? NODES.arrayNode().add(v) : NODES.objectNode().set("value", v));
                return oracle.judge("extraNesting " + anyField, body, anyField);
            }
            case "tooLongString" -> {
                String field = pick(random, stringFields(schema, false), declared, anyField);
                int max = schema.path("properties").path(field).path("maxLength").asInt(0);
                Integer parleyMax = ParleyRules.maxLength("." + field);
                int limit = max > 0 ? max : parleyMax != null ? parleyMax : 20_000;
                body.put(field, "é".repeat(limit + 1 + random.nextInt(50)));
                return oracle.judge("tooLongString " + field, body, field);
            }
            case "overBodyLimit" -> {
                int size = (int) ParleyConfig.DEFAULT_MAX_REQUEST_BYTES + 1 + random.nextInt(200_000);
                body.put(pick(random, stringFields(schema, false), declared, anyField), "a".repeat(size));
                return new Mutant("overBodyLimit", "application/json", Json.bytes(body), Expect.REFUSE);
            }
            case "unknownEnum" -> {
                String field = pick(random, enumFields(schema), declared, anyField);
                JsonNode fieldSchema = schema.path("properties").path(field);
                JsonNode bad = NODES.textNode(BAD_ENUMS.get(random.nextInt(BAD_ENUMS.size())));
                body.set(field, "array".equals(fieldSchema.path("type").asText()) ? NODES.arrayNode().add(bad) : bad);
                return oracle.judge("unknownEnum " + field, body, field);
            }
            case "invalidUuid" -> {
                String field = pick(random, uuidFields(schema), declared, anyField);
                JsonNode fieldSchema = schema.path("properties").path(field);
                JsonNode bad = NODES.textNode(BAD_UUIDS.get(random.nextInt(BAD_UUIDS.size())));
                body.set(field, "array".equals(fieldSchema.path("type").asText()) ? NODES.arrayNode().add(bad) : bad);
                return oracle.judge("invalidUuid " + field, body, field);
            }
            case "controlCharacters", "nul", "hostileText" -> {
                String field = pick(random, stringFields(schema, true), declared, anyField);
                String insert = switch (kind) {
                    case "nul" -> "\u0000";
                    case "hostileText" -> FuzzText.HOSTILE.get(random.nextInt(FuzzText.HOSTILE.size()));
                    default -> String.valueOf((char) (1 + random.nextInt(31)));
                };
                String old = body.path(field).isTextual() ? body.get(field).textValue() : "text";
                int at = old.offsetByCodePoints(0, random.nextInt(old.codePointCount(0, old.length()) + 1));
                body.put(field, old.substring(0, at) + insert + old.substring(at));
                return oracle.judge(kind + " " + field + " " + Json.string(insert), body, field);
            }
            case "loneSurrogate" -> {
                String field = pick(random, stringFields(schema, true), declared, anyField);
                String escape = List.of("\\ud800", "\\udfff", "\\udbff\\u0041", "\\ud83d").get(random.nextInt(4));
                body.put(field, "a" + LONE + "b");
                byte[] raw = Json.string(body).replace(LONE, escape).getBytes(StandardCharsets.UTF_8);
                return new Mutant("loneSurrogate " + field + " " + escape, "application/json", raw, Expect.REFUSE);
            }
            case "invalidJson" -> {
                byte[] valid = Json.bytes(body);
                return invalidJson(valid, random);
            }
            case "notAnObject" -> {
                String json = List.of("[]", "[" + Json.string(body) + "]", "\"text\"", "42", "null", "true").get(random.nextInt(6));
                // [] is PHP's empty body: taken as {} where the body is optional and names no property
                Expect expect = "[]".equals(json) && oracle.emptyListIsEmptyBody() ? Expect.ACCEPT : Expect.REFUSE;
                return new Mutant("notAnObject", "application/json", json.getBytes(StandardCharsets.UTF_8), expect);
            }
            case "deepNesting" -> {
                int depth = 20 + random.nextInt(200);
                JsonNode v = body.has(anyField) ? body.get(anyField) : NODES.textNode("deep");
                for (int i = 0; i < depth; i++) {
                    v = random.nextBoolean() ? NODES.arrayNode().add(v) : NODES.objectNode().set("a", v);
                }
                body.set(anyField, v);
                return oracle.judge("deepNesting " + depth + " " + anyField, body, anyField);
            }
            case "extraProperty" -> {
                String name = List.of("zz", "__proto__", "constructor", "$where", "title ", "TITLE", "", "a.b", "\u202e")
                        .get(random.nextInt(9));
                body.set(name, random.nextBoolean() ? NODES.textNode("' OR 1=1") : NODES.objectNode().put("a", 1));
                return oracle.judge("extraProperty " + Json.string(name), body, name);
            }
            default -> {
                String type = List.of("text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data",
                        "application/jsonx", "").get(random.nextInt(6));
                return new Mutant("wrongContentType " + type, type.isEmpty() ? null : type, Json.bytes(body), Expect.REFUSE);
            }
        }
    }

    private static Mutant invalidJson(byte[] valid, Random random) {
        String text = new String(valid, StandardCharsets.UTF_8);
        int kind = random.nextInt(8);
        byte[] raw = switch (kind) {
            case 0 -> Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1)); // truncated
            case 1 -> (text + List.of("x", "}", ",", "{}", "]", "\"", "//").get(random.nextInt(7))).getBytes(StandardCharsets.UTF_8);
            case 2 -> text.replace("\"", "'").getBytes(StandardCharsets.UTF_8);
            case 3 -> (text.substring(0, text.length() - 1) + ",}").getBytes(StandardCharsets.UTF_8); // trailing comma
            case 4 -> { // invalid UTF-8 inside a string: {"zz":"a\xc3(b", …}
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                out.writeBytes("{\"zz\":\"a".getBytes(StandardCharsets.UTF_8));
                out.write(0xc3);
                out.write(0x28);
                out.writeBytes(("b\"" + (text.length() > 2 ? "," + text.substring(1) : "}")).getBytes(StandardCharsets.UTF_8));
                yield out.toByteArray();
            }
            case 5 -> ("{\"title\": NaN, \"a\": Infinity, " + text.substring(1)).getBytes(StandardCharsets.UTF_8);
            case 6 -> ("{title: \"unquoted\"}").getBytes(StandardCharsets.UTF_8);
            default -> "{\"a\": \"\\x41\", \"b\": \"\\u12\"}".getBytes(StandardCharsets.UTF_8); // bad escapes
        };
        if (Arrays.equals(raw, valid)) {
            // a body without quotes ({}) survives the quote swap unchanged, and valid
            raw = (text + "'").getBytes(StandardCharsets.UTF_8);
        }
        return new Mutant("invalidJson#" + kind, "application/json", raw, Expect.REFUSE);
    }

    private static String pick(Random random, List<String> preferred, List<String> fallback, String last) {
        List<String> from = !preferred.isEmpty() ? preferred : !fallback.isEmpty() ? fallback : List.of(last);
        return from.get(random.nextInt(from.size()));
    }

    private static List<String> stringFields(JsonNode schema, boolean freeText) {
        List<String> out = new ArrayList<>();
        schema.path("properties").fields().forEachRemaining(p -> {
            JsonNode s = p.getValue();
            if ("string".equals(s.path("type").asText()) && !s.has("enum") && !s.has("format")
                    && !(freeText && REFERENCES.contains(p.getKey()))) {
                out.add(p.getKey());
            }
        });
        return out;
    }

    private static List<String> enumFields(JsonNode schema) {
        List<String> out = new ArrayList<>();
        schema.path("properties").fields().forEachRemaining(p -> {
            if (p.getValue().has("enum") || p.getValue().path("items").has("enum")) {
                out.add(p.getKey());
            }
        });
        return out;
    }

    private static List<String> uuidFields(JsonNode schema) {
        List<String> out = new ArrayList<>();
        schema.path("properties").fields().forEachRemaining(p -> {
            if ("uuid".equals(p.getValue().path("format").asText()) || "uuid".equals(p.getValue().path("items").path("format").asText())) {
                out.add(p.getKey());
            }
        });
        return out;
    }

    /**
     * Decides what the server must do with a mutated JSON tree. Whether the contract's schema
     * takes it is decided by an independent implementation ({@link IndependentSchemaCheck}), not
     * by the server's {@link SchemaCheck}; the two must agree on every mutant.
     */
    private static final class Oracle {
        final String operationId;
        final JsonNode schema;
        final SchemaCheck production;
        final IndependentSchemaCheck independent;

        Oracle(String operationId) {
            this.operationId = operationId;
            this.schema = ContractArbitraries.CONTRACT.requestBodySchema(operationId);
            this.production = new SchemaCheck(schema);
            this.independent = new IndependentSchemaCheck(schema);
        }

        /** The contract's body here is optional and an object that names no property (read on its own here). */
        boolean emptyListIsEmptyBody() {
            JsonNode requestBody = ContractArbitraries.CONTRACT.operation(operationId).node().path("requestBody");
            return !requestBody.path("required").asBoolean(false) && "object".equals(schema.path("type").asText())
                    && schema.path("properties").isEmpty() && schema.path("required").isEmpty();
        }

        Mutant judge(String mutation, ObjectNode body, String touched) {
            byte[] bytes = Json.bytes(body);
            boolean tooDeep = depth(body) > Json.MAX_DEPTH;
            List<String> schemaErrors = tooDeep ? List.of() : independent.errors(body);
            String disagreement = null;
            if (!tooDeep) {
                var serverErrors = production.check(body, "");
                if (schemaErrors.isEmpty() != serverErrors.isEmpty()) {
                    disagreement = "the contract's schema read two ways: independently " + (schemaErrors.isEmpty()
                            ? "valid" : "invalid " + schemaErrors) + ", by the server's SchemaCheck "
                            + (serverErrors.isEmpty() ? "valid" : "invalid " + serverErrors);
                }
            }
            Expect expect;
            if (bytes.length > ParleyConfig.DEFAULT_MAX_REQUEST_BYTES || tooDeep
                    || !schemaErrors.isEmpty() || !parleyTakes(body)) {
                expect = Expect.REFUSE;
            } else if (REFERENCES.contains(touched)) {
                expect = Expect.EITHER;
            } else {
                expect = Expect.ACCEPT;
            }
            return new Mutant(mutation, "application/json", bytes, expect, disagreement);
        }

        private boolean parleyTakes(ObjectNode body) {
            for (String field : ParleyRules.extraRequired(operationId)) {
                if (!body.has(field)) {
                    return false;
                }
            }
            for (String text : ParleyRules.texts(body)) {
                if (!ParleyRules.storable(text) || text.length() > Json.MAX_STRING_LENGTH) {
                    return false;
                }
            }
            JsonNode title = body.path("title");
            if (title.isTextual()) {
                String t = title.textValue().strip();
                if (t.isEmpty() || t.codePointCount(0, t.length()) > ParleyRules.maxLength(".title")) {
                    return false;
                }
            }
            JsonNode content = body.path("messageContent");
            return !(content.isTextual() && content.textValue().isBlank() && ParleyRules.needsNonBlank(operationId, ".messageContent"));
        }

        private static int depth(JsonNode node) {
            int max = 0;
            for (JsonNode child : node) {
                max = Math.max(max, depth(child));
            }
            return node.isContainerNode() ? max + 1 : 0;
        }
    }
}
