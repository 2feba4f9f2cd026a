package dev.parley.storage;

import dev.parley.Parley;
import dev.parley.ParleyConfig;
import dev.parley.testing.CliCapture;
import dev.parley.testing.ParleyProcess;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything Parley writes is its owner's alone: directories {@code 0700}, files {@code 0600}:
 * the data directory, the SQLite database with its {@code -wal}, {@code -shm} and lock file,
 * {@code demo-credentials.json}, the access-token secret, attachments and their directories, the
 * upload temp directory, and backups and exports written by admin commands (inside the data
 * directory or elsewhere). A data directory left open by an older Parley or a copy ({@code 0755}
 * directories, {@code 0644} database and files) is made private at start. Both engines; POSIX
 * file systems only.
 */
class PrivateDataTest {
    private static void assumePosix(Path dir) {
        Assumptions.assumeTrue(PrivateFiles.posix(dir), "no POSIX permissions on this file system: nothing to check");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** Every directory under {@code root} (itself included) that is not 0700, and every file that is not 0600. */
    private static List<String> notPrivate(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                String expected = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "rwx------" : "rw-------";
                if (!mode(p).equals(expected)) {
                    found.add(root.relativize(p) + " " + mode(p));
                }
            }
        }
        return found;
    }

    private static List<String> cli(TestServer server, String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("--data-dir", server.dataDir().toString()));
        if (TestDatabase.isPostgresql()) {
            argv.addAll(List.of("--database-url", server.databaseUrl()));
        }
        return argv;
    }

    @Test
    void everythingParleyWritesIsPrivate() throws Exception {
        Path elsewhere = Files.createTempDirectory("parley-private-out");
        try (TestServer server = TestServer.startDemo()) {
            assumePosix(server.dataDir());
            String owner = server.user("customer-owner").token();
            var api = server.client();
            String conversation = api.newConversation(owner, Map.of("title", "private files", "messageContent", "hi"));
            api.upload(owner, conversation, "shot.png", "image/png", SampleFiles.png(40, 30));
            api.requestFileUpload(owner, conversation).assertStatus(201);

            List<Path> written = new ArrayList<>();
            Path export = server.dataDir().resolve("exports").resolve("all.jsonl");
            Path exportElsewhere = elsewhere.resolve("new-dir").resolve("all.jsonl");
            for (Path target : List.of(export, exportElsewhere)) {
                CliCapture.Result r = CliCapture.run(cli(server, "admin", "export", "--output", target.toString(),
                        "--no-progress"));
                assertThat(r.exitCode()).as(r.err()).isZero();
                written.add(target);
            }
            if (!TestDatabase.isPostgresql()) {
                Path backup = server.dataDir().resolve("backups").resolve("parley-backup.db");
                Path backupElsewhere = elsewhere.resolve("parley-backup.db");
                for (Path target : List.of(backup, backupElsewhere)) {
                    CliCapture.Result r = CliCapture.run(cli(server, "admin", "backup", "--output", target.toString()));
                    assertThat(r.exitCode()).as(r.err()).isZero();
                    written.add(target);
                }
                for (String name : List.of("parley.db", "parley.db-wal", "parley.db-shm", "parley.db.lock")) {
                    assertThat(server.dataDir().resolve(name)).as(name).exists();
                }
            }
            assertThat(server.dataDir().resolve(Parley.DEMO_CREDENTIALS)).exists();
            assertThat(server.dataDir().resolve("blobs")).isDirectory();
            try (Stream<Path> blobs = Files.walk(server.dataDir().resolve("blobs"))) {
                assertThat(blobs.filter(Files::isRegularFile).count()).as("blobs written").isPositive();
            }

            assertThat(notPrivate(server.dataDir())).as("open to others in the data directory").isEmpty();
            for (Path p : written) {
                assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------");
            }
            assertThat(mode(exportElsewhere.getParent())).as("a directory an export created").isEqualTo("rwx------");
        } finally {
            ParleyProcess.deleteTree(elsewhere);
        }
    }

    /**
     * An older install: the data directory {@code 0755}; the database, its WAL, the demo
     * credentials, a blob and an upload left in tmp {@code 0644}; their directories {@code 0755}.
     * After a start all of it is private, and a file that is not Parley's is left as it was
     * (the directory's {@code 0700} keeps others out of it anyway).
     */
    @Test
    void aDataDirectoryLeftOpenIsMadePrivateAtStart() throws Exception {
        Path dir = Files.createTempDirectory("parley-open");
        assumePosix(dir);
        try (TestDatabase database = TestDatabase.create()) {
            ParleyConfig config = ParleyConfig.builder().host("127.0.0.1").port(0).dataDir(dir)
                    .databaseUrl(database.url()).demo(true).rateLimit(1_000_000, Duration.ofMinutes(1)).build();
            try (Parley first = Parley.start(config)) {
                assertThat(first.port()).isPositive();
            }
            // what an older Parley or a copy with a umask of 022 leaves
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) tree::iterator) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            Path blobDir = Files.createDirectories(dir.resolve("blobs").resolve("ab").resolve("cd"));
            Files.setPosixFilePermissions(blobDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(blobDir.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Path blob = Files.writeString(blobDir.resolve("ab".repeat(32)), "old blob");
            Files.setPosixFilePermissions(blob, PosixFilePermissions.fromString("rw-r--r--"));
            Path leftover = Files.writeString(Files.createDirectories(dir.resolve("tmp")).resolve("upload-1.part"), "x");
            Files.setPosixFilePermissions(leftover, PosixFilePermissions.fromString("rw-rw-rw-"));
            Path foreign = Files.writeString(dir.resolve("NOTES.txt"), "the operator's own file");
            Files.setPosixFilePermissions(foreign, PosixFilePermissions.fromString("rw-r--r--"));
            assertThat(mode(dir)).isEqualTo("rwxr-xr-x");
            if (database.url() == null) {
                assertThat(mode(dir.resolve("parley.db"))).isEqualTo("rw-r--r--");
            }

            try (Parley again = Parley.start(config)) {
                assertThat(again.port()).isPositive();
                assertThat(mode(foreign)).as("a file that is not Parley's").isEqualTo("rw-r--r--");
                Files.delete(foreign);
                assertThat(notPrivate(dir)).as("open to others after the start").isEmpty();
            }
        } finally {
            ParleyProcess.deleteTree(dir);
        }
    }
}
