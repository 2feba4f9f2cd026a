package dev.parley.file;

import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.ContractAssertions;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 2 GB upload against the default 10 MiB cap: generated lazily and sent chunked (no
 * Content-Length, so the server cannot refuse it up front), it must be refused with 413 in the
 * error shape long before 2 GB have been sent, without the server's temporary directory ever
 * holding more than cap + 1 bytes and without the heap growing by the upload's size.
 */
class LargeUploadTest {
    private static final long TWO_GB = 2L * 1024 * 1024 * 1024;
    private static final long CAP = FileSettings.DEFAULT_MAX_UPLOAD_BYTES;
    private static final long HEAP_SLACK = 100L * 1024 * 1024;

    @Test
    @Timeout(60)
    void aTwoGigabyteUploadIsRefusedEarlyWithoutFillingDiskOrMemory() throws Exception {
        try (TestServer server = TestServer.start(b -> b.files(FileSettings.defaults()))) {
            ApiClient api = server.client();
            String owner = server.user("customer-owner").token();
            String conversationId = api.newConversation(owner, Map.of("title", "A very large log"));
            String uploadToken = api.requestFileUpload(owner, conversationId).assertStatus(201)
                    .json().path("uploadToken").asText();

            Path tmp = server.dataDir().resolve("tmp");
            AtomicLong maxTmpBytes = new AtomicLong();
            AtomicLong maxRetainedHeap = new AtomicLong();
            AtomicBoolean done = new AtomicBoolean();
            long heapBaseline = usedHeapAfterGc();
            maxRetainedHeap.set(heapBaseline);
            Thread watcher = new Thread(() -> watch(tmp, maxTmpBytes, maxRetainedHeap, done), "large-upload-watcher");
            watcher.setDaemon(true);
            watcher.start();

            String boundary = "----parley-large-" + UUID.randomUUID();
            byte[] head = ("--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"file\"; filename=\"huge.log\"\r\n"
                    + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            Generated content = new Generated(TWO_GB);
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v2/files"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Token", uploadToken)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                            new SequenceInputStream(new java.io.ByteArrayInputStream(head), content),
                            new java.io.ByteArrayInputStream(tail))))
                    .build();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();

            long started = System.nanoTime();
            ApiResponse response = null;
            IOException reset = null;
            try {
                HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                response = new ApiResponse("POST /v2/files (2 GB, chunked)", r.statusCode(), r.headers(), r.body());
            } catch (IOException e) {
                reset = e;
            } finally {
                done.set(true);
                watcher.join(5_000);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("2 GB upload: %s after %d ms, %d bytes sent, temp dir at most %d bytes, heap retained %+d MiB%n",
                    response != null ? "status " + response.status() : "connection closed (" + reset + ")",
                    took.toMillis(), content.produced(), maxTmpBytes.get(),
                    (maxRetainedHeap.get() - heapBaseline) / (1024 * 1024));

            assertThat(content.produced()).as("bytes the client got to send before the refusal")
                    .isLessThan(TWO_GB / 8);
            assertThat(took).isLessThan(Duration.ofSeconds(20));
            assertThat(maxTmpBytes.get()).as("the most the temporary directory ever held").isLessThanOrEqualTo(CAP + 1);
            if (response != null) {
                ContractAssertions.assertMatchesContract("file-create-file", response);
                response.assertError(413, "PayloadTooLarge");
                assertThat(response.json().path("message").asText()).isNotBlank();
            } else {
                // the server may close the connection while the client still sends: acceptable only
                // because the checks above show it stopped reading at the cap
                assertThat(reset).isNotNull();
            }
            assertThat(maxRetainedHeap.get() - heapBaseline).as("heap retained while uploading").isLessThan(HEAP_SLACK);
            try (Stream<Path> left = Files.list(tmp)) {
                assertThat(left.toList()).as("temporary files left behind").isEmpty();
            }
            // the token was not used up by the refused upload: no file exists for it
            assertThat(api.call("file-get-file-upload-token-rules", "GET", "/v2/file-upload-tokens/" + uploadToken + "/rules")
                    .send().status()).isEqualTo(200);
        }
    }

    /** Polls the temporary directory's size and the heap; the heap is re-measured after a GC when it looks high. */
    private static void watch(Path tmp, AtomicLong maxTmpBytes, AtomicLong maxRetainedHeap, AtomicBoolean done) {
        long lastGc = 0;
        while (!done.get()) {
            maxTmpBytes.accumulateAndGet(directorySize(tmp), Math::max);
            long used = usedHeap();
            if (used - maxRetainedHeap.get() > HEAP_SLACK && System.nanoTime() - lastGc > 200_000_000L) {
                used = usedHeapAfterGc(); // garbage is not growth: count what survives a collection
                lastGc = System.nanoTime();
                maxRetainedHeap.accumulateAndGet(used, Math::max);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
        maxTmpBytes.accumulateAndGet(directorySize(tmp), Math::max);
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path p : files.toList()) {
                try {
                    total += Files.size(p);
                } catch (IOException gone) {
                    // removed while we looked
                }
            }
            return total;
        } catch (IOException e) {
            return 0;
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return usedHeap();
    }

    /** {@code size} bytes of log-like text, made as they are read; counts how many were read. */
    static final class Generated extends InputStream {
        private static final byte[] LINE = "2024-05-01T12:00:00Z DEBUG the same line, over and over again\n"
                .getBytes(StandardCharsets.US_ASCII);
        private final long size;
        private final AtomicLong produced = new AtomicLong();

        Generated(long size) {
            this.size = size;
        }

        long produced() {
            return produced.get();
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long left = size - produced.get();
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            long at = produced.get();
            for (int i = 0; i < n; i++) {
                b[off + i] = LINE[(int) ((at + i) % LINE.length)];
            }
            produced.addAndGet(n);
            return n;
        }
    }
}
