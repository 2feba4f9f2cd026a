package dev.parley.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutations of valid query strings ({@link ContractArbitraries#validQuery}), driven by the
 * operation's query parameter schemas, with an oracle of their own (not the server's code):
 * integers must be ASCII digits within the schema's minimum and {@link ParleyRules}' bounds,
 * the last of repeated scalar values counts, every item of an enum array (repeated, comma
 * separated or indexed {@code name[i]}) must be in the enum, strings take anything, unknown
 * names are ignored. Percent-encoding garbage is sent raw and may be refused or accepted.
 */
final class QueryMutations {
    private static final Pattern INDEXED = Pattern.compile("^([A-Za-z][A-Za-z0-9]*)\\[(\\d{1,3})\\]$");
    static final List<String> BAD_INTEGERS = List.of("-1", "-9223372036854775809", "99999999999999999999", "9223372036854775807",
            "2147483648", "10001", "1e3", "0x10", "", " 5", "+5", "5.0", "NaN", "\uff11", "\u0663", "1,2", "null", "'; DROP TABLE x; --");
    static final List<String> BAD_ENUMS = List.of("bogus", "", "OPEN", "open ", " closed", "*", "createdAt;DROP", "asc,", ",desc");
    /** Raw, not percent-encoded: malformed escapes, invalid UTF-8, NUL, separators. */
    static final List<String> GARBAGE = List.of("%", "%zz", "%C3%28", "%00", "%FF%FE", "%u0041", "%%", "&&", "=", "==x", "a=b=c",
            "fullTextSearch=%", "fullTextSearch=%E2%82", "fullTextSearch=%00", "limit=%35", "limit=%", "status=%6Fpen", "sort%5B0%5D=title",
            "fullTextSearch=%ED%A0%80", "fullTextSearch=%F4%90%80%80", "fullTextSearch=%C0%AF", "&fullTextSearch", "fullTextSearch",
            "limit", ";", "fullTextSearch=a;limit=-1", "%2526", "x[=1", "sort[=title", "sort]=title");

    enum Expect { REFUSE, ACCEPT, EITHER }

    /** A query as sent ({@code raw}, already encoded) and the expected outcome. */
    record Mutant(String mutation, String raw, Expect expect) {
        @Override
        public String toString() {
            return mutation + " [expect " + expect + "]: ?" + (raw.length() > 300 ? raw.substring(0, 300) + "…" : raw);
        }
    }

    private QueryMutations() {
    }

    static Arbitrary<Mutant> of(String operationId, ContractArbitraries.Fixtures fixtures) {
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        for (JsonNode p : ContractArbitraries.CONTRACT.parameters(operationId)) {
            if ("query".equals(p.path("in").asText())) {
                schemas.put(p.path("name").asText(), p.path("schema"));
            }
        }
        Arbitrary<String> kind = Arbitraries.frequency(
                Tuple.of(4, "badInteger"), Tuple.of(3, "unknownEnum"), Tuple.of(4, "hostileString"), Tuple.of(3, "repeated"),
                Tuple.of(3, "garbage"), Tuple.of(2, "unknownName"), Tuple.of(2, "emptyValue"), Tuple.of(1, "hugeString"));
        return Combinators.combine(ContractArbitraries.validQuery(operationId, fixtures), kind,
                        FuzzText.text(0, 200), Arbitraries.randoms())
                .as((valid, k, text, random) -> {
                    Mutant m = mutate(schemas, new ArrayList<>(valid), k, text, random);
                    // a parameter the fixtures fill (a token) is a credential: a changed one may be refused
                    boolean credential = fixtures.byPath().keySet().stream()
                            .anyMatch(path -> schemas.containsKey(path.substring(1)) && m.raw().contains(path.substring(1) + "="));
                    return credential && m.expect() == Expect.ACCEPT && !k.equals("repeated")
                            ? new Mutant(m.mutation(), m.raw(), Expect.EITHER) : m;
                });
    }

    private static Mutant mutate(Map<String, JsonNode> schemas, List<ContractArbitraries.QueryParam> params, String kind,
                                 String text, Random random) {
        List<String> integers = names(schemas, "integer");
        List<String> arrays = names(schemas, "array");
        List<String> strings = names(schemas, "string");
        switch (kind) {
            case "badInteger" -> {
                if (!integers.isEmpty()) {
                    params.add(new ContractArbitraries.QueryParam(pick(random, integers), pick(random, BAD_INTEGERS)));
                }
            }
            case "unknownEnum" -> {
                if (!arrays.isEmpty()) {
                    String name = pick(random, arrays);
                    String bad = pick(random, BAD_ENUMS);
                    params.add(new ContractArbitraries.QueryParam(random.nextBoolean() ? name : name + "[" + random.nextInt(5) + "]", bad));
                }
            }
            case "hostileString", "hugeString" -> {
                if (!strings.isEmpty()) {
                    String value = "hugeString".equals(kind) ? "é\"*".repeat(1000 + random.nextInt(2000))
                            : random.nextBoolean() ? text : pick(random, FuzzText.HOSTILE) + text;
                    params.add(new ContractArbitraries.QueryParam(pick(random, strings), value));
                }
            }
            case "repeated" -> {
                if (!params.isEmpty()) {
                    ContractArbitraries.QueryParam p = params.get(random.nextInt(params.size()));
                    params.add(random.nextInt(params.size() + 1), p);
                }
            }
            case "unknownName" -> params.add(new ContractArbitraries.QueryParam(
                    pick(random, List.of("foo", "Limit", "LIMIT", "status[]", "sort[1000]", "__proto__", "fullTextSearch ", "a.b")),
                    pick(random, List.of("1", "-1", "bogus", ""))));
            case "emptyValue" -> params.add(new ContractArbitraries.QueryParam(pick(random, new ArrayList<>(schemas.keySet())), ""));
            default -> {
                String raw = ContractArbitraries.encode(params);
                String garbage = pick(random, GARBAGE);
                return new Mutant("garbage " + garbage, raw.isEmpty() ? garbage : raw + "&" + garbage, Expect.EITHER);
            }
        }
        String raw = ContractArbitraries.encode(params);
        if (raw.length() > ParleyRules.MAX_REQUEST_HEAD_BYTES) {
            return new Mutant(kind, raw, Expect.REFUSE); // 414
        }
        if (raw.length() > ParleyRules.MAX_REQUEST_HEAD_BYTES - 2_000) {
            return new Mutant(kind, raw, Expect.EITHER); // the request line and headers share the limit
        }
        return new Mutant(kind, raw, valid(schemas, params) ? Expect.ACCEPT : Expect.REFUSE);
    }

    /** The oracle: whether the decoded parameters are valid for the schemas (and Parley's bounds). */
    static boolean valid(Map<String, JsonNode> schemas, List<ContractArbitraries.QueryParam> params) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (ContractArbitraries.QueryParam p : params) {
            String name = p.name();
            Matcher indexed = INDEXED.matcher(name);
            if (indexed.matches()) {
                name = indexed.group(1);
            }
            if (schemas.containsKey(name)) {
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(p.value());
            }
        }
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            JsonNode schema = schemas.get(e.getKey());
            switch (schema.path("type").asText("string")) {
                case "integer" -> {
                    String last = e.getValue().get(e.getValue().size() - 1);
                    if (!last.matches("-?[0-9]+")) {
                        return false; // not an integer
                    }
                    java.math.BigInteger v = new java.math.BigInteger(last);
                    if (schema.has("minimum") && v.compareTo(java.math.BigInteger.valueOf(schema.get("minimum").asLong())) < 0) {
                        return false;
                    }
                    // Parley's bounds hold where the value is used: "if both page and skip are set, skip is used"
                    boolean used = !("page".equals(e.getKey()) && values.containsKey("skip"));
                    long[] bounds = ParleyRules.integerBounds(e.getKey(), schema);
                    if (used && (v.compareTo(java.math.BigInteger.valueOf(bounds[0])) < 0
                            || v.compareTo(java.math.BigInteger.valueOf(bounds[1])) > 0)) {
                        return false;
                    }
                }
                case "array" -> {
                    List<String> allowed = new ArrayList<>();
                    schema.path("items").path("enum").forEach(v -> allowed.add(v.asText()));
                    for (String value : e.getValue()) {
                        for (String part : value.split(",", -1)) {
                            if (!allowed.isEmpty() && !allowed.contains(part)) {
                                return false;
                            }
                        }
                    }
                }
                default -> {
                    if (schema.has("enum")) {
                        List<String> allowed = new ArrayList<>();
                        schema.get("enum").forEach(v -> allowed.add(v.asText()));
                        if (!allowed.contains(e.getValue().get(e.getValue().size() - 1))) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    private static List<String> names(Map<String, JsonNode> schemas, String type) {
        return schemas.entrySet().stream().filter(e -> type.equals(e.getValue().path("type").asText("string")))
                .map(Map.Entry::getKey).toList();
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
