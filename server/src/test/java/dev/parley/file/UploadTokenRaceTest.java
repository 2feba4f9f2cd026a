package dev.parley.file;

import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.Multipart;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads racing on one upload token: the token is claimed in the database before anything is
 * stored, so exactly one upload wins (201), every other one is 409 without writing a blob, and
 * the blob store holds exactly one new blob. Tried with 6, 9 and 12 concurrent uploads of
 * different content (256 KiB each, so that they overlap), on both blob stores. Also: content
 * refused after the claim (422, 406) releases it, so the same token works for a retry.
 */
class UploadTokenRaceTest {

    @ParameterizedTest
    @ValueSource(strings = {StoredContent.FILESYSTEM, StoredContent.DATABASE})
    void racingUploadsOnOneTokenStoreOneBlob(String store) throws Exception {
        try (TestServer server = TestServer.start(b -> b.files(FileSettings.defaults().withBlobStore(store)))) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String conversation = api.newConversation(owner, Map.of("title", "Double click on upload"));
            StoredContent stored = new StoredContent(server, store);
            int round = 0;
            for (int racers : new int[]{6, 9, 12}) {
                round++;
                List<String> before = stored.blobs();
                String token = api.requestFileUpload(owner, conversation).assertStatus(201).json()
                        .path("uploadToken").asText();
                List<ApiResponse> responses = race(api, token, racers, round);

                long created = responses.stream().filter(r -> r.status() == 201).count();
                assertThat(created).as(racers + " racers: 201s " + statuses(responses)).isEqualTo(1);
                for (ApiResponse r : responses) {
                    if (r.status() != 201) {
                        FileRefusalsTest.assertValidationError(r, 409, ".header.Token");
                    }
                }
                List<String> added = new ArrayList<>(stored.blobs());
                added.removeAll(before);
                assertThat(added).as(racers + " racers: blobs added to the " + store + " store").hasSize(1);
            }
            assertThat(stored.filesWithoutContent()).isEmpty();
            try (var left = Files.list(server.dataDir().resolve("tmp"))) {
                assertThat(left.toList()).as("temporary files left behind").isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {StoredContent.FILESYSTEM, StoredContent.DATABASE})
    void refusedContentReleasesTheClaim(String store) throws Exception {
        try (TestServer server = TestServer.start(b -> b.files(FileSettings.defaults().withBlobStore(store)))) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String conversation = api.newConversation(owner, Map.of("title", "Wrong file first"));
            String token = api.requestFileUpload(owner, conversation).assertStatus(201).json().path("uploadToken").asText();
            FileRefusalsTest.assertValidationError(api.uploadFile(token, Multipart.file("shot.png", "image/png",
                    MalformedImages.png().get("png-truncated-at-20"))), 422, ".file");
            FileRefusalsTest.assertValidationError(api.uploadFile(token, Multipart.file("tool.exe", "application/octet-stream",
                    SampleFiles.windowsExecutable())), 406, ".file");
            assertThat(new StoredContent(server, store).blobs()).as("blobs of refused uploads").isEmpty();
            api.uploadFile(token, Multipart.file("shot.png", "image/png", SampleFiles.png(8, 8))).assertStatus(201);
            FileRefusalsTest.assertValidationError(api.uploadFile(token, Multipart.file("again.png", "image/png",
                    SampleFiles.png(9, 9))), 409, ".header.Token");
        }
    }

    /** {@code racers} uploads of different content on one token, released together. */
    private static List<ApiResponse> race(ApiClient api, String token, int racers, int round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ApiResponse>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                byte[] content = SampleFiles.log(256 * 1024);
                byte[] tag = ("round " + round + " racer " + i + "\n").getBytes(StandardCharsets.UTF_8);
                System.arraycopy(tag, 0, content, 0, tag.length);
                Multipart body = Multipart.file("racer-" + i + ".log", "text/plain", Arrays.copyOf(content, content.length));
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.uploadFile(token, body);
                }));
            }
            start.countDown();
            List<ApiResponse> responses = new ArrayList<>();
            for (Future<ApiResponse> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Integer> statuses(List<ApiResponse> responses) {
        return responses.stream().map(ApiResponse::status).toList();
    }
}
