package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the temporary directories the benchmark tools make (nginx roots, Prism files, JMH stores). */
public final class TempDirs {
    private TempDirs() {
    }

    /** Deletes {@code dir} and everything in it; best effort (a temp dir left behind is harmless). */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // left behind
        }
    }
}
