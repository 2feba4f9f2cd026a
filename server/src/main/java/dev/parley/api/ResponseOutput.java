package dev.parley.api;

import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.config.JavalinConfig;

import java.util.List;

/**
 * How response bodies reach Jetty: Javalin's gzip (for clients that accept it, bodies of 1,500
 * bytes and more, as before), with two per-request costs of Javalin's defaults taken out.
 * Measured on get-conversation's request threads (async-profiler, 1M store): the result's copy
 * fell from 3.1–6.1 % of their CPU to 1.6 %, the type check from 0.5–3.2 % to none.
 */
final class ResponseOutput {
    /**
     * Javalin copies a result (Parley's are bytes in memory: a conversation about 1.3 KB, a list
     * page some 13 KB) to the output through a buffer it allocates for each response, by default
     * as large as Jetty's output buffer (32 KiB), zeroed each time. Files are written to the
     * output directly ({@code FileDownloads}), so nothing large passes through this buffer.
     */
    static final int COPY_BUFFER_BYTES = 4096;

    /** Bodies of this many bytes and more are gzipped for a client that accepts it ({@link DirectReads} leaves those to Javalin). */
    static final int COMPRESSED_FROM = 1500;

    /**
     * Content types answered without Javalin's check against its list of types never compressed
     * (images, audio, archives), which it runs as ten case-insensitive substring searches per
     * response: Parley's JSON is never on that list, and SVG is the one image type Javalin allows.
     */
    static final List<String> ALWAYS_COMPRESSIBLE = List.of("application/json", "application/json;charset=utf-8",
            "image/svg+xml");

    private ResponseOutput() {
    }

    static void configure(JavalinConfig config) {
        config.http.responseBufferSize = COPY_BUFFER_BYTES;
        CompressionStrategy gzip = new CompressionStrategy(null, new Gzip());
        gzip.setAllowedMimeTypes(ALWAYS_COMPRESSIBLE);
        gzip.setDefaultMinSizeForCompression(COMPRESSED_FROM); // Javalin's default, named here
        config.http.compressionStrategy = gzip;
    }
}
