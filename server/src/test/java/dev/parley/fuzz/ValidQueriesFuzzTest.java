package dev.parley.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.SampleFiles;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid query strings generated from the contract's query parameter schemas
 * ({@link ContractArbitraries#validQuery}) for every operation that takes some: the
 * conversation list (fullTextSearch with any text, status / sort / order arrays repeated, comma
 * separated or indexed, limit / skip / page across their range) and the file download and
 * meta (accept, content-disposition, token). Each is answered 2xx; a list holds at most
 * {@code limit} items, only closed ones when only closed are asked for, with pagination
 * headers; a download is the uploaded bytes (or their base64).
 */
class ValidQueriesFuzzTest {
    static FuzzServer fuzz;
    static String fileId;
    static byte[] content;
    static ContractArbitraries.Fixtures fileFixtures;

    @BeforeContainer
    static void start() {
        fuzz = new FuzzServer();
        for (int i = 0; i < 6; i++) {
            String id = fuzz.api.newConversation(fuzz.owner, Map.of("title", "listed " + i + " \u05e9\u05dc\u05d5\u05dd \ud83d\ude00",
                    "messageContent", "message " + i + " NEAR( \"quoted\" a:* <-> !x"));
            if (i % 3 == 0) {
                fuzz.api.setStatus(fuzz.owner, id, "closed").assertStatus(200);
            }
        }
        String conversation = fuzz.newConversation();
        content = SampleFiles.text("fuzzed download \u00e9\u4e2d\ud83d\ude00\n");
        fileId = fuzz.api.upload(fuzz.owner, conversation, "fuzz.txt", "text/plain", content).path("id").asText();
        fuzz.api.createMessage(fuzz.owner, conversation, Map.of("messageContent", "with file", "fileIds", List.of(fileId)))
                .assertStatus(201);
        String token = fuzz.api.accessToken(fuzz.owner, conversation, fileId);
        ContractArbitraries.Fixtures base = fuzz.fixtures();
        Map<String, Arbitrary<Optional<JsonNode>>> byPath = new HashMap<>(base.byPath());
        byPath.put(".token", Arbitraries.just(Optional.of(JsonNodeFactory.instance.textNode(token))));
        fileFixtures = new ContractArbitraries.Fixtures(base.idsByAggregate(), byPath);
    }

    @AfterContainer
    static void stop() {
        if (fuzz != null) {
            fuzz.close();
        }
    }

    @Provide
    Arbitrary<List<ContractArbitraries.QueryParam>> listQuery() {
        return ContractArbitraries.validQuery("conversation-list-conversations", fuzz.fixtures());
    }

    @Provide
    Arbitrary<List<ContractArbitraries.QueryParam>> downloadQuery() {
        return ContractArbitraries.validQuery("file-get-file", fileFixtures);
    }

    @Provide
    Arbitrary<List<ContractArbitraries.QueryParam>> metaQuery() {
        return ContractArbitraries.validQuery("file-get-file-meta", fileFixtures);
    }

    @Property(tries = 100)
    void conversationListsTakeEveryValidQuery(@ForAll("listQuery") List<ContractArbitraries.QueryParam> query) {
        for (String token : List.of(fuzz.owner, fuzz.employee)) {
            ApiResponse r = fuzz.api.listConversations(token, ContractArbitraries.encode(query)).assertStatus(200);
            JsonNode items = r.json();
            assertThat(items.isArray()).isTrue();
            long limit = query.stream().filter(p -> p.name().equals("limit")).reduce((a, b) -> b)
                    .map(p -> Long.parseLong(p.value())).orElse(100L);
            assertThat((long) items.size()).isLessThanOrEqualTo(limit);
            assertThat(r.header("X-Pagination-TotalCount")).matches("\\d+");
            List<String> statuses = query.stream().filter(p -> p.name().startsWith("status"))
                    .flatMap(p -> List.of(p.value().split(",")).stream()).distinct().toList();
            if (statuses.equals(List.of("closed"))) {
                items.forEach(c -> assertThat(c.path("status").asText()).isEqualTo("closed"));
            }
        }
    }

    @Property(tries = 25)
    void downloadsTakeEveryValidQuery(@ForAll("downloadQuery") List<ContractArbitraries.QueryParam> query) {
        ApiResponse r = fuzz.api.call("file-get-file", "GET", "/v2/files/" + fileId + "?" + ContractArbitraries.encode(query))
                .send().assertStatus(200);
        boolean base64 = query.stream().anyMatch(p -> p.name().equals("accept") && p.value().equals("text/plain;base64"));
        assertThat(r.body()).isEqualTo(base64 ? Base64.getEncoder().encode(content) : content);
        String disposition = query.stream().filter(p -> p.name().equals("content-disposition")).map(p -> p.value())
                .findFirst().orElse("inline");
        assertThat(r.header("Content-Disposition")).startsWith(disposition + ";");
    }

    @Property(tries = 10)
    void fileMetaTakesEveryValidQuery(@ForAll("metaQuery") List<ContractArbitraries.QueryParam> query) {
        JsonNode meta = fuzz.api.call("file-get-file-meta", "GET", "/v2/files/" + fileId + "/meta?" + ContractArbitraries.encode(query))
                .send().assertStatus(200).json();
        assertThat(meta.path("id").asText()).isEqualTo(fileId);
    }
}
