package dev.parley.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.ContractDocument;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.ContractAssertions;
import dev.parley.testing.RawHttp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path parameters of every GET operation of the contract (conversation, its messages and
 * members, customer preferences, category, upload token and upload type rules, file access
 * tokens …), generated from their schemas: a value of the right format (a UUID, an enum value,
 * the id of something that exists) is never a 400, and a malformed one is a 4xx in the
 * contract's error shape. Never a 5xx.
 *
 * <p>Bad inputs tried: the invalid UUIDs of {@link BodyMutations#BAD_UUIDS} and the FTS / SQL
 * snippets of {@link FuzzText#HOSTILE}, percent-encoded (so {@code /} arrives as {@code %2F},
 * NUL as {@code %00}), and sent raw: {@code %zz}, {@code %}, {@code %C3%28}, {@code ..}.
 */
class PathParamsFuzzTest {
    static FuzzServer fuzz;
    static List<String> existing;

    @BeforeContainer
    static void start() {
        fuzz = new FuzzServer();
        existing = new ArrayList<>(List.of(fuzz.newConversation(), fuzz.server.demoCustomerId()));
        existing.addAll(fuzz.openCategories);
    }

    @AfterContainer
    static void stop() {
        if (fuzz != null) {
            fuzz.close();
        }
    }

    record Request(String operationId, String path, boolean wellFormed, boolean raw) {
    }

    @Provide
    Arbitrary<Request> requests() {
        ContractDocument contract = ContractArbitraries.CONTRACT;
        List<Arbitrary<Request>> perOperation = new ArrayList<>();
        for (ContractDocument.Operation op : contract.operations().values()) {
            if (!"GET".equals(op.method()) || !op.path().contains("{")) {
                continue;
            }
            List<Arbitrary<Map.Entry<String, Object[]>>> params = new ArrayList<>();
            for (JsonNode p : contract.parameters(op.id())) {
                if ("path".equals(p.path("in").asText())) {
                    params.add(pathValue(p.path("schema")).map(v -> Map.entry(p.path("name").asText(), v)));
                }
            }
            perOperation.add(Combinators.combine(params).as(values -> {
                String path = op.path();
                boolean wellFormed = true;
                boolean raw = false;
                for (Map.Entry<String, Object[]> v : values) {
                    path = path.replace("{" + v.getKey() + "}", (String) v.getValue()[0]);
                    wellFormed &= (Boolean) v.getValue()[1];
                    raw |= (Boolean) v.getValue()[2];
                }
                return new Request(op.id(), path, wellFormed, raw);
            }));
        }
        return Arbitraries.oneOf(perOperation);
    }

    /** {encoded value, well-formed?, needs a raw request?} */
    private static Arbitrary<Object[]> pathValue(JsonNode schema) {
        Arbitrary<Object[]> good;
        if (schema.has("enum")) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(v -> values.add(v.asText()));
            good = Arbitraries.of(values).map(v -> new Object[]{v, true, false});
        } else {
            good = Arbitraries.oneOf(Arbitraries.of(existing),
                            Arbitraries.randoms().map(r -> new java.util.UUID(r.nextLong(), r.nextLong()).toString()))
                    .map(v -> new Object[]{v, true, false});
        }
        Arbitrary<Object[]> bad = Arbitraries.of(concat(BodyMutations.BAD_UUIDS.stream().filter(s -> !s.isEmpty()).toList(), FuzzText.HOSTILE))
                .map(v -> new Object[]{URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"), false, false});
        Arbitrary<Object[]> garbage = Arbitraries.of("%zz", "%", "%C3%28", "..", "%2e%2e", "a%00b", "%ED%A0%80")
                .map(v -> new Object[]{v, false, true});
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, good), net.jqwik.api.Tuple.of(3, bad), net.jqwik.api.Tuple.of(1, garbage));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Property(tries = 150)
    void pathParametersAreCheckedNeverA500(@ForAll("requests") Request request) {
        ApiResponse r = request.raw()
                ? RawHttp.get(fuzz.server.baseUrl(), request.path(), fuzz.owner)
                : fuzz.api.call(request.operationId(), "GET", request.path()).token(fuzz.owner).sendUnchecked();
        if (r.status() != 404 || r.header("Content-Type") != null && r.header("Content-Type").startsWith("application/json")) {
            // an unroutable path (a '..' resolved away) is still answered, in shape, by the 404 of no endpoint
            ContractAssertions.assertMatchesContract(request.operationId(), r);
        }
        assertThat(r.status()).as("%s: %s", request, r.text()).isLessThan(500);
        if (r.status() >= 400) {
            FuzzServer.assertErrorShape(r);
        }
        if (request.wellFormed()) {
            assertThat(r.status()).as("%s: a well-formed id is not a 400: %s", request, r.text()).isNotEqualTo(400);
        } else {
            assertThat(r.status()).as("%s: %s", request, r.text()).isGreaterThanOrEqualTo(400);
        }
    }
}
