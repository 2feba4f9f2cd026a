package dev.parley.ops;

/**
 * How metrics are served: {@code metricsPort} null serves {@code GET /metrics} on the main port,
 * a number on that port only (0 picks a free one); {@code metricsToken} null or blank needs no
 * token, else every scrape must send {@code Authorization: Bearer <token>}.
 */
public record OperationsSettings(Integer metricsPort, String metricsToken) {
    public static OperationsSettings defaults() {
        return new OperationsSettings(null, null);
    }

    public OperationsSettings {
        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            throw new IllegalArgumentException("--metrics-port must be between 0 and 65535");
        }
        if (metricsToken != null && metricsToken.isBlank()) {
            metricsToken = null;
        }
    }

    public boolean ownPort() {
        return metricsPort != null;
    }
}
