package dev.parley.file;

import dev.parley.testing.ApiClient;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep removes blobs that no file uses once they are older than the grace period for
 * uploads in flight, whatever left them there (here: planted directly in the store, and the
 * content of a deleted file put back), and keeps blobs that a file uses however old, and young
 * blobs nobody uses yet (an upload between storing its blob and writing its row). On both blob
 * stores.
 */
class BlobSweepTest {
    private static final long TWO_HOURS = Duration.ofHours(2).toMillis();

    @ParameterizedTest
    @ValueSource(strings = {StoredContent.FILESYSTEM, StoredContent.DATABASE})
    void blobsNoFileUsesAreSweptOnceOld(String store) throws Exception {
        try (TestServer server = TestServer.start(b -> b.files(FileSettings.defaults().withBlobStore(store)))) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String employee = server.user("employee").token();
            String conversation = api.newConversation(owner, Map.of("title", "Disk space"));
            StoredContent stored = new StoredContent(server, store);

            byte[] usedBytes = SampleFiles.png(12, 12);
            String used = attach(api, owner, conversation, "used.png", usedBytes);
            String usedSha = StoredContent.sha256(usedBytes);
            stored.age(usedSha, TWO_HOURS);
            byte[] unattachedBytes = SampleFiles.text("uploaded, not attached yet\n");
            api.upload(owner, conversation, "draft.txt", "text/plain", unattachedBytes);
            stored.age(StoredContent.sha256(unattachedBytes), TWO_HOURS);

            byte[] deletedBytes = SampleFiles.text("deleted by staff, its blob came back\n");
            String deleted = attach(api, owner, conversation, "deleted.txt", deletedBytes);
            api.call("parley-delete-conversation-file", "DELETE", "/v2/conversations/" + conversation + "/files/" + deleted)
                    .token(employee).send().assertStatus(204);
            String deletedSha = stored.plant(deletedBytes, TWO_HOURS);
            String oldSha = stored.plant(SampleFiles.text("nobody's, stored long ago\n"), TWO_HOURS);
            String youngSha = stored.plant(SampleFiles.text("nobody's yet, stored just now\n"), 0);

            server.parley().sweepOrphansNow();

            List<String> blobs = stored.blobs();
            assertThat(blobs).as("old blobs no file uses").doesNotContain(oldSha, deletedSha);
            assertThat(blobs).as("blobs in use, and young ones").contains(usedSha, StoredContent.sha256(unattachedBytes),
                    youngSha);
            assertThat(api.download(used, api.accessToken(owner, conversation, used)).assertStatus(200).body())
                    .isEqualTo(usedBytes);
            assertThat(stored.filesWithoutContent()).isEmpty();
        }
    }

    private static String attach(ApiClient api, String owner, String conversation, String name, byte[] content) {
        String type = name.endsWith(".png") ? "image/png" : "text/plain";
        String file = api.upload(owner, conversation, name, type, content).path("id").asText();
        api.createMessage(owner, conversation, Map.of("fileIds", List.of(file))).assertStatus(201);
        return file;
    }
}
