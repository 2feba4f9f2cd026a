package dev.parley.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.ContractAssertions;
import dev.parley.testing.RawHttp;
import dev.parley.testing.SampleFiles;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated query strings ({@link QueryMutations}) for the conversation list and the file
 * download: never a 5xx, every refusal a 4xx in the contract's error shape (checked against the
 * operation's schema too), and a query that stays valid is answered 2xx.
 *
 * <p>Bad inputs tried: integers that are negative, past 2^63, past Parley's bounds (limit
 * 10001, skip 2^31), "1e3", "0x10", "", " 5", "+5", "5.0", "NaN", full-width and Arabic-Indic
 * digits, "1,2", SQL; unknown enum values for status / sort / order ("bogus", "", "OPEN",
 * "open ", "asc,", ",desc"), also as indexed keys {@code status[3]}; FTS5 / tsquery / SQL
 * syntax and unicode in fullTextSearch ({@code "}, {@code *}, {@code NEAR(}, {@code AND OR NOT},
 * {@code '; DROP TABLE}, {@code :*}, {@code !}, {@code <->}, {@code \} …) and searches of 3 000
 * to 9 000 characters; repeated parameters; unknown names ({@code Limit}, {@code status[]},
 * {@code sort[1000]}, {@code __proto__}); empty values; and, sent raw over a socket,
 * percent-encoding garbage: {@code %}, {@code %zz}, {@code %C3%28} (invalid UTF-8), {@code %00},
 * {@code %FF%FE}, {@code %u0041}, an encoded lone surrogate ({@code %ED%A0%80}), an overlong
 * encoding ({@code %C0%AF}), a code point past U+10FFFF, bare {@code &&}, {@code =}, {@code ;},
 * names without values and brackets without a closing one.
 */
class MutatedQueriesFuzzTest {
    static FuzzServer fuzz;
    static String fileId;
    static ContractArbitraries.Fixtures fileFixtures;

    @BeforeContainer
    static void start() {
        fuzz = new FuzzServer();
        String conversation = fuzz.newConversation();
        fuzz.api.newConversation(fuzz.owner, Map.of("title", "second", "messageContent", "NEAR( a:* \"b\""));
        fileId = fuzz.api.upload(fuzz.owner, conversation, "fuzz.txt", "text/plain", SampleFiles.text("mutated\n")).path("id").asText();
        fuzz.api.createMessage(fuzz.owner, conversation, Map.of("messageContent", "with file", "fileIds", List.of(fileId)))
                .assertStatus(201);
        String token = fuzz.api.accessToken(fuzz.owner, conversation, fileId);
        Map<String, Arbitrary<Optional<JsonNode>>> byPath = new HashMap<>(fuzz.fixtures().byPath());
        byPath.put(".token", Arbitraries.just(Optional.of(JsonNodeFactory.instance.textNode(token))));
        fileFixtures = new ContractArbitraries.Fixtures(fuzz.fixtures().idsByAggregate(), byPath);
    }

    @AfterContainer
    static void stop() {
        if (fuzz != null) {
            fuzz.close();
        }
    }

    @Provide
    Arbitrary<QueryMutations.Mutant> listQuery() {
        return QueryMutations.of("conversation-list-conversations", fuzz.fixtures());
    }

    @Provide
    Arbitrary<QueryMutations.Mutant> downloadQuery() {
        return QueryMutations.of("file-get-file", fileFixtures);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void conversationList(@ForAll("listQuery") QueryMutations.Mutant m) {
        check("conversation-list-conversations", "/v2/conversations", m);
    }

    @Property(tries = 50, shrinking = ShrinkingMode.OFF)
    void fileDownload(@ForAll("downloadQuery") QueryMutations.Mutant m) {
        check("file-get-file", "/v2/files/" + fileId, m);
    }

    private static void check(String operationId, String path, QueryMutations.Mutant m) {
        ApiResponse r = m.expect() == QueryMutations.Expect.EITHER
                ? RawHttp.get(fuzz.server.baseUrl(), path + "?" + m.raw(), fuzz.owner)
                : fuzz.api.call(operationId, "GET", path + "?" + m.raw()).token(fuzz.owner).sendUnchecked();
        ContractAssertions.assertMatchesContract(operationId, r);
        switch (m.expect()) {
            case REFUSE -> FuzzServer.assertErrorShape(r);
            case ACCEPT -> assertThat(r.status()).as("%s accepted: %s", m, r.text()).isBetween(200, 299);
            case EITHER -> {
                if (r.status() >= 300) {
                    FuzzServer.assertErrorShape(r);
                }
            }
        }
    }
}
