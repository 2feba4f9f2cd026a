package dev.parley.file;

import dev.parley.testing.ApiClient;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploading bytes that are stored already (by anybody) does the same storing work as new
 * bytes, so that its timing does not tell that they were uploaded before: the filesystem store
 * writes the blob anew and moves it over the old one (a new file, a fresh modification time),
 * the database store rewrites its row (a fresh {@code stored_at}). Tried for the same bytes
 * uploaded again by the same user, by another user in another conversation, and three times.
 */
class DuplicateUploadWorkTest {

    @ParameterizedTest
    @ValueSource(strings = {StoredContent.FILESYSTEM, StoredContent.DATABASE})
    void aDuplicateIsStoredAgainLikeNewContent(String store) throws Exception {
        try (TestServer server = TestServer.start(b -> b.files(FileSettings.defaults().withBlobStore(store)))) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String outsider = server.user("outsider").token();
            String mine = api.newConversation(owner, Map.of("title", "Mine"));
            String theirs = api.newConversation(outsider, Map.of("title", "Theirs"));
            StoredContent stored = new StoredContent(server, store);
            byte[] content = SampleFiles.jpeg(40, 30);
            String sha = StoredContent.sha256(content);

            api.upload(owner, mine, "first.jpg", "image/jpeg", content);
            for (String[] again : new String[][]{{owner, mine}, {outsider, theirs}, {outsider, theirs}}) {
                Object before = identity(stored, sha);
                stored.age(sha, Duration.ofHours(2).toMillis());
                long uploadedAt = System.currentTimeMillis();
                api.upload(again[0], again[1], "again.jpg", "image/jpeg", content);
                assertThat(stored.storedAt(sha)).as("the duplicate's blob was written again")
                        .isGreaterThanOrEqualTo(uploadedAt - 1_000);
                if (store.equals(StoredContent.FILESYSTEM)) {
                    assertThat(identity(stored, sha)).as("a new file moved over the old one").isNotEqualTo(before);
                }
            }
            assertThat(stored.blobs()).containsExactly(sha);
        }
    }

    /** The blob file's identity (device and inode), or null for the database store. */
    private static Object identity(StoredContent stored, String sha) throws Exception {
        if (!stored.store().equals(StoredContent.FILESYSTEM)) {
            return null;
        }
        return Files.readAttributes(stored.blobPath(sha), BasicFileAttributes.class).fileKey();
    }
}
