package dev.parley.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.Multipart;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attachments: upload token requests with bodies generated from the contract's schema, text
 * uploads with generated content and file names that download byte-identical, and uploads
 * with a mutated {@code Token} header or multipart body, which are refused in the contract's
 * error shape and never with a 5xx.
 *
 * <p>Bad inputs tried: Token missing, empty, not a UUID (short, braces, SQL, 500 characters),
 * an unknown UUID, a token already used; a body that is no multipart, multipart without a
 * boundary or with another one, no {@code file} part (another field name), a truncated body,
 * random bytes, part headers of 10 KiB, file names of unicode, path separators, control
 * characters and 1 000 characters, and a declared type that disagrees with the content.
 */
class FileFuzzTest {
    static FuzzServer fuzz;
    static String conversation;

    @BeforeContainer
    static void start() {
        fuzz = new FuzzServer();
        conversation = fuzz.newConversation();
    }

    @AfterContainer
    static void stop() {
        if (fuzz != null) {
            fuzz.close();
        }
    }

    /** Text content a sniffer takes for text/plain: printable characters of any script, newlines, tabs. */
    @Provide
    Arbitrary<String> content() {
        return FuzzText.text(1, 2_000).map(s -> "log: " + s.codePoints()
                .filter(c -> c >= 0x20 || c == '\n' || c == '\t')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "\n");
    }

    /**
     * A name ending in "_f.txt": whatever the generated part holds (slashes, unassigned or control
     * characters that sanitising drops), something usable stays before the extension.
     */
    @Provide
    Arbitrary<String> fileName() {
        return FuzzText.text(0, 120).map(s -> s + "_f.txt");
    }

    @Provide
    Arbitrary<ObjectNode> uploadRequest() {
        return ContractArbitraries.validBody("conversation-request-file-upload", fuzz.fixtures());
    }

    @Property(tries = 30)
    void uploadedTextDownloadsByteIdentical(@ForAll("uploadRequest") ObjectNode request, @ForAll("content") String text,
                                            @ForAll("fileName") String name) {
        JsonNode token = fuzz.api.call("conversation-request-file-upload", "POST", "/v2/conversations/" + conversation + "/files")
                .token(fuzz.owner).json(request).send().assertStatus(201).json();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonNode meta = fuzz.api.uploadFile(token.path("uploadToken").asText(), Multipart.file(name, "text/plain", bytes))
                .assertStatus(201).json();
        String fileId = meta.path("id").asText();
        fuzz.api.createMessage(fuzz.owner, conversation, Map.of("messageContent", "file", "fileIds", List.of(fileId)))
                .assertStatus(201);
        String access = fuzz.api.accessToken(fuzz.owner, conversation, fileId);
        assertThat(fuzz.api.download(fileId, access).assertStatus(200).body()).isEqualTo(bytes);
    }

    @Provide
    Arbitrary<Integer> mutation() {
        return Arbitraries.integers().between(0, 13);
    }

    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void mutatedUploadsAreRefusedInShape(@ForAll("mutation") int kind, @ForAll("fileName") String name) {
        Random random = new Random(kind * 31L + name.hashCode());
        String token = fuzz.api.requestFileUpload(fuzz.owner, conversation).assertStatus(201).json().path("uploadToken").asText();
        byte[] text = "a plain text file\n".getBytes(StandardCharsets.UTF_8);
        Multipart valid = Multipart.file(name, "text/plain", text);
        String contentType = valid.contentType();
        byte[] body = valid.bytes();
        String tokenHeader = token;
        switch (kind) {
            case 0 -> tokenHeader = null;
            case 1 -> tokenHeader = "";
            case 2 -> tokenHeader = List.of("x", "{" + token + "}", "' OR 1=1 --", "a".repeat(500), token + "0").get(random.nextInt(5));
            case 3 -> tokenHeader = UUID.randomUUID().toString();
            case 4 -> fuzz.api.uploadFile(token, Multipart.file("first.txt", "text/plain", text)).assertStatus(201); // used next
            case 5 -> contentType = "application/json";
            case 6 -> contentType = "multipart/form-data";
            case 7 -> contentType = "multipart/form-data; boundary=something-else";
            case 8 -> body = new Multipart().part("attachment", name, "text/plain", text).bytes();
            case 9 -> body = java.util.Arrays.copyOf(body, random.nextInt(body.length));
            case 10 -> {
                body = new byte[1 + random.nextInt(4096)];
                random.nextBytes(body);
            }
            case 11 -> {
                Multipart m = new Multipart().rawPart("Content-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\nX-Pad: "
                        + "p".repeat(10_000) + "\r\n", text);
                contentType = m.contentType();
                body = m.bytes();
            }
            case 12 -> {
                Multipart m = Multipart.file(name, "image/png", text); // declared type disagrees with the content
                contentType = m.contentType();
                body = m.bytes();
            }
            default -> {
                Multipart m = Multipart.file("../../" + "\u0001\u202e".repeat(3) + "n".repeat(1_000) + ".txt", "text/plain", text);
                contentType = m.contentType();
                body = m.bytes();
            }
        }
        var call = fuzz.api.call("file-create-file", "POST", "/v2/files").raw(contentType, body);
        if (tokenHeader != null) {
            call.header("Token", tokenHeader);
        }
        ApiResponse r = call.send(); // checked against the contract, no 5xx
        if (kind == 9 && r.status() == 201) {
            // cut after the file part's closing delimiter: the part is whole, and so is the file
            String boundary = valid.contentType().substring(valid.contentType().indexOf("boundary=") + 9);
            String sent = new String(body, StandardCharsets.ISO_8859_1);
            int content = sent.indexOf(new String(text, StandardCharsets.ISO_8859_1));
            assertThat(content).as("a 201 for a truncated upload needs the whole file").isGreaterThanOrEqualTo(0);
            assertThat(sent.indexOf("\r\n--" + boundary, content)).as("…and its closing delimiter").isGreaterThan(content);
            assertThat(r.json().path("sizeInBytes").asLong()).isEqualTo(text.length);
            return;
        }
        if (kind == 13) {
            assertThat(r.status()).as(r.text()).isIn(201, 400, 422); // a name that is sanitised, or refused
            if (r.status() != 201) {
                FuzzServer.assertErrorShape(r);
            }
            return;
        }
        FuzzServer.assertErrorShape(r);
    }
}
