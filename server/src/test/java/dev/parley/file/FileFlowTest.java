package dev.parley.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.Multipart;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attachment flow as a client sees it, over real HTTP with every response checked against
 * the contract: request an upload, read the rules, upload with the upload token alone, attach
 * to a message, get an access token, download every way the contract offers.
 */
class FileFlowTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String member;
    static String projectMember;
    static String outsider;
    static String employee;
    /** Shared with Demo GmbH, created by its owner. */
    static String conversationId;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        member = server.user("customer-member").token();
        projectMember = server.user("project-member").token();
        outsider = server.user("outsider").token();
        employee = server.user("employee").token();
        conversationId = api.newConversation(owner, Map.of("title", "The checkout page is broken",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theWholeFlow() {
        // 1. an upload token with the rules
        JsonNode requested = api.requestFileUpload(owner, conversationId).assertStatus(201).json();
        assertThat(requested.path("conversationId").asText()).isEqualTo(conversationId);
        String uploadToken = requested.path("uploadToken").asText();
        assertThat(UUID.fromString(uploadToken)).isNotNull();
        JsonNode rules = requested.path("rules");
        assertThat(rules.path("maxSizeInKB").asLong()).isEqualTo(FileSettings.DEFAULT_MAX_UPLOAD_BYTES / 1024);
        assertThat(texts(rules.path("mimeTypes"))).contains("image/png", "image/jpeg", "application/pdf", "text/plain");
        assertThat(rules.at("/properties/imageDimensions/max/width").asInt()).isPositive();
        assertThat(rules.at("/properties/imageDimensions/min/height").asInt()).isPositive();

        // 2. the rules of the token, without an API token; the rules of the upload type (public)
        JsonNode tokenRules = api.call("file-get-file-upload-token-rules", "GET",
                "/v2/file-upload-tokens/" + uploadToken + "/rules").send().assertStatus(200).json();
        assertThat(tokenRules.path("maxSizeInBytes").asLong()).isEqualTo(FileSettings.DEFAULT_MAX_UPLOAD_BYTES);
        assertThat(texts(tokenRules.path("extensions"))).contains(".png", ".jpg", ".pdf", ".txt", ".log");
        assertThat(texts(tokenRules.path("mimeTypes"))).isEqualTo(texts(rules.path("mimeTypes")));
        assertThat(tokenRules.path("maxNameLength").asInt()).isPositive();
        JsonNode typeRules = api.call("file-get-file-upload-type-rules", "GET", "/v2/file-upload-types/conversation/rules")
                .send().assertStatus(200).json();
        assertThat(typeRules).isEqualTo(tokenRules);
        api.call("file-get-file-upload-type-rules", "GET", "/v2/file-upload-types/avatar/rules").send()
                .assertError(404, "NotFound");
        ApiResponse unknownType = api.call("file-get-file-upload-type-rules", "GET", "/v2/file-upload-types/banana/rules")
                .send().assertError(400, "ValidationError");
        assertThat(unknownType.json().path("validationErrors").get(0).path("path").asText()).contains("fileUploadType");

        // 3. the upload, with the upload token alone
        byte[] png = SampleFiles.png(64, 48);
        JsonNode meta = api.uploadFile(uploadToken, Multipart.file("screenshot.png", "image/png", png))
                .assertStatus(201).json();
        String fileId = meta.path("id").asText();
        String shortId = meta.path("shortId").asText();
        assertThat(UUID.fromString(fileId)).isNotNull();
        assertThat(shortId).startsWith("file-").hasSizeGreaterThan("file-".length());
        assertThat(meta.path("name").asText()).isEqualTo("screenshot.png");
        assertThat(meta.path("mimeType").asText()).isEqualTo("image/png");
        assertThat(meta.path("type").asText()).isEqualTo("image/png");
        assertThat(meta.path("sizeInBytes").asLong()).isEqualTo(png.length);
        assertThat(meta.path("friendlyUrl").asText()).isEqualTo(fileId + "/screenshot.png");
        assertThat(meta.path("friendlyURL").asText()).isEqualTo(meta.path("friendlyUrl").asText());
        // the token is used up
        api.call("file-get-file-upload-token-rules", "GET", "/v2/file-upload-tokens/" + uploadToken + "/rules").send()
                .assertError(404, "NotFound");

        // 4. attached to a message without text
        String messageId = api.createMessage(owner, conversationId, Map.of("fileIds", List.of(fileId)))
                .assertStatus(201).json().path("messageId").asText();
        JsonNode message = message(owner, messageId);
        assertThat(message.has("messageContent")).isFalse();
        assertThat(message.path("files")).hasSize(1);
        JsonNode listed = message.path("files").get(0);
        assertThat(listed.path("id").asText()).isEqualTo(fileId);
        assertThat(listed.path("status").asText()).isEqualTo("uploaded");
        assertThat(listed.path("name").asText()).isEqualTo("screenshot.png");
        assertThat(listed.path("type").asText()).isEqualTo("image/png");

        // 5. an access token
        JsonNode access = api.fileAccessToken(owner, conversationId, fileId).assertStatus(200).json();
        String token = access.path("accessToken").asText();
        Instant expiresAt = Instant.parse(access.path("expiresAt").asText());
        assertThat(expiresAt).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(1)));

        // 6. downloads: by query token and Token header, with and without the name, by id and shortId
        for (String id : List.of(fileId, shortId)) {
            for (String path : List.of("/v2/files/" + id, "/v2/files/" + id + "/screenshot.png")) {
                String op = path.endsWith(".png") ? "file-get-file-with-name" : "file-get-file";
                ApiResponse byQuery = api.call(op, "GET", path + "?token=" + enc(token)).send().assertStatus(200);
                assertRawDownload(byQuery, png, "image/png", "inline", "screenshot.png");
                ApiResponse byHeader = api.call(op, "GET", path).header("Token", token).send().assertStatus(200);
                assertRawDownload(byHeader, png, "image/png", "inline", "screenshot.png");
            }
        }
        ApiResponse octets = api.call("file-get-file", "GET", "/v2/files/" + fileId + "?token=" + enc(token))
                .header("Accept", "application/octet-stream").send().assertStatus(200);
        assertThat(octets.body()).isEqualTo(png);

        // base64, by query parameter and by Accept header
        ApiResponse base64Query = api.call("file-get-file", "GET", "/v2/files/" + fileId + "?token=" + enc(token)
                + "&accept=" + enc("text/plain;base64")).send().assertStatus(200);
        assertThat(base64Query.header("Content-Type")).startsWith("text/plain;base64");
        assertThat(Base64.getDecoder().decode(base64Query.body())).isEqualTo(png);
        assertThat(Long.parseLong(base64Query.header("Content-Length"))).isEqualTo(base64Query.body().length);
        ApiResponse base64Header = api.call("file-get-file-with-name", "GET", "/v2/files/" + shortId + "/screenshot.png")
                .header("Token", token).header("Accept", "text/plain;base64").send().assertStatus(200);
        assertThat(Base64.getDecoder().decode(base64Header.body())).isEqualTo(png);

        // as attachment, by query parameter and by header
        ApiResponse attachment = api.call("file-get-file", "GET", "/v2/files/" + fileId + "?token=" + enc(token)
                + "&content-disposition=attachment").send().assertStatus(200);
        assertRawDownload(attachment, png, "image/png", "attachment", "screenshot.png");
        ApiResponse attachmentHeader = api.call("file-get-file", "GET", "/v2/files/" + fileId + "?token=" + enc(token))
                .header("Content-Disposition", "attachment").send().assertStatus(200);
        assertRawDownload(attachmentHeader, png, "image/png", "attachment", "screenshot.png");

        // 7. the meta, by id and by shortId, with the access token alone
        assertThat(api.fileMeta(fileId, token).assertStatus(200).json()).isEqualTo(meta);
        assertThat(api.call("file-get-file-meta", "GET", "/v2/files/" + shortId + "/meta").header("Token", token)
                .send().assertStatus(200).json()).isEqualTo(meta);
    }

    @Test
    void imagesDocumentsAndLogsRoundTripInOneMessage() {
        byte[] jpeg = SampleFiles.jpeg(120, 80);
        byte[] pdf = SampleFiles.pdf();
        byte[] log = SampleFiles.log(3 * 1024 * 1024); // larger than the 1 MiB cap on JSON bodies
        List<String> ids = new ArrayList<>();
        ids.add(api.upload(member, conversationId, "photo.jpg", "image/jpeg", jpeg).path("id").asText());
        // no declared part type, and the generic one: the content decides
        String pdfToken = api.requestFileUpload(member, conversationId).assertStatus(201).json().path("uploadToken").asText();
        JsonNode pdfMeta = api.uploadFile(pdfToken, Multipart.file("invoice.pdf", null, pdf)).assertStatus(201).json();
        assertThat(pdfMeta.path("mimeType").asText()).isEqualTo("application/pdf");
        ids.add(pdfMeta.path("id").asText());
        JsonNode logMeta = api.upload(member, conversationId, "server.log", "application/octet-stream", log);
        assertThat(logMeta.path("mimeType").asText()).isEqualTo("text/plain");
        assertThat(logMeta.path("sizeInBytes").asLong()).isEqualTo(log.length);
        ids.add(logMeta.path("id").asText());

        String messageId = api.createMessage(member, conversationId, Map.of("messageContent", "all the evidence",
                "fileIds", ids)).assertStatus(201).json().path("messageId").asText();
        JsonNode files = message(owner, messageId).path("files");
        assertThat(texts(files, "id")).containsExactlyElementsOf(ids);
        assertThat(texts(files, "type")).containsExactly("image/jpeg", "application/pdf", "text/plain");
        assertThat(texts(files, "status")).containsOnly("uploaded");

        List<byte[]> contents = List.of(jpeg, pdf, log);
        for (int i = 0; i < ids.size(); i++) {
            String token = api.accessToken(owner, conversationId, ids.get(i));
            assertThat(api.download(ids.get(i), token).assertStatus(200).body()).isEqualTo(contents.get(i));
        }
    }

    @Test
    void everyoneWhoSeesTheConversationDownloadsAndNobodyElse() {
        byte[] content = SampleFiles.text("Exception in thread \"main\" java.lang.NullPointerException\n");
        String fileId = api.upload(owner, conversationId, "crash.txt", "text/plain", content).path("id").asText();
        api.createMessage(owner, conversationId, Map.of("messageContent", "the crash", "fileIds", List.of(fileId)))
                .assertStatus(201);

        for (String viewer : List.of(owner, member, employee)) {
            String token = api.accessToken(viewer, conversationId, fileId);
            assertThat(api.download(fileId, token).assertStatus(200).body()).isEqualTo(content);
            // an API token of someone who sees the conversation works as well
            assertThat(api.call("file-get-file", "GET", "/v2/files/" + fileId).token(viewer).send()
                    .assertStatus(200).body()).isEqualTo(content);
        }
        for (String stranger : List.of(outsider, projectMember)) {
            assertPlainError(api.fileAccessToken(stranger, conversationId, fileId), 404, "NotFound");
            assertPlainError(api.call("file-get-file", "GET", "/v2/files/" + fileId).token(stranger).send(), 404, "NotFound");
            assertPlainError(api.call("file-get-file-meta", "GET", "/v2/files/" + fileId + "/meta").token(stranger).send(),
                    404, "NotFound");
        }
        assertPlainError(api.download(fileId, null), 401, "Unauthorized");
        assertPlainError(api.fileMeta(fileId, null), 401, "Unauthorized");
        // whoever holds an access token may use it: that is what it is for
        String token = api.accessToken(member, conversationId, fileId);
        assertThat(api.call("file-get-file", "GET", "/v2/files/" + fileId + "?token=" + enc(token)).token(outsider)
                .send().assertStatus(200).body()).isEqualTo(content);
    }

    @Test
    void anAccessTokenForOneFileNeverOpensAnother() {
        String a = api.upload(owner, conversationId, "a.txt", "text/plain", SampleFiles.text("file A\n")).path("id").asText();
        String b = api.upload(owner, conversationId, "b.txt", "text/plain", SampleFiles.text("file B\n")).path("id").asText();
        api.createMessage(owner, conversationId, Map.of("fileIds", List.of(a, b))).assertStatus(201);
        String tokenA = api.accessToken(owner, conversationId, a);
        String shortB = api.fileMeta(b, api.accessToken(owner, conversationId, b)).assertStatus(200).json()
                .path("shortId").asText();

        assertThat(api.download(a, tokenA).assertStatus(200).text()).isEqualTo("file A\n");
        // another file is answered as if it did not exist: the token confirms no other file id
        String nonexistent = api.download(UUID.randomUUID().toString(), tokenA).assertError(404, "NotFound").text();
        assertThat(api.download(b, tokenA).assertError(404, "NotFound").text()).isEqualTo(nonexistent);
        assertThat(api.download(shortB, tokenA).assertError(404, "NotFound").text()).isEqualTo(nonexistent);
        assertThat(api.fileMeta(b, tokenA).assertError(404, "NotFound").text()).isEqualTo(nonexistent);
        assertThat(api.call("file-get-file-with-name", "GET", "/v2/files/" + b + "/b.txt").header("Token", tokenA)
                .send().assertError(404, "NotFound").text()).isEqualTo(nonexistent);
        // an API token sent along does not widen an access token
        assertThat(api.call("file-get-file", "GET", "/v2/files/" + b + "?token=" + enc(tokenA)).token(owner).send()
                .assertError(404, "NotFound").text()).isEqualTo(nonexistent);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static JsonNode message(String token, String messageId) {
        for (JsonNode entry : api.listMessages(token, conversationId).assertStatus(200).json()) {
            if (messageId.equals(entry.path("messageId").asText())) {
                return entry;
            }
        }
        throw new AssertionError("message " + messageId + " not listed");
    }

    static void assertRawDownload(ApiResponse r, byte[] expected, String type, String disposition, String name) {
        assertThat(r.body()).isEqualTo(expected);
        assertThat(r.header("Content-Type")).startsWith(type);
        assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(expected.length));
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Content-Disposition")).startsWith(disposition + ";").contains("filename=\"" + name + "\"");
    }

    /** An error in the plain {type, message} shape (401, 403, 404, 413). */
    static void assertPlainError(ApiResponse r, int status, String type) {
        r.assertError(status, type);
        assertThat(r.json().path("message").asText()).as(r.request()).isNotBlank();
        assertThat(r.json().has("validationErrors")).as(r.request()).isFalse();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }
}
