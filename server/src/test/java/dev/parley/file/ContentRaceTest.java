package dev.parley.file;

import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.Multipart;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Removing content (staff deletion of its last file, the orphan sweep of an upload nobody
 * attached, the sweep of blobs no file uses) racing an upload of the same bytes: blobs are
 * content-addressed, so the upload needs the very blob the removal is about to remove. Whatever
 * the interleaving, every file row must keep its content and download. Each removal is tried
 * held between the upload's storing of the blob and its file row, and the upload tried while
 * the removal is held just before removing the blob ({@link ContentSeams}); then the three
 * removals and uploads run freely against each other, many rounds. On both blob stores.
 */
class ContentRaceTest {
    private static final long TWO_HOURS = Duration.ofHours(2).toMillis();

    /** The removals an upload can race. */
    enum Removal { STAFF_DELETION, ORPHAN_SWEEP }

    @ParameterizedTest
    @ValueSource(strings = {StoredContent.FILESYSTEM, StoredContent.DATABASE})
    void aRemovalBetweenAnUploadsBlobAndItsRow(String store) throws Exception {
        try (Fixture f = new Fixture(store)) {
            for (Removal removal : Removal.values()) {
                byte[] content = SampleFiles.text("the same bytes twice, " + removal + "\n");
                String sha = StoredContent.sha256(content);
                String first = f.prepareRemoval(removal, content);
                Gate gate = new Gate(sha);
                f.seams(new ContentSeams() {
                    @Override
                    public void blobStored(String s) {
                        gate.hold(s);
                    }
                });
                Future<ApiResponse> upload = f.async(() -> f.uploadResponse(content));
                assertThat(gate.awaitReached()).as("the upload stored its blob").isTrue();
                f.remove(removal, first); // while the upload's row is not written yet
                gate.release();
                String second = upload.get(60, TimeUnit.SECONDS).assertStatus(201).json().path("id").asText();
                f.assertDownloads(second, content, removal.toString());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {StoredContent.FILESYSTEM, StoredContent.DATABASE})
    void anUploadWhileARemovalIsAboutToRemoveTheBlob(String store) throws Exception {
        try (Fixture f = new Fixture(store)) {
            for (Removal removal : Removal.values()) {
                byte[] content = SampleFiles.text("removed while uploaded again, " + removal + "\n");
                String sha = StoredContent.sha256(content);
                String first = f.prepareRemoval(removal, content);
                Gate gate = new Gate(sha);
                f.seams(new ContentSeams() {
                    @Override
                    public void removingBlob(String s) {
                        gate.hold(s);
                    }
                });
                Future<?> removing = f.async(() -> {
                    f.remove(removal, first);
                    return null;
                });
                assertThat(gate.awaitReached()).as(removal + " came to remove the blob").isTrue();
                Future<ApiResponse> upload = f.async(() -> f.uploadResponse(content));
                f.awaitOrHeld(upload); // the upload may finish now, or wait for the removal
                gate.release();
                removing.get(60, TimeUnit.SECONDS);
                String second = upload.get(60, TimeUnit.SECONDS).assertStatus(201).json().path("id").asText();
                f.assertDownloads(second, content, removal.toString());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {StoredContent.FILESYSTEM, StoredContent.DATABASE})
    void theBlobSweepAgainstAnUploadOfTheSameBytes(String store) throws Exception {
        try (Fixture f = new Fixture(store)) {
            byte[] content = SampleFiles.text("stored long ago, owned by nobody, uploaded again\n");
            String sha = f.stored.plant(content, TWO_HOURS);
            Gate gate = new Gate(sha);
            f.seams(new ContentSeams() {
                @Override
                public void removingBlob(String s) {
                    gate.hold(s);
                }
            });
            Future<?> sweeping = f.async(() -> f.server.parley().sweepOrphansNow());
            assertThat(gate.awaitReached()).as("the sweep came to remove the blob no file uses").isTrue();
            Future<ApiResponse> upload = f.async(() -> f.uploadResponse(content));
            f.awaitOrHeld(upload);
            gate.release();
            sweeping.get(60, TimeUnit.SECONDS);
            String file = upload.get(60, TimeUnit.SECONDS).assertStatus(201).json().path("id").asText();
            f.assertDownloads(file, content, "after the blob sweep");
        }
    }

    /** No seams: deletion, sweep and an upload of the same bytes started together, many rounds. */
    @ParameterizedTest
    @ValueSource(strings = {StoredContent.FILESYSTEM, StoredContent.DATABASE})
    void hammered(String store) throws Exception {
        try (Fixture f = new Fixture(store)) {
            for (int round = 0; round < 20; round++) {
                byte[] content = SampleFiles.text("round " + round + " of the same bytes\n");
                String attached = f.attach(f.upload(content));
                String orphan = f.upload(content);
                f.stored.backdateFile(orphan, Duration.ofDays(2).toMillis());
                CountDownLatch start = new CountDownLatch(1);
                Future<?> deletion = f.async(() -> {
                    start.await();
                    f.remove(Removal.STAFF_DELETION, attached);
                    return null;
                });
                Future<?> sweep = f.async(() -> {
                    start.await();
                    return f.server.parley().sweepOrphansNow();
                });
                Future<ApiResponse> upload = f.async(() -> {
                    start.await();
                    return f.uploadResponse(content);
                });
                start.countDown();
                deletion.get(60, TimeUnit.SECONDS);
                sweep.get(60, TimeUnit.SECONDS);
                String again = upload.get(60, TimeUnit.SECONDS).assertStatus(201).json().path("id").asText();
                f.assertDownloads(again, content, "round " + round);
            }
        }
    }

    /** Holds the first call of a seam for one content until released. */
    static final class Gate {
        private final String sha;
        private final AtomicBoolean armed = new AtomicBoolean(true);
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        Gate(String sha) {
            this.sha = sha;
        }

        void hold(String s) {
            if (s.equals(sha) && armed.compareAndSet(true, false)) {
                reached.countDown();
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        boolean awaitReached() throws InterruptedException {
            return reached.await(30, TimeUnit.SECONDS);
        }

        void release() {
            released.countDown();
        }
    }

    /** A server with the blob store, a customer's conversation, and a pool for concurrent steps. */
    static final class Fixture implements AutoCloseable {
        final TestServer server;
        final ApiClient api;
        final StoredContent stored;
        final String owner;
        final String employee;
        final String conversation;
        private final ExecutorService pool = Executors.newCachedThreadPool();

        Fixture(String store) {
            server = TestServer.start(b -> b.files(FileSettings.defaults().withBlobStore(store)));
            api = server.client();
            stored = new StoredContent(server, store);
            owner = server.user("customer-owner").token();
            employee = server.user("employee").token();
            conversation = api.newConversation(owner, Map.of("title", "Same bytes, different files"));
        }

        void seams(ContentSeams seams) {
            server.parley().fileService().seams(seams);
        }

        <T> Future<T> async(Callable<T> work) {
            return pool.submit(work);
        }

        ApiResponse uploadResponse(byte[] content) {
            String token = api.requestFileUpload(owner, conversation).assertStatus(201).json().path("uploadToken").asText();
            return api.uploadFile(token, Multipart.file("same.txt", "text/plain", content));
        }

        String upload(byte[] content) {
            return uploadResponse(content).assertStatus(201).json().path("id").asText();
        }

        String attach(String file) {
            api.createMessage(owner, conversation, Map.of("fileIds", List.of(file))).assertStatus(201);
            return file;
        }

        /** A file of {@code content} that the removal will take away: attached (deletion) or a stale orphan. */
        String prepareRemoval(Removal removal, byte[] content) throws Exception {
            String file = upload(content);
            if (removal == Removal.STAFF_DELETION) {
                return attach(file);
            }
            stored.backdateFile(file, Duration.ofDays(2).toMillis());
            return file;
        }

        void remove(Removal removal, String file) {
            if (removal == Removal.STAFF_DELETION) {
                api.call("parley-delete-conversation-file", "DELETE", "/v2/conversations/" + conversation + "/files/" + file)
                        .token(employee).send().assertStatus(204);
            } else {
                server.parley().sweepOrphansNow();
            }
        }

        /** Waits a little for a step that the held one may be blocking (it is then let go). */
        void awaitOrHeld(Future<?> step) throws Exception {
            try {
                step.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException blocked) {
                // waiting for the held removal, as it should on the same content
            }
        }

        void assertDownloads(String file, byte[] content, String what) throws Exception {
            attach(file);
            assertThat(stored.filesWithoutContent()).as(what + ": file rows whose blob is gone").isEmpty();
            assertThat(api.download(file, api.accessToken(owner, conversation, file)).assertStatus(200).body())
                    .as(what).isEqualTo(content);
        }

        @Override
        public void close() {
            pool.shutdownNow();
            server.close();
        }
    }
}
