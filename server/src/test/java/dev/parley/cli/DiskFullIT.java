package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.ContractAssertions;
import dev.parley.testing.Multipart;
import dev.parley.testing.ParleyProcess;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.SmallDisk;
import dev.parley.testing.StoreIntegrity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQLite data directory on a small file system that fills up: writes (messages, the upload's
 * temp file) are refused cleanly (507 in the contract's error shape, never a 500 or a stack
 * trace), reads keep working, and once space is freed writes work again; after a restart
 * everything acknowledged is there and whole. Needs root to mount a tmpfs (or a loop-mounted
 * ext4 image); skipped with a message saying why when neither can be mounted.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DiskFullIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final int MAX_WRITES_UNTIL_FULL = 400;

    private SmallDisk disk;

    @BeforeEach
    void mount() throws IOException {
        disk = SmallDisk.mount(32);
    }

    @AfterEach
    void unmount() {
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void writesAreRefusedCleanlyWhileTheDiskIsFullAndWorkAgainAfterwards() throws Exception {
        Path dataDir = disk.path().resolve("data");
        Path filler = disk.path().resolve("filler");
        List<String> acknowledged = new ArrayList<>();
        String conversationId;
        try (ParleyProcess parley = ParleyProcess.serveDemo(dataDir, "--rate-limit", "1000000")) {
            ApiClient api = new ApiClient(parley.awaitListening(START));
            JsonNode credentials = ParleyProcess.credentials(dataDir);
            String owner = ParleyProcess.token(credentials, "customer-owner");
            conversationId = api.newConversation(owner, Map.of("title", "Disk full", "messageContent", "before"));
            acknowledged.add("before");

            byte[] log = SampleFiles.log(512 * 1024);
            String uploadToken = api.requestFileUpload(owner, conversationId).assertStatus(201).json()
                    .path("uploadToken").asText();

            long filled = fill(filler);
            System.out.printf("DiskFullIT: %s, filler of %d bytes; %d bytes free%n", disk, filled,
                    Files.getFileStore(disk.path()).getUsableSpace());

            // an upload is refused: its temp file cannot be written
            ContractAssertions.assertCleanFault("file-create-file", uploadUnchecked(api, uploadToken, log));

            // messages: the WAL may still have room for a few; then they are refused, cleanly
            int refused = 0;
            int accepted = 0;
            String text = "x".repeat(7000);
            for (int i = 0; i < MAX_WRITES_UNTIL_FULL && refused < 3; i++) {
                String content = "while full " + i + " " + text;
                ApiResponse r = api.call("conversation-create-message", "POST",
                        "/v2/conversations/" + conversationId + "/messages").token(owner)
                        .json(Map.of("messageContent", content)).sendUnchecked();
                if (r.status() == 201) {
                    ContractAssertions.assertMatchesContract("conversation-create-message", r);
                    acknowledged.add(content);
                    accepted++;
                } else {
                    ContractAssertions.assertCleanFault("conversation-create-message", r);
                    refused++;
                }
            }
            System.out.printf("DiskFullIT: while full, %d messages accepted, %d refused cleanly%n", accepted, refused);
            assertThat(refused).as("writes refused while the disk is full").isPositive();

            // reads keep working
            assertThat(api.getConversation(owner, conversationId).assertStatus(200).json().path("title").asText())
                    .isEqualTo("Disk full");
            assertThat(contents(api, owner, conversationId)).containsAll(acknowledged);
            api.listConversations(owner, "limit=10").assertStatus(200);

            // space back: writes work again, uploads too
            Files.delete(filler);
            api.createMessage(owner, conversationId, Map.of("messageContent", "after")).assertStatus(201);
            acknowledged.add("after");
            String token = api.requestFileUpload(owner, conversationId).assertStatus(201).json().path("uploadToken").asText();
            ApiResponse uploaded = uploadUnchecked(api, token, log);
            assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
            ContractAssertions.assertMatchesContract("file-create-file", uploaded);

            parley.sigterm();
            assertThat(parley.awaitExit(Duration.ofSeconds(30))).as(parley.output()).isEqualTo(0);
            assertThat(parley.output()).as("nothing answered as an unexpected error").doesNotContain("Unexpected error");
        }
        // a restart on the same data: all acknowledged, nothing half-written
        try (ParleyProcess parley = ParleyProcess.serveDemo(dataDir)) {
            ApiClient api = new ApiClient(parley.awaitListening(START));
            String owner = ParleyProcess.token(ParleyProcess.credentials(dataDir), "customer-owner");
            assertThat(contents(api, owner, conversationId)).containsAll(acknowledged);
            assertThat(StoreIntegrity.violations("jdbc:sqlite:" + dataDir.resolve("parley.db"))).isEmpty();
            System.out.printf("DiskFullIT: %d acknowledged messages there after a restart%n", acknowledged.size());
            parley.sigterm();
            assertThat(parley.awaitExit(Duration.ofSeconds(30))).as(parley.output()).isEqualTo(0);
        }
    }

    private static ApiResponse uploadUnchecked(ApiClient api, String uploadToken, byte[] content) {
        Multipart body = Multipart.file("server.log", "text/plain", content);
        return api.call("file-create-file", "POST", "/v2/files").header("Token", uploadToken)
                .raw(body.contentType(), body.bytes()).sendUnchecked();
    }

    private static List<String> contents(ApiClient api, String token, String conversationId) {
        List<String> contents = new ArrayList<>();
        api.listMessages(token, conversationId).assertStatus(200).json()
                .forEach(e -> contents.add(e.path("messageContent").asText()));
        return contents;
    }

    /** Writes {@code filler} until the file system is full; its size. */
    private static long fill(Path filler) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        // the last partial chunk: byte by byte up to the very end
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(chunk, 0, 512);
                written += 512;
            }
        } catch (IOException full) {
            return written;
        }
    }
}
