package dev.parley.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.parley.file.FileFlowTest.assertPlainError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens to attachments over time: they survive a restart, uploads nobody attached are
 * swept, staff deletion leaves a DeletedFile and removes the bytes (unless other files share
 * them: blobs are content-addressed), and the database blob store does the same job.
 */
class FileLifecycleTest {

    @Test
    void aRestartKeepsFilesAndTheirAccessTokens() {
        try (TestServer server = TestServer.startDemo()) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String conversation = api.newConversation(owner, Map.of("title", "Survives restarts"));
            byte[] png = SampleFiles.png(30, 20);
            String file = attach(api, owner, conversation, "before-restart.png", "image/png", png);
            String accessToken = api.accessToken(owner, conversation, file);

            server.restart();
            api = server.client();

            // the signing secret is kept in the data directory: tokens issued before still open the file
            assertThat(api.download(file, accessToken).assertStatus(200).body()).isEqualTo(png);
            assertThat(api.download(file, api.accessToken(owner, conversation, file)).assertStatus(200).body())
                    .isEqualTo(png);
            assertThat(api.fileMeta(file, accessToken).assertStatus(200).json().path("name").asText())
                    .isEqualTo("before-restart.png");
            assertThat(filesOfMessages(api, owner, conversation).get(0).path("status").asText()).isEqualTo("uploaded");
        }
    }

    @Test
    void uploadsNobodyAttachedAreSwept() throws Exception {
        try (TestServer server = TestServer.start(b -> b.files(FileSettings.defaults().withOrphanTtl(Duration.ofSeconds(1))))) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String conversation = api.newConversation(owner, Map.of("title", "Forgotten uploads"));
            byte[] keptBytes = SampleFiles.text("attached in time\n");
            byte[] orphanBytes = SampleFiles.text("never attached\n");
            String kept = attach(api, owner, conversation, "kept.txt", "text/plain", keptBytes);
            String orphan = api.upload(owner, conversation, "orphan.txt", "text/plain", orphanBytes).path("id").asText();
            // until swept, the uploader may open it
            api.call("file-get-file-meta", "GET", "/v2/files/" + orphan + "/meta").token(owner).send().assertStatus(200);
            assertThat(Files.exists(blob(server, orphanBytes))).isTrue();

            Thread.sleep(1_500);
            server.parley().sweepOrphansNow(); // the scheduled sweep may have been first; either way it is gone

            assertPlainError(api.call("file-get-file-meta", "GET", "/v2/files/" + orphan + "/meta").token(owner).send(),
                    404, "NotFound");
            assertPlainError(api.fileAccessToken(owner, conversation, orphan), 404, "NotFound");
            assertThat(Files.exists(blob(server, orphanBytes))).as("the orphan's bytes").isFalse();
            // too late to attach it now
            FileRefusalsTest.assertValidationError(api.createMessage(owner, conversation,
                    Map.of("fileIds", List.of(orphan))), 400, ".fileIds[0]");

            assertThat(api.download(kept, api.accessToken(owner, conversation, kept)).assertStatus(200).body())
                    .isEqualTo(keptBytes);
            assertThat(Files.exists(blob(server, keptBytes))).isTrue();
        }
    }

    @Test
    void staffDeleteAnAttachment() throws Exception {
        try (TestServer server = TestServer.startDemo()) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String outsider = server.user("outsider").token();
            String employee = server.user("employee").token();
            String conversation = api.newConversation(owner, Map.of("title", "Oops, my password is in that log"));
            byte[] log = SampleFiles.text("password=hunter2\n");
            String file = attach(api, owner, conversation, "oops.log", "text/plain", log);
            String earlierToken = api.accessToken(owner, conversation, file);

            ApiResponse byCustomer = delete(api, owner, conversation, file);
            assertPlainError(byCustomer, 403, "Forbidden");
            assertPlainError(delete(api, outsider, conversation, file), 404, "NotFound");
            assertPlainError(delete(api, null, conversation, file), 401, "Unauthorized");
            api.download(file, earlierToken).assertStatus(200);

            ApiResponse deleted = delete(api, employee, conversation, file).assertStatus(204);
            assertThat(deleted.body()).isEmpty();
            assertThat(deleted.header("ETag")).isNotBlank();

            JsonNode listed = filesOfMessages(api, owner, conversation).get(0);
            assertThat(listed.path("id").asText()).isEqualTo(file);
            assertThat(listed.path("status").asText()).isEqualTo("deleted");
            assertThat(listed.path("name").asText()).isEqualTo("oops.log");
            assertThat(listed.path("type").asText()).isEqualTo("text/plain");
            assertThat(Instant.parse(listed.path("deletionDate").asText()))
                    .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));

            assertPlainError(api.download(file, earlierToken), 404, "NotFound");
            assertPlainError(api.fileMeta(file, earlierToken), 404, "NotFound");
            assertPlainError(api.fileAccessToken(employee, conversation, file), 404, "NotFound");
            assertPlainError(api.call("file-get-file", "GET", "/v2/files/" + file).token(employee).send(), 404, "NotFound");
            assertThat(Files.exists(blob(server, log))).as("the deleted file's bytes").isFalse();
            assertPlainError(delete(api, employee, conversation, file), 404, "NotFound");
        }
    }

    @Test
    void theSameBytesAreStoredOnceAndRemovedWithTheirLastFile() throws Exception {
        try (TestServer server = TestServer.startDemo()) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String employee = server.user("employee").token();
            String conversation = api.newConversation(owner, Map.of("title", "Sent it twice"));
            byte[] jpeg = SampleFiles.jpeg(50, 50);
            String first = attach(api, owner, conversation, "first.jpg", "image/jpeg", jpeg);
            String second = attach(api, owner, conversation, "second.jpg", "image/jpeg", jpeg);
            assertThat(blobFiles(server)).containsExactly(blob(server, jpeg));

            delete(api, employee, conversation, first).assertStatus(204);
            assertThat(Files.exists(blob(server, jpeg))).as("bytes still used by the second file").isTrue();
            assertThat(api.download(second, api.accessToken(owner, conversation, second)).assertStatus(200).body())
                    .isEqualTo(jpeg);

            delete(api, employee, conversation, second).assertStatus(204);
            assertThat(blobFiles(server)).isEmpty();
            assertThat(filesOfMessages(api, owner, conversation)).extracting(f -> f.path("status").asText())
                    .containsExactly("deleted", "deleted");
        }
    }

    @Test
    void theDatabaseBlobStoreRoundTrips() throws Exception {
        try (TestServer server = TestServer.start(b -> b.files(FileSettings.defaults().withBlobStore("database")))) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String employee = server.user("employee").token();
            String conversation = api.newConversation(owner, Map.of("title", "Stored in the database"));
            byte[] pdf = SampleFiles.pdf();
            byte[] png = SampleFiles.png(10, 10);
            String pdfFile = attach(api, owner, conversation, "report.pdf", "application/pdf", pdf);
            String pngFile = attach(api, owner, conversation, "shot.png", "image/png", png);

            assertThat(api.download(pdfFile, api.accessToken(owner, conversation, pdfFile)).assertStatus(200).body())
                    .isEqualTo(pdf);
            assertThat(api.download(pngFile, api.accessToken(owner, conversation, pngFile)).assertStatus(200).body())
                    .isEqualTo(png);
            assertThat(blobFiles(server)).as("files under <dataDir>/blobs").isEmpty();

            server.restart();
            api = server.client();
            assertThat(api.download(pdfFile, api.accessToken(owner, conversation, pdfFile)).assertStatus(200).body())
                    .isEqualTo(pdf);
            delete(api, employee, conversation, pdfFile).assertStatus(204);
            assertPlainError(api.fileAccessToken(owner, conversation, pdfFile), 404, "NotFound");
            assertThat(api.download(pngFile, api.accessToken(owner, conversation, pngFile)).assertStatus(200).body())
                    .isEqualTo(png);
            assertThat(blobFiles(server)).isEmpty();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Uploads a file and attaches it to a new message; its id. */
    private static String attach(ApiClient api, String token, String conversation, String name, String type, byte[] content) {
        String file = api.upload(token, conversation, name, type, content).path("id").asText();
        api.createMessage(token, conversation, Map.of("fileIds", List.of(file))).assertStatus(201);
        return file;
    }

    /** The staff-only extension, checked against Parley's extended document. */
    private static ApiResponse delete(ApiClient api, String token, String conversation, String file) {
        return api.call("parley-delete-conversation-file", "DELETE", "/v2/conversations/" + conversation + "/files/" + file)
                .token(token).send();
    }

    /** The files of the conversation's messages, oldest first. */
    private static List<JsonNode> filesOfMessages(ApiClient api, String token, String conversation) {
        List<JsonNode> files = new java.util.ArrayList<>();
        for (JsonNode entry : api.listMessages(token, conversation).assertStatus(200).json()) {
            entry.path("files").forEach(files::add);
        }
        return files;
    }

    private static Path blob(TestServer server, byte[] content) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        return server.dataDir().resolve("blobs").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }

    private static List<Path> blobFiles(TestServer server) throws IOException {
        Path root = server.dataDir().resolve("blobs");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
