package dev.parley.bench.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Stoplight Prism mocking the contract Parley serves: an API-shaped server that validates the
 * request against the same OpenAPI document and answers its example, with no storage behind it.
 * Installed with npm in bench/ (bench/package.json pins the version; {@code npm ci} in bench/).
 */
public final class PrismMock implements Target {
    /** the contract as bundled in Parley's jar (a server test keeps it identical to mittwald's) */
    static final String CONTRACT_RESOURCE = "/contract/mittwald-conversation-file-v2.openapi.json";
    private final Process process;
    private final Path dir;
    private final String baseUrl;

    private PrismMock(Process process, Path dir, String baseUrl) {
        this.process = process;
        this.dir = dir;
        this.baseUrl = baseUrl;
    }

    public static PrismMock start(Path prism) {
        if (!Files.isExecutable(prism)) {
            throw new IllegalStateException("Prism is not installed at " + prism + ": run `npm ci` in bench/");
        }
        try {
            Path dir = Files.createTempDirectory("parley-bench-prism");
            Path contract = dir.resolve("contract.json");
            try (InputStream in = PrismMock.class.getResourceAsStream(CONTRACT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the contract " + CONTRACT_RESOURCE + " is not on the class path");
                }
                Files.copy(in, contract);
            }
            int port = Processes.freePort();
            // -v error: Prism logs several lines per request at its default level, which would cost it throughput
            Process process = Processes.stopOnExit(new ProcessBuilder(List.of(prism.toString(), "mock", contract.toString(),
                    "-h", "127.0.0.1", "-p", String.valueOf(port), "-v", "error"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prism.log").toFile()).start());
            Processes.awaitListening(port, Duration.ofSeconds(60), process, "prism");
            return new PrismMock(process, dir, "http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "prism";
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        Processes.stop(process);
        dev.parley.bench.TempDirs.delete(dir);
    }
}
