package dev.parley.events.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Server-Sent Events client for tests (java.net.http, one line reader thread): frames are
 * parsed into {@link Frame}s (events and comments) in arrival order; the end of the stream is a
 * frame of its own. Waits are only a safety net against a hang (30 s), never what is asserted.
 */
final class SseStream implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Frame END = new Frame(null, null, null, null);

    record Frame(String id, String event, JsonNode data, String comment) {
        boolean isEvent() {
            return event != null;
        }

        long position() {
            return Long.parseLong(id);
        }
    }

    final int status;
    final HttpResponse<InputStream> response;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final InputStream body;

    private SseStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.status = response.statusCode();
        this.body = response.body();
        Thread reader = new Thread(this::read, "test-sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static SseStream open(String baseUrl, String token, String query, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v2/events" + (query == null ? "" : "?" + query)))
                .header("Accept", "text/event-stream").GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            return new SseStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static SseStream open(String baseUrl, String token) {
        return open(baseUrl, token, null, Map.of());
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event != null || data != null) {
                        frames.add(new Frame(id, event, data == null ? null : JSON.readTree(data.toString()), null));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    frames.add(new Frame(null, null, null, line.substring(1).strip()));
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (IOException ended) {
            // closed by the test or the server
        } finally {
            frames.add(END);
        }
    }

    /** The next frame, comments included (END once the stream ended). */
    Frame nextFrame() {
        try {
            Frame f = frames.poll(30, TimeUnit.SECONDS);
            assertThat(f).as("a frame within the safety timeout").isNotNull();
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next event, skipping comments; fails if the stream ends first. */
    Frame next() {
        long deadline = System.nanoTime() + safety().toNanos();
        while (true) {
            assertThat(System.nanoTime()).as("an event within the safety timeout (heartbeats do not count)").isLessThan(deadline);
            Frame f = nextFrame();
            assertThat(f).as("the stream ended before the next event").isNotSameAs(END);
            if (f.isEvent()) {
                return f;
            }
        }
    }

    /** Reads to the end of the stream and returns the events that came before it. */
    java.util.List<Frame> eventsUntilEnd() {
        java.util.List<Frame> events = new java.util.ArrayList<>();
        for (Frame f = nextFrame(); f != END; f = nextFrame()) {
            if (f.isEvent()) {
                events.add(f);
            }
        }
        return events;
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** Disconnects (closing the body closes the HTTP/1.1 connection). */
    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    static Duration safety() {
        return Duration.ofSeconds(30);
    }
}
