package dev.parley.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.Parley;
import dev.parley.ParleyConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A Parley started in-process on a free port, on SQLite in a temp data directory, with the demo
 * directory (users customer-owner, customer-member, project-member, outsider, employee).
 * {@link #shared()} is one per test run, for tests that only add data of their own.
 */
public final class TestParley implements AutoCloseable {
    private static TestParley shared;

    private final Path dataDir;
    private final Parley parley;
    private final JsonNode credentials;

    private TestParley(UnaryOperator<ParleyConfig.Builder> adjust) {
        try {
            dataDir = Files.createTempDirectory("parley-client-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ParleyConfig.Builder config = ParleyConfig.builder()
                .host("127.0.0.1").port(0).dataDir(dataDir).demo(true)
                .rateLimit(1_000_000, Duration.ofMinutes(1));
        parley = Parley.start(adjust.apply(config).build());
        credentials = parley.demoCredentials().orElseThrow();
    }

    /** The Parley shared by the run's tests; stopped when the JVM exits. */
    public static synchronized TestParley shared() {
        if (shared == null) {
            shared = new TestParley(b -> b);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A Parley of the test's own, e.g. with a small rate limit; close it. */
    public static TestParley start(UnaryOperator<ParleyConfig.Builder> adjust) {
        return new TestParley(adjust);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + parley.port();
    }

    /** The API token of a demo user by role. */
    public String token(String role) {
        return user(role).path("token").asText();
    }

    public String userId(String role) {
        return user(role).path("userId").asText();
    }

    private JsonNode user(String role) {
        for (JsonNode u : credentials.path("users")) {
            if (role.equals(u.path("role").asText())) {
                return u;
            }
        }
        throw new IllegalArgumentException("No demo user " + role);
    }

    /** Demo GmbH. */
    public String demoCustomerId() {
        return credentials.path("customers").get(0).path("customerId").asText();
    }

    /** Outsider AG. */
    public String outsiderCustomerId() {
        return credentials.path("customers").get(1).path("customerId").asText();
    }

    public String demoProjectId() {
        return credentials.path("projects").get(0).path("projectId").asText();
    }

    @Override
    public void close() {
        try {
            parley.close();
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp files; best effort
            }
        }
    }
}
