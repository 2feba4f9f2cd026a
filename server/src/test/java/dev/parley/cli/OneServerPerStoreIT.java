package dev.parley.cli;

import dev.parley.testing.ApiClient;
import dev.parley.testing.ParleyProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real launcher: a second {@code parley serve} on a SQLite store that one already serves
 * exits non-zero with one line on stderr naming the running one's pid, and no stack trace.
 * Variants: the same {@code --data-dir}; another data directory with {@code --database-url}
 * naming the same database file; {@code admin import} from a separate process is refused too,
 * while {@code admin user create} goes ahead and says the server sees it. After the first is
 * killed with {@code kill -9}, the lock it left behind does not stop the next start.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OneServerPerStoreIT {
    private static final Duration START = Duration.ofSeconds(60);
    private Path dataDir;
    private Path otherDir;

    @BeforeEach
    void createDataDirs() throws IOException {
        dataDir = Files.createTempDirectory("parley-one-store");
        otherDir = Files.createTempDirectory("parley-one-store-other");
    }

    @AfterEach
    void deleteDataDirs() {
        ParleyProcess.deleteTree(dataDir);
        ParleyProcess.deleteTree(otherDir);
    }

    /** What a finished separate process printed, stdout and stderr apart. */
    record Finished(int exitCode, String out, String err) {
    }

    /** {@code java -jar parley.jar <args>} with stdout and stderr kept apart, up to its exit. */
    private static Finished run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ParleyProcess.jar().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("parley " + String.join(" ", args) + " did not end; stdout: " + out.getNow("")
                    + "\nstderr: " + err.getNow(""));
        }
        return new Finished(p.exitValue(), out.get(), err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void assertRefusedBy(Finished second, long runningPid, String what) {
        assertThat(second.exitCode()).as(what + "; stderr: " + second.err()).isNotZero();
        assertThat(second.err()).as("stderr of " + what)
                .contains("parley:").contains("pid " + runningPid).contains("parley serve")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(second.out()).as("stdout of " + what).doesNotContain("Parley listening");
    }

    @Test
    void aSecondServerOnTheSameSqliteStoreExitsWithAMessage() throws Exception {
        try (ParleyProcess first = ParleyProcess.serveDemo(dataDir)) {
            ApiClient api = new ApiClient(first.awaitListening(START));
            String staff = ParleyProcess.token(ParleyProcess.credentials(dataDir), "employee");
            long pid = first.process().pid();

            assertRefusedBy(run("serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()),
                    pid, "a second serve on the same --data-dir");
            assertRefusedBy(run("serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", otherDir.toString(),
                            "--database-url", "jdbc:sqlite:" + dataDir.resolve("parley.db")),
                    pid, "a second serve on the same database from another --data-dir");

            Finished user = run("admin", "user", "create", "--name", "Added While Serving", "--data-dir", dataDir.toString());
            assertThat(user.exitCode()).as(user.err()).isZero();
            assertThat(user.err()).contains("parley serve (pid " + pid + ")").contains("sees this change within about 0.1 s");

            Path export = otherDir.resolve("export.jsonl");
            Finished exported = run("admin", "export", "--output", export.toString(), "--no-progress",
                    "--data-dir", dataDir.toString());
            assertThat(exported.exitCode()).as(exported.err()).isZero();
            Finished imported = run("admin", "import", "--input", export.toString(), "--force", "--no-progress",
                    "--data-dir", dataDir.toString());
            assertRefusedBy(imported, pid, "admin import --force while serving");

            api.listConversations(staff, null).assertStatus(200); // the first one served on, untouched

            first.kill9();
        }
        // the lock file is still there, but its lock ended with the process
        assertThat(dataDir.resolve("parley.db.lock")).exists();
        try (ParleyProcess next = ParleyProcess.serveDemo(dataDir)) {
            ApiClient api = new ApiClient(next.awaitListening(START));
            api.listConversations(ParleyProcess.token(ParleyProcess.credentials(dataDir), "employee"), null)
                    .assertStatus(200);
            next.sigterm();
            assertThat(next.awaitExit(Duration.ofSeconds(30))).as(next.output()).isEqualTo(0);
        }
    }
}
