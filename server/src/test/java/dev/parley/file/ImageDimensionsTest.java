package dev.parley.file;

import dev.parley.testing.SampleFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image dimension reader on its own: well-formed PNG, JPEG, GIF and WebP (lossy, lossless,
 * extended) give their width and height; every broken variant of {@link MalformedImages}
 * (truncated headers, lengths claiming up to 2 GiB, chunks out of order, no dimension header)
 * gives "unreadable" without an exception and without allocating anything near what a length
 * field claims (measured with the thread's allocation counter).
 */
class ImageDimensionsTest {
    /** Far below the 2 GiB the variants claim, far above what reading a header needs. */
    private static final long ALLOCATION_LIMIT = 8L * 1024 * 1024;
    private Path dir;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("parley-dimensions");
    }

    @AfterEach
    void deleteDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @Test
    void wellFormedImagesGiveTheirSize() throws Exception {
        Map<String, byte[]> valid = Map.of(
                "png", SampleFiles.png(30, 20),
                "png-forged-header", SampleFiles.pngClaiming(30, 20),
                "jpeg", SampleFiles.jpeg(30, 20),
                "gif", MalformedImages.validGif(30, 20),
                "webp-lossless", MalformedImages.validWebpLossless(30, 20),
                "webp-lossy", MalformedImages.validWebpLossy(30, 20),
                "webp-extended", MalformedImages.validWebpExtended(30, 20));
        for (Map.Entry<String, byte[]> e : valid.entrySet()) {
            assertThat(ContentInspector.dimensions(file(e.getKey(), e.getValue()))).as(e.getKey()).containsExactly(30, 20);
        }
        assertThat(ContentInspector.dimensions(file("large.webp", MalformedImages.validWebpExtended(16_000, 9_000))))
                .containsExactly(16_000, 9_000);
    }

    @Test
    void everyBrokenVariantIsUnreadableWithoutAHugeAllocation() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        List<String> wrong = new ArrayList<>();
        for (MalformedImages.Sample sample : MalformedImages.all().values()) {
            Path path = file(sample.name(), sample.bytes());
            long before = threads.getThreadAllocatedBytes(thread);
            try {
                int[] size = ContentInspector.dimensions(path);
                if (size != null) {
                    wrong.add(sample.name() + " read as " + size[0] + "x" + size[1]);
                }
            } catch (Throwable t) {
                wrong.add(sample.name() + " threw " + t);
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            if (allocated > ALLOCATION_LIMIT) {
                wrong.add(sample.name() + " allocated " + allocated + " bytes");
            }
        }
        assertThat(wrong).as("broken images not reported as unreadable, or read at a cost").isEmpty();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }
}
