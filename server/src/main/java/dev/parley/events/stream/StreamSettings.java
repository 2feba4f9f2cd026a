package dev.parley.events.stream;

import java.time.Duration;

/**
 * Limits of {@code GET /v2/events}: how often an idle stream gets a heartbeat comment (below
 * Jetty's 30 s idle timeout, and proxies'), how many streams one user and this node may hold
 * open, and how many bytes a stream may have waiting for a slow client before it is ended (the
 * client resumes with {@code Last-Event-ID}).
 */
public record StreamSettings(Duration heartbeat, int maxPerUser, int maxTotal, int maxPendingBytes) {
    public static StreamSettings defaults() {
        return new StreamSettings(Duration.ofSeconds(15), 16, 5_000, 1 << 20);
    }

    public StreamSettings withHeartbeat(Duration value) {
        return new StreamSettings(value, maxPerUser, maxTotal, maxPendingBytes);
    }

    public StreamSettings withLimits(int perUser, int total) {
        return new StreamSettings(heartbeat, perUser, total, maxPendingBytes);
    }
}
