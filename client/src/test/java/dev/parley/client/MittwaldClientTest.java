package dev.parley.client;

import dev.parley.client.error.MittwaldConnectionException;
import dev.parley.client.testing.TestParley;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The entry point's settings. */
class MittwaldClientTest {

    @Test
    void theBaseUrlIsMittwaldsUnlessTheEnvironmentOrTheBuilderSayOtherwise() {
        String fromEnvironment = System.getenv(MittwaldClient.BASE_URL_VARIABLE);
        String expected = fromEnvironment == null || fromEnvironment.isBlank() ? "https://api.mittwald.de" : fromEnvironment.strip();
        assertThat(MittwaldClient.newWithToken("t").baseUrl()).isEqualTo(expected.replaceAll("/$", ""));

        assertThat(MittwaldClient.builder().baseUrl("http://127.0.0.1:8080/").build().baseUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThatThrownBy(() -> MittwaldClient.builder().baseUrl("127.0.0.1:8080").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MittwaldClient.newWithToken(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theCallersHttpClientIsUsed() {
        TestParley parley = TestParley.shared();
        AtomicInteger tasks = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(2);
        try {
            HttpClient own = HttpClient.newBuilder().executor(task -> {
                tasks.incrementAndGet();
                pool.execute(task);
            }).build();
            MittwaldClient client = MittwaldClient.builder().baseUrl(parley.baseUrl()).token(parley.token("employee"))
                    .httpClient(own).build();

            assertThat(client.conversation().listCategories()).isNotEmpty();
            assertThat(tasks.get()).as("the JDK client ran its work on the caller's executor").isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServerThatDoesNotAnswerRunsIntoTheRequestTimeout() throws Exception {
        // accepts connections (the kernel's backlog) and never answers
        try (ServerSocket silent = new ServerSocket(0)) {
            MittwaldClient client = MittwaldClient.builder().baseUrl("http://127.0.0.1:" + silent.getLocalPort())
                    .requestTimeout(Duration.ofMillis(300)).retries(false).build();
            long start = System.nanoTime();

            assertThatThrownBy(() -> client.conversation().listCategories())
                    .isInstanceOf(MittwaldConnectionException.class)
                    .hasCauseInstanceOf(HttpTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }
}
