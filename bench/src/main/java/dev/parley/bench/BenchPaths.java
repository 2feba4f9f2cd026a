package dev.parley.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the benchmark finds its jar and the checkout it was built in (bench/target/parley-bench.jar). */
public final class BenchPaths {
    private BenchPaths() {
    }

    public static Path benchJar() {
        try {
            return Path.of(BenchPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The checkout's root: two levels above the jar, or the working directory when run otherwise. */
    public static Path root() {
        Path jar = benchJar();
        if (Files.isRegularFile(jar) && jar.getParent() != null && jar.getParent().getParent() != null
                && jar.getParent().getParent().getParent() != null) {
            return jar.getParent().getParent().getParent();
        }
        return Path.of("").toAbsolutePath();
    }
}
