package dev.parley.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of its own, to be filled up: a tmpfs of the given size, or where tmpfs
 * cannot be mounted a loop-mounted ext4 image. Mounting needs root (or CAP_SYS_ADMIN); where
 * neither works the calling test is skipped with the reasons, or fails under {@code CI=true}
 * ({@link PromisedSkip}). Unmounted and removed on close.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;
    private final Path image;
    private final String kind;

    private SmallDisk(Path mountPoint, Path image, String kind) {
        this.mountPoint = mountPoint;
        this.image = image;
        this.kind = kind;
    }

    /** Mounts a file system of {@code megabytes} MiB, or skips (CI: fails) the test saying why it cannot. */
    public static SmallDisk mount(int megabytes) throws IOException {
        Path dir = Files.createTempDirectory("parley-small-disk");
        String tmpfs = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        if (tmpfs == null) {
            return new SmallDisk(dir, null, "tmpfs of " + megabytes + " MiB");
        }
        Path image = Files.createTempFile("parley-small-disk", ".img");
        String loop = run("truncate", "-s", megabytes + "M", image.toString());
        if (loop == null) {
            loop = run("mkfs.ext4", "-q", "-F", image.toString());
        }
        if (loop == null) {
            loop = run("mount", "-o", "loop", image.toString(), dir.toString());
        }
        if (loop == null) {
            return new SmallDisk(dir, image, "loop-mounted ext4 of " + megabytes + " MiB");
        }
        Files.deleteIfExists(image);
        Files.deleteIfExists(dir);
        String why = "Cannot mount a small file system here (needs root): tmpfs: " + tmpfs + "; loop ext4: " + loop;
        PromisedSkip.skipOrFail("A test on a full disk", why);
        throw new AssertionError("unreachable");
    }

    public Path path() {
        return mountPoint;
    }

    @Override
    public String toString() {
        return kind + " at " + mountPoint;
    }

    @Override
    public void close() {
        String failed = run("umount", mountPoint.toString());
        if (failed != null) {
            failed = run("umount", "-l", mountPoint.toString()); // a process still holds a file
        }
        if (failed != null) {
            System.err.println("Could not unmount " + mountPoint + ": " + failed);
            return;
        }
        try {
            Files.deleteIfExists(mountPoint);
            if (image != null) {
                Files.deleteIfExists(image);
            }
        } catch (IOException ignored) {
            // temp files
        }
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + ": did not finish";
            }
            return p.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + p.exitValue() + " " + output;
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
