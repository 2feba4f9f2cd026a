package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ParleyProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code parley serve} as the real launcher jar runs it: start-up line, HTTP, SIGTERM, restart.
 * SQLite only (run once, by failsafe): it tests the process, not the engine.
 */
class ServeProcessIT {
    private static final Duration START = Duration.ofSeconds(30);
    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("parley-it");
    }

    @AfterEach
    void deleteDataDir() {
        ParleyProcess.deleteTree(dataDir);
    }

    @Test
    void servesOnTheAnnouncedUrlAndStopsCleanlyOnSigterm() {
        String conversation;
        String owner;
        try (ParleyProcess parley = ParleyProcess.serveDemo(dataDir)) {
            String url = parley.awaitListening(START);
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(url).doesNotEndWith(":0");

            JsonNode credentials = ParleyProcess.credentials(dataDir);
            for (JsonNode u : credentials.path("users")) {
                assertThat(parley.output()).as("the demo tokens are printed").contains(u.path("token").asText());
            }
            owner = ParleyProcess.token(credentials, "customer-owner");
            ApiClient api = new ApiClient(url);
            api.listCategories(null).assertStatus(200);
            api.listConversations(null, null).assertError(401, "Unauthorized");
            api.listConversations(owner, null).assertStatus(200);
            conversation = api.newConversation(owner, Map.of("title", "Survives a restart", "messageContent", "hello"));

            parley.sigterm();
            Integer exit = parley.awaitExit(Duration.ofSeconds(15));
            assertThat(exit).as("exit code after SIGTERM; output:\n" + parley.output()).isEqualTo(0);
            assertThat(parley.output()).contains("Parley stopping");
        }

        try (ParleyProcess again = ParleyProcess.serveDemo(dataDir)) {
            ApiClient api = new ApiClient(again.awaitListening(START));
            assertThat(ParleyProcess.token(ParleyProcess.credentials(dataDir), "customer-owner")).isEqualTo(owner);
            JsonNode c = api.getConversation(owner, conversation).assertStatus(200).json();
            assertThat(c.path("title").asText()).isEqualTo("Survives a restart");
            assertThat(api.listMessages(owner, conversation).assertStatus(200).json().findValuesAsText("messageContent"))
                    .containsExactly("CONVERSATION_CREATED", "hello");
            again.sigterm();
            assertThat(again.awaitExit(Duration.ofSeconds(15))).isEqualTo(0);
        }
    }

    @Test
    void aTakenPortEndsWithAMessageAndNonZeroExit() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ParleyProcess parley = ParleyProcess.start("serve", "--host", "127.0.0.1",
                     "--port", String.valueOf(taken.getLocalPort()), "--data-dir", dataDir.toString())) {
            Integer exit = parley.awaitExit(Duration.ofSeconds(30));
            assertThat(exit).as("output:\n" + parley.output()).isNotNull().isNotZero();
            assertThat(parley.output()).contains("parley:").doesNotContain("Parley listening").doesNotContain("\tat ");
        }
    }

    @Test
    void versionComesFromTheJar() {
        try (ParleyProcess parley = ParleyProcess.start("--version")) {
            assertThat(parley.awaitExit(Duration.ofSeconds(30))).isEqualTo(0);
            assertThat(parley.output()).matches("(?s).*parley \\d+\\.\\d+\\.\\d+.*").doesNotContain("development build");
        }
    }
}
