package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.ContractAssertions;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response bodies as they leave Parley ({@link ResponseOutput}): gzip for clients that accept it
 * and bodies of 1,500 bytes and more, the same JSON either way, never for file downloads; bodies
 * larger than Javalin's copy buffer arrive whole. Every response, unpacked, matches the contract.
 */
class ResponseCompressionTest {
    static TestServer server;
    static ApiClient api;
    static String owner;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        // enough conversations that a page of them is far larger than the copy buffer
        for (int i = 0; i < 30; i++) {
            api.newConversation(owner, Map.of("title", "Compression " + i + " " + "of a long title ".repeat(15),
                    "messageContent", "text"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ApiResponse list(String acceptEncoding) {
        ApiClient.Call call = api.call("conversation-list-conversations", "GET", "/v2/conversations?limit=50").token(owner);
        if (acceptEncoding != null) {
            call.header("Accept-Encoding", acceptEncoding);
        }
        return call.sendUnchecked();
    }

    /** The response with its body unpacked when it came gzipped, checked against the contract. */
    private static ApiResponse unpacked(String operationId, ApiResponse r) {
        byte[] body = r.body();
        if ("gzip".equals(r.header("Content-Encoding"))) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ApiResponse plain = new ApiResponse(r.request(), r.status(), r.headers(), body);
        ContractAssertions.assertMatchesContract(operationId, plain);
        return plain;
    }

    @Test
    void aLargeListIsGzippedForAClientThatAcceptsItAndIsTheSameJson() {
        ApiResponse plain = unpacked("conversation-list-conversations", list(null).assertStatus(200));
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(plain.body().length).isGreaterThan(4 * ResponseOutput.COPY_BUFFER_BYTES);
        JsonNode expected = plain.json();
        assertThat(expected.size()).isGreaterThanOrEqualTo(30);

        // accept-encoding values tried: gzip alone, in a list with others (as browsers and curl
        // send it), upper case
        for (String accept : new String[] {"gzip", "br, gzip, deflate", "gzip, deflate, br, zstd", "GZIP"}) {
            ApiResponse r = list(accept).assertStatus(200);
            assertThat(r.header("Content-Encoding")).as(accept).isEqualTo("gzip");
            assertThat(r.body().length).as(accept).isLessThan(plain.body().length);
            assertThat(unpacked("conversation-list-conversations", r).json()).as(accept).isEqualTo(expected);
        }
        // encodings Parley does not speak, or none: the plain bytes
        for (String accept : new String[] {"identity", "br", "deflate", ""}) {
            ApiResponse r = list(accept).assertStatus(200);
            assertThat(r.header("Content-Encoding")).as(accept).isNull();
            assertThat(unpacked("conversation-list-conversations", r).json()).as(accept).isEqualTo(expected);
        }
    }

    @Test
    void theJsonGoesOutAsATypeThatSkipsJavalinsExclusionList() {
        // the list of types compressed without Javalin's per-response search only saves work if
        // the type Parley's JSON carries is on it
        assertThat(ResponseOutput.ALWAYS_COMPRESSIBLE).contains(list("gzip").header("Content-Type"));
    }

    @Test
    void aSmallBodyAndAnErrorAreNotCompressed() {
        String id = api.newConversation(owner, Map.of("title", "Small", "messageContent", "hi"));
        ApiResponse r = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + id).token(owner)
                .header("Accept-Encoding", "gzip").sendUnchecked().assertStatus(200);
        assertThat(r.body().length).isLessThan(1500);
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(unpacked("conversation-get-conversation", r).json().path("conversationId").asText()).isEqualTo(id);

        ApiResponse missing = api.call("conversation-get-conversation", "GET", "/v2/conversations/" + java.util.UUID.randomUUID())
                .token(owner).header("Accept-Encoding", "gzip").sendUnchecked();
        missing.assertError(404, "NotFound");
        assertThat(missing.header("Content-Encoding")).isNull();
        ContractAssertions.assertMatchesContract("conversation-get-conversation", missing);
    }

    @Test
    void aFileIsSentAsItsExactBytesWhateverTheClientAccepts() {
        String conversation = api.newConversation(owner, Map.of("title", "With a file", "messageContent", "see file"));
        byte[] content = "a text file that gzip would shrink a lot. ".repeat(2000).getBytes(StandardCharsets.UTF_8);
        String fileId = api.upload(owner, conversation, "big.txt", "text/plain", content).path("id").asText();
        String token = api.accessToken(owner, conversation, fileId);
        ApiResponse r = api.call("file-get-file", "GET", "/v2/files/" + fileId + "?token=" + token)
                .header("Accept-Encoding", "gzip").send().assertStatus(200);
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(content.length));
        assertThat(r.body()).isEqualTo(content);
    }
}
