package dev.parley.cli;

import dev.parley.testing.CliCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code parley serve} refusing to start, in one line on stderr, without a stack trace, with a
 * non-zero exit code, before it opens the store. Bad inputs tried: --port -1, 65536, 70000 and
 * "abc"; a port another socket listens on; --metrics-port -1, 65536, one in use, one equal to --port; a data directory that is a file, one below a file, one
 * its user may not write to (skipped when the tests run as root, whom permission bits do not
 * stop), and, as root, one on a read-only file system (a read-only tmpfs mounted for the test;
 * skipped where mounting is not allowed).
 */
class StartErrorsTest {
    private Path temp;

    @BeforeEach
    void setUp() throws IOException {
        temp = Files.createTempDirectory("parley-start-errors");
    }

    @AfterEach
    void tearDown() throws IOException {
        temp.toFile().setWritable(true);
        try (var files = Files.walk(temp)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private CliCapture.Result serve(Path dataDir, String... args) {
        List<String> argv = new ArrayList<>(List.of("serve", "--host", "127.0.0.1", "--data-dir", dataDir.toString()));
        argv.addAll(List.of(args));
        return CliCapture.run(argv);
    }

    private static void assertRefused(CliCapture.Result r, String message) {
        assertThat(r.exitCode()).as("exit code; stderr: " + r.err()).isNotZero();
        assertThat(r.out()).doesNotContain("Parley listening");
        assertThat(r.err()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "70000"})
    void aPortOutOfRangeIsRefused(String port) {
        Path dataDir = temp.resolve("data");
        CliCapture.Result r = serve(dataDir, "--port", port);
        assertRefused(r, "parley: --port must be 0–65535 (0 picks a free port), not " + port);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(dataDir).as("nothing was created").doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536"})
    void aMetricsPortOutOfRangeIsRefused(String port) {
        Path dataDir = temp.resolve("data");
        CliCapture.Result r = serve(dataDir, "--port", "0", "--metrics-port", port);
        assertRefused(r, "parley: --metrics-port must be 0–65535 (0 picks a free port), not " + port);
        assertThat(dataDir).as("nothing was created").doesNotExist();
    }

    @Test
    void aMetricsPortInUseOrEqualToThePortIsRefused() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            Path dataDir = temp.resolve("data");
            CliCapture.Result inUse = serve(dataDir, "--port", "0", "--metrics-port", String.valueOf(port));
            assertRefused(inUse, "parley: port " + port + " on 127.0.0.1 is in use: another program listens there "
                    + "(choose another with --metrics-port)");
            CliCapture.Result same = serve(dataDir, "--port", "18555", "--metrics-port", "18555");
            assertRefused(same, "parley: --metrics-port must differ from --port (18555)");
            assertThat(dataDir).as("the store was not opened").doesNotExist();
        }
    }

    @Test
    void aPortThatIsNoNumberIsRefused() {
        CliCapture.Result r = serve(temp.resolve("data"), "--port", "abc");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("parley: Invalid value for option '--port': 'abc' is not an int")
                .contains("Run 'parley serve --help' for its options.").doesNotContain("\tat ").doesNotContain("Usage:");
        assertThat(r.err().lines().count()).isEqualTo(2);
        assertThat(temp.resolve("data")).doesNotExist();
    }

    @Test
    void aPortInUseIsSaidAtOnceBeforeTheStoreIsOpened() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            Path dataDir = temp.resolve("data");
            CliCapture.Result r = serve(dataDir, "--port", String.valueOf(port));
            assertRefused(r, "parley: port " + port + " on 127.0.0.1 is in use");
            assertThat(r.err().lines().count()).isEqualTo(1);
            assertThat(dataDir).as("the store was not opened").doesNotExist();
        }
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(temp.resolve("data"), "not a directory");
        CliCapture.Result r = serve(file, "--port", "0");
        assertRefused(r, "parley: The data directory " + file + " cannot be used: it is a file, not a directory");
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    @Test
    void aDataDirectoryBelowAFileIsRefused() throws IOException {
        Path file = Files.writeString(temp.resolve("plain-file"), "x");
        Path dataDir = file.resolve("data");
        CliCapture.Result r = serve(dataDir, "--port", "0");
        assertRefused(r, "parley: The data directory " + dataDir + " cannot be used: it cannot be created: "
                + file + " is a file, not a directory");
    }

    @Test
    void aDataDirectoryItsUserMayNotWriteToIsRefused() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "running as root, whom a read-only directory does not stop: variant skipped");
        Path dataDir = Files.createDirectory(temp.resolve("read-only"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("r-x------"));
        CliCapture.Result r = serve(dataDir, "--port", "0");
        assertRefused(r, "parley: The data directory " + dataDir + " cannot be used: Parley's user ("
                + System.getProperty("user.name") + ") cannot write there: permission denied");
    }

    @Test
    void aDataDirectoryOnAReadOnlyFileSystemIsRefused() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "mounting a read-only file system needs root: variant skipped");
        Path mount = Files.createDirectory(temp.resolve("read-only-fs"));
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String said = new String(mounting.getInputStream().readAllBytes());
        Assumptions.assumeTrue(mounting.waitFor() == 0, "cannot mount a tmpfs here (" + said.strip() + "): variant skipped");
        try {
            CliCapture.Result r = serve(mount, "--port", "0");
            assertRefused(r, "parley: The data directory " + mount + " cannot be used: Parley's user (root) cannot "
                    + "write there: read-only file system");
            CliCapture.Result below = serve(mount.resolve("data"), "--port", "0");
            assertRefused(below, "parley: The data directory " + mount.resolve("data") + " cannot be used: it cannot "
                    + "be created: read-only file system");
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
        }
    }
}
