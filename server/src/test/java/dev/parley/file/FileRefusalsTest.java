package dev.parley.file;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.Multipart;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.parley.file.FileFlowTest.assertPlainError;
import static dev.parley.file.FileFlowTest.enc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way an upload, an attachment or a download is refused, each with the status the
 * contract documents and the error body in its shape: {@code ValidationError} (with the
 * offending path) for 400, 406, 409 and 422; {@code {type, message}} for 401, 403, 404, 413.
 * A refused upload does not use up its token.
 */
class FileRefusalsTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String member;
    static String employee;
    /** Shared with Demo GmbH, created by its owner. */
    static String conversationId;
    /** The member's private conversation. */
    static String otherConversationId;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        member = server.user("customer-member").token();
        employee = server.user("employee").token();
        conversationId = api.newConversation(owner, Map.of("title", "Refusals",
                "sharedWith", Map.of("aggregate", "customer", "domain", "customer", "id", server.demoCustomerId())));
        otherConversationId = api.newConversation(member, Map.of("title", "Another conversation"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ---- upload tokens ------------------------------------------------------------------------

    @Test
    void anUnknownUploadTokenIs401() {
        assertPlainError(api.uploadFile(UUID.randomUUID().toString(), png("a.png")), 401, "Unauthorized");
    }

    @Test
    void anExpiredUploadTokenIs401() throws InterruptedException {
        try (TestServer shortLived = TestServer.start(b -> b.files(FileSettings.defaults()
                .withUploadTokenTtl(Duration.ofSeconds(1))))) {
            ApiClient client = shortLived.client();
            String token = shortLived.user("customer-owner").token();
            String conversation = client.newConversation(token, Map.of("title", "Slow uploader"));
            String uploadToken = client.requestFileUpload(token, conversation).assertStatus(201).json()
                    .path("uploadToken").asText();
            Thread.sleep(1_300);
            assertPlainError(client.uploadFile(uploadToken, png("late.png")), 401, "Unauthorized");
            assertPlainError(client.call("file-get-file-upload-token-rules", "GET",
                    "/v2/file-upload-tokens/" + uploadToken + "/rules").send(), 404, "NotFound");
        }
    }

    @Test
    void aReusedUploadTokenIs409() {
        String token = uploadToken(owner);
        api.uploadFile(token, png("first.png")).assertStatus(201);
        assertValidationError(api.uploadFile(token, png("second.png")), 409, ".header.Token");
    }

    @Test
    void aMalformedTokenHeaderIs400() {
        assertValidationError(api.uploadFile("not-a-uuid", png("a.png")), 400, ".header.Token");
    }

    @Test
    void aMissingTokenIs400() {
        assertValidationError(api.uploadFile(null, png("a.png")), 400, ".header.Token");
        // an API token does not stand in for the upload token
        Multipart body = png("a.png");
        assertValidationError(api.call("file-create-file", "POST", "/v2/files").token(owner)
                .raw(body.contentType(), body.bytes()).send(), 400, ".header.Token");
    }

    // ---- the body -----------------------------------------------------------------------------

    @Test
    void aBodyThatIsNotMultipartIs400() {
        String token = uploadToken(owner);
        assertValidationError(api.call("file-create-file", "POST", "/v2/files").header("Token", token)
                .raw("application/json", "{\"file\": \"aGVsbG8=\"}".getBytes(StandardCharsets.UTF_8)).send(), 400, null);
        assertValidationError(api.call("file-create-file", "POST", "/v2/files").header("Token", token)
                .raw("image/png", SampleFiles.png(4, 4)).send(), 400, null);
        // the refusals did not use the token up
        api.uploadFile(token, png("after-refusals.png")).assertStatus(201);
    }

    @Test
    void aMultipartBodyWithoutAFileFieldIs400() {
        String token = uploadToken(owner);
        Multipart noFile = new Multipart().field("comment", "forgot the file")
                .part("attachment", "x.png", "image/png", SampleFiles.png(4, 4));
        assertValidationError(api.uploadFile(token, noFile), 400, null);
        // a multipart body whose boundary never appears
        assertValidationError(api.call("file-create-file", "POST", "/v2/files").header("Token", token)
                .raw("multipart/form-data; boundary=nothing-like-it", "garbage".getBytes(StandardCharsets.US_ASCII))
                .send(), 400, null);
        api.uploadFile(token, png("finally.png")).assertStatus(201);
    }

    @Test
    void anEmptyFileIs422() {
        assertValidationError(api.uploadFile(uploadToken(owner), Multipart.file("empty.txt", "text/plain", new byte[0])),
                422, ".file");
    }

    @Test
    void aFileOverTheCapIs413() throws Exception {
        long cap = 10 * 1024;
        try (TestServer small = TestServer.start(b -> b.files(FileSettings.defaults().withMaxUploadBytes(cap)))) {
            ApiClient client = small.client();
            String token = small.user("customer-owner").token();
            String conversation = client.newConversation(token, Map.of("title", "Big logs"));
            JsonNode rules = client.requestFileUpload(token, conversation).assertStatus(201).json().path("rules");
            assertThat(rules.path("maxSizeInKB").asLong()).isEqualTo(10);

            byte[] log = SampleFiles.log((int) cap + 100);
            // just over the cap: read up to the cap, then refused
            assertPlainError(client.uploadFile(uploadToken(client, token, conversation),
                    Multipart.file("over.log", "text/plain", Arrays.copyOf(log, (int) cap + 1))), 413, "PayloadTooLarge");
            // far over it: refused by the declared length, before reading
            assertPlainError(client.uploadFile(uploadToken(client, token, conversation),
                    Multipart.file("huge.log", "text/plain", SampleFiles.log(200 * 1024))), 413, "PayloadTooLarge");
            // exactly the cap is fine
            JsonNode meta = client.uploadFile(uploadToken(client, token, conversation),
                    Multipart.file("exact.log", "text/plain", Arrays.copyOf(log, (int) cap))).assertStatus(201).json();
            assertThat(meta.path("sizeInBytes").asLong()).isEqualTo(cap);
            try (var left = Files.list(small.dataDir().resolve("tmp"))) {
                assertThat(left.toList()).as("temporary files of refused uploads").isEmpty();
            }
        }
    }

    @Test
    void oversizedOtherFieldsAre413() {
        // fields besides `file` are read and dropped, but not without limit
        String token = uploadToken(owner);
        Multipart body = new Multipart().field("comment", "x".repeat(100 * 1024))
                .part("file", "after.png", "image/png", SampleFiles.png(8, 8));
        assertPlainError(api.uploadFile(token, body), 413, "PayloadTooLarge");
        // small ones are fine
        Multipart small = new Multipart().field("comment", "see attached")
                .part("file", "after.png", "image/png", SampleFiles.png(8, 8));
        api.uploadFile(token, small).assertStatus(201);
    }

    // ---- what the content is ------------------------------------------------------------------

    @Test
    void aDisguisedExecutableIs406() {
        assertValidationError(api.uploadFile(uploadToken(owner),
                Multipart.file("screenshot.png", "image/png", SampleFiles.windowsExecutable())), 406, ".file");
        assertValidationError(api.uploadFile(uploadToken(owner),
                Multipart.file("log.txt", "text/plain", SampleFiles.elf())), 406, ".file");
        assertValidationError(api.uploadFile(uploadToken(owner),
                Multipart.file("setup.exe", "application/octet-stream", SampleFiles.windowsExecutable())), 406, ".file");
    }

    @Test
    void contentThatContradictsTheNameOrDeclaredTypeIs422() {
        byte[] png = SampleFiles.png(16, 16);
        ApiResponse named = api.uploadFile(uploadToken(owner), Multipart.file("notes.txt", "text/plain", png));
        assertValidationError(named, 422, ".file");
        assertThat(named.json().path("validationErrors").get(0).path("type").asText()).isEqualTo("contentMismatch");
        ApiResponse declared = api.uploadFile(uploadToken(owner), Multipart.file("picture.png", "image/jpeg", png));
        assertValidationError(declared, 422, ".file");
        assertThat(declared.json().path("validationErrors").get(0).path("type").asText()).isEqualTo("contentMismatch");
        // a name without an allowed extension
        assertValidationError(api.uploadFile(uploadToken(owner), Multipart.file("README", "text/plain",
                SampleFiles.text("read me\n"))), 422, ".file");
    }

    /**
     * A PNG whose header claims 20000x20000 pixels (the rules allow at most 10000x10000): the
     * dimensions are read from the header, so the file is refused without decoding a pixel.
     */
    @Test
    void anImageOutsideTheDimensionRulesIs422() {
        ApiResponse r = api.uploadFile(uploadToken(owner),
                Multipart.file("bomb.png", "image/png", SampleFiles.pngClaiming(20_000, 20_000)));
        assertValidationError(r, 422, ".file");
        assertThat(r.json().path("validationErrors").get(0).path("type").asText()).isEqualTo("imageDimensions");
        assertThat(r.json().path("message").asText()).contains("20000x20000");
        // the same forgery within the rules passes the dimension check
        api.uploadFile(uploadToken(owner), Multipart.file("small.png", "image/png", SampleFiles.pngClaiming(20, 10)))
                .assertStatus(201);
    }

    // ---- names --------------------------------------------------------------------------------

    @Test
    void namesAreSanitised() {
        assertThat(uploadedName("../../etc/passwd.png", SampleFiles.png(8, 8))).isEqualTo("passwd.png");
        assertThat(uploadedName("C:\\Users\\eve\\Desktop\\evil.png", SampleFiles.png(8, 8))).isEqualTo("evil.png");
        assertThat(uploadedName("re\u0007port\u001b[31m\t.txt", SampleFiles.text("text\n"))).isEqualTo("report[31m.txt");
        assertThat(uploadedName("Straße \u202Egnp.txt", SampleFiles.text("text\n"))).isEqualTo("Straße gnp.txt");

        String longName = "a".repeat(500) + ".log";
        String shortened = uploadedName(longName, SampleFiles.text("text\n"));
        assertThat(shortened).hasSize(UploadRules.MAX_NAME_LENGTH).endsWith(".log").startsWith("aaaa");
    }

    @Test
    void aNameWithNothingLeftIs400() {
        assertValidationError(api.uploadFile(uploadToken(owner), Multipart.file("../", "image/png", SampleFiles.png(8, 8))),
                400, ".file");
        assertValidationError(api.uploadFile(uploadToken(owner), Multipart.file("", "image/png", SampleFiles.png(8, 8))),
                400, null);
    }

    @Test
    void aNulCharacterIsDroppedLikeAnyControlCharacter() {
        // the classic truncation trick: what is stored is the name without the NUL, checked as a whole
        assertThat(uploadedName("evil.txt\u0000.png", SampleFiles.png(8, 8))).isEqualTo("evil.txt.png");
        assertValidationError(api.uploadFile(uploadToken(owner),
                Multipart.file("shot.png\u0000.txt", "text/plain", SampleFiles.png(8, 8))), 422, ".file");
    }

    @Test
    void aLongNonAsciiNameIsShortenedNotRefused() {
        String name = "スクリーンショット".repeat(40) + ".png"; // 364 characters, over 1000 bytes of UTF-8
        String stored = uploadedName(name, SampleFiles.png(8, 8));
        assertThat(stored).hasSize(UploadRules.MAX_NAME_LENGTH).startsWith("スクリーンショット").endsWith(".png");
    }

    // ---- attaching ----------------------------------------------------------------------------

    @Test
    void attachingSomeoneElsesUploadIs400() {
        String ownersFile = upload(owner, conversationId, "owners.txt");
        ApiResponse r = api.createMessage(member, conversationId, Map.of("messageContent", "mine now",
                "fileIds", List.of(ownersFile)));
        assertValidationError(r, 400, ".fileIds[0]");
        // the refused message was not written, and the owner can still attach it
        api.createMessage(owner, conversationId, Map.of("fileIds", List.of(ownersFile))).assertStatus(201);
    }

    @Test
    void attachingAnUploadOfAnotherConversationIs400() {
        String elsewhere = upload(member, otherConversationId, "elsewhere.txt");
        String here = upload(member, conversationId, "here.txt");
        assertValidationError(api.createMessage(member, conversationId, Map.of("messageContent", "wrong place",
                "fileIds", List.of(here, elsewhere))), 400, ".fileIds[1]");
        // nothing of the refused message stuck: the first file is still unattached
        api.createMessage(member, conversationId, Map.of("fileIds", List.of(here))).assertStatus(201);
    }

    @Test
    void attachingTwiceIs400() {
        String file = upload(owner, conversationId, "once.txt");
        api.createMessage(owner, conversationId, Map.of("messageContent", "first", "fileIds", List.of(file)))
                .assertStatus(201);
        assertValidationError(api.createMessage(owner, conversationId, Map.of("messageContent", "again",
                "fileIds", List.of(file))), 400, ".fileIds[0]");
    }

    @Test
    void attachingUnknownOrMalformedIdsIs400() {
        assertValidationError(api.createMessage(owner, conversationId, Map.of("fileIds", List.of(UUID.randomUUID().toString()))),
                400, ".fileIds[0]");
        assertValidationError(api.createMessage(owner, conversationId, Map.of("fileIds", List.of("file-abc"))),
                400, ".fileIds[0]");
        assertValidationError(api.createMessage(owner, conversationId, Map.of("messageContent", " ", "fileIds", List.of())),
                400, ".messageContent");
    }

    // ---- access tokens and downloads ----------------------------------------------------------

    @Test
    void anAccessTokenThroughTheWrongConversationIs404() {
        String file = attached(owner, conversationId, "right.txt");
        String memberConversation = api.newConversation(member, Map.of("title", "the member's own"));
        // the member sees both conversations, but the file is not in this one
        api.accessToken(member, conversationId, file);
        assertPlainError(api.fileAccessToken(member, memberConversation, file), 404, "NotFound");
        assertPlainError(api.fileAccessToken(employee, otherConversationId, file), 404, "NotFound");
        assertValidationError(api.fileAccessToken(member, conversationId, "not-an-id"), 400, null);
    }

    @Test
    void anUnattachedUploadIsOnlyItsUploadersUntilAttached() {
        String file = upload(owner, conversationId, "draft.txt");
        api.accessToken(owner, conversationId, file);
        assertPlainError(api.fileAccessToken(member, conversationId, file), 404, "NotFound");
        api.createMessage(owner, conversationId, Map.of("fileIds", List.of(file))).assertStatus(201);
        api.accessToken(member, conversationId, file);
    }

    @Test
    void expiredForgedAndGarbageAccessTokensAre401() throws Exception {
        String file = attached(owner, conversationId, "secret.txt");
        byte[] secret = Base64.getDecoder().decode(Files.readString(
                server.dataDir().resolve("secrets").resolve("file-access.key")).strip());
        String expired = JWT.create().withAudience(AccessTokens.AUDIENCE).withSubject(file)
                .withIssuedAt(Instant.now().minusSeconds(700)).withExpiresAt(Instant.now().minusSeconds(100))
                .sign(Algorithm.HMAC256(secret));
        String forged = JWT.create().withAudience(AccessTokens.AUDIENCE).withSubject(file)
                .withExpiresAt(Instant.now().plusSeconds(600)).sign(Algorithm.HMAC256("not the installation's secret, at all"));
        String unsigned = JWT.create().withAudience(AccessTokens.AUDIENCE).withSubject(file)
                .withExpiresAt(Instant.now().plusSeconds(600)).sign(Algorithm.none());
        for (String token : List.of(expired, forged, unsigned, "garbage", UUID.randomUUID().toString())) {
            assertPlainError(api.download(file, token), 401, "Unauthorized");
            assertPlainError(api.fileMeta(file, token), 401, "Unauthorized");
            assertPlainError(api.call("file-get-file", "GET", "/v2/files/" + file).header("Token", token).send(),
                    401, "Unauthorized");
        }
        // the genuine article, for contrast
        api.download(file, api.accessToken(owner, conversationId, file)).assertStatus(200);
    }

    @Test
    void anUnacceptableAcceptIs406AndInvalidParametersAre400() {
        String file = attached(owner, conversationId, "accept.txt");
        String token = api.accessToken(owner, conversationId, file);
        ApiResponse xml = api.call("file-get-file", "GET", "/v2/files/" + file + "?token=" + enc(token))
                .header("Accept", "application/xml").send();
        xml.assertStatus(406);
        assertThat(xml.json().path("type").asText()).isNotBlank();
        assertThat(xml.json().path("message").asText()).isNotBlank();
        assertValidationError(api.call("file-get-file", "GET", "/v2/files/" + file + "?token=" + enc(token)
                + "&accept=" + enc("application/xml")).send(), 400, null);
        assertValidationError(api.call("file-get-file", "GET", "/v2/files/" + file + "?token=" + enc(token)
                + "&content-disposition=download").send(), 400, null);
        assertValidationError(api.call("file-get-file", "GET", "/v2/files/" + file + "?token=" + enc(token))
                .header("Content-Disposition", "download").send(), 400, null);
        // wildcards and the file's own type are fine
        for (String accept : List.of("*/*", "text/*", "text/plain", "application/octet-stream;q=0.9, */*;q=0.1")) {
            api.call("file-get-file", "GET", "/v2/files/" + file + "?token=" + enc(token)).header("Accept", accept)
                    .send().assertStatus(200);
        }
    }

    @Test
    void unknownFilesAre404() {
        String token = api.accessToken(owner, conversationId, attached(owner, conversationId, "known.txt"));
        assertPlainError(api.download(UUID.randomUUID().toString(), token), 404, "NotFound");
        assertPlainError(api.call("file-get-file", "GET", "/v2/files/file-nothere").token(owner).send(), 404, "NotFound");
        assertPlainError(api.fileAccessToken(owner, conversationId, UUID.randomUUID().toString()), 404, "NotFound");
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static Multipart png(String name) {
        return Multipart.file(name, "image/png", SampleFiles.png(8, 8));
    }

    private static String uploadToken(String apiToken) {
        return uploadToken(api, apiToken, conversationId);
    }

    private static String uploadToken(ApiClient client, String apiToken, String conversation) {
        return client.requestFileUpload(apiToken, conversation).assertStatus(201).json().path("uploadToken").asText();
    }

    private static String upload(String apiToken, String conversation, String name) {
        return api.upload(apiToken, conversation, name, "text/plain", SampleFiles.text(name + "\n")).path("id").asText();
    }

    private static String attached(String apiToken, String conversation, String name) {
        String file = upload(apiToken, conversation, name);
        api.createMessage(apiToken, conversation, Map.of("fileIds", List.of(file))).assertStatus(201);
        return file;
    }

    private static String uploadedName(String name, byte[] content) {
        String type = content.length > 4 && content[1] == 'P' ? "image/png" : "text/plain";
        return api.uploadFile(uploadToken(owner), Multipart.file(name, type, content)).assertStatus(201).json()
                .path("name").asText();
    }

    /** A ValidationError with the status, and (if given) an entry at {@code path}. */
    static void assertValidationError(ApiResponse r, int status, String path) {
        r.assertError(status, "ValidationError");
        JsonNode errors = r.json().path("validationErrors");
        assertThat(errors.isArray()).as(r.request() + ": validationErrors").isTrue();
        assertThat(errors).as(r.request() + ": validationErrors").isNotEmpty();
        if (path != null) {
            assertThat(FileFlowTest.texts(errors, "path")).as(r.request() + ": " + r.text()).contains(path);
        }
    }
}
