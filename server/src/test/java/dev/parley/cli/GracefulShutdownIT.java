package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.testing.ApiClient;
import dev.parley.testing.Multipart;
import dev.parley.testing.ParleyProcess;
import dev.parley.testing.SampleFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM while a slow request is in flight: an upload still being streamed runs to its end and
 * gets its full answer, new connections are refused meanwhile, and the process exits 0. (Jetty 12
 * waits for requests only with a GracefulHandler in the chain; without it the upload's connection
 * was cut.)
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GracefulShutdownIT {
    private static final Duration START = Duration.ofSeconds(60);

    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("parley-graceful");
    }

    @AfterEach
    void deleteDataDir() {
        ParleyProcess.deleteTree(dataDir);
    }

    @Test
    void requestsInFlightFinishNewConnectionsAreRefusedAndTheExitIsClean() throws Exception {
        try (ParleyProcess parley = ParleyProcess.serveDemo(dataDir)) {
            String url = parley.awaitListening(START);
            URI base = URI.create(url);
            ApiClient api = new ApiClient(url);
            String owner = ParleyProcess.token(ParleyProcess.credentials(dataDir), "customer-owner");
            String conversationId = api.newConversation(owner, Map.of("title", "Shutting down"));
            String uploadToken = api.requestFileUpload(owner, conversationId).assertStatus(201).json()
                    .path("uploadToken").asText();
            byte[] log = SampleFiles.log(256 * 1024);
            Multipart body = Multipart.file("server.log", "text/plain", log);
            byte[] bytes = body.bytes();

            try (Socket upload = new Socket(base.getHost(), base.getPort())) {
                upload.setSoTimeout(60_000);
                OutputStream out = upload.getOutputStream();
                String head = "POST /v2/files HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                        + "\r\nToken: " + uploadToken + "\r\nContent-Type: " + body.contentType()
                        + "\r\nContent-Length: " + bytes.length + "\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                int half = bytes.length / 2;
                out.write(bytes, 0, half);
                out.flush();
                // the client keeps sending, slowly, until the stop has begun, then sends the rest
                CountDownLatch stopBegan = new CountDownLatch(1);
                CompletableFuture<Void> rest = CompletableFuture.runAsync(() -> send(out, bytes, half, stopBegan));
                Thread.sleep(1000); // the upload reaches its handler (no speed is asserted)

                parley.sigterm();
                assertThat(awaitRefused(base)).as("new connections refused after SIGTERM").isTrue();
                stopBegan.countDown();
                try {
                    rest.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException cut) {
                    // show what the server answered before it closed, if anything
                    throw new AssertionError("upload cut after SIGTERM; server said: "
                            + readResponse(upload.getInputStream()) + "\n" + parley.output(), cut.getCause());
                }
                String response = readResponse(upload.getInputStream());
                assertThat(response).as("the upload's answer").startsWith("HTTP/1.1 201");
                JsonNode file = Json.MAPPER.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
                assertThat(file.path("name").asText()).as("FileMeta in " + response).isEqualTo("server.log");
                assertThat(file.path("sizeInBytes").asLong()).isEqualTo(log.length);
            }
            assertThat(parley.awaitExit(Duration.ofSeconds(60))).as(parley.output()).isEqualTo(0);
            assertThat(parley.output()).contains("Parley stopping");
            // the access log's lines are written in batches; the upload's, answered during the stop, too
            assertThat(parley.output()).contains("INFO parley.access - POST /v2/files 201 ");
        }
    }

    /**
     * The upload's second half from {@code from}: a trickle (256 bytes every 100 ms, well above
     * the server's minimum data rate) until {@code stopBegan}, then the rest in ten chunks.
     * A connection quiet for a second is closed once a stop begins (Jetty's shutdown idle
     * timeout), so a request in flight finishes only if its client keeps sending.
     */
    private static void send(OutputStream out, byte[] bytes, int from, CountDownLatch stopBegan) {
        try {
            int offset = from;
            while (stopBegan.getCount() > 0 && bytes.length - offset > 64 * 1024) {
                out.write(bytes, offset, 256);
                out.flush();
                offset += 256;
                stopBegan.await(100, TimeUnit.MILLISECONDS);
            }
            int chunk = (bytes.length - offset + 9) / 10;
            for (; offset < bytes.length; offset += chunk) {
                out.write(bytes, offset, Math.min(chunk, bytes.length - offset));
                out.flush();
                Thread.sleep(150);
            }
        } catch (IOException | InterruptedException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /** Whether connecting is refused within a generous bound (the stop starts a moment after the signal). */
    private static boolean awaitRefused(URI base) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            } catch (ConnectException refused) {
                return true;
            } catch (IOException other) {
                // e.g. a timeout: try again
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The whole HTTP response (the server closes the connection after it while stopping). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            all.write(buffer, 0, n);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0 && complete(text, end)) {
                return text;
            }
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private static boolean complete(String text, int headerEnd) {
        for (String line : Arrays.asList(text.substring(0, headerEnd).split("\r\n"))) {
            if (line.toLowerCase().startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).trim());
                return text.getBytes(StandardCharsets.UTF_8).length >= headerEnd + 4 + length;
            }
        }
        return false;
    }
}
