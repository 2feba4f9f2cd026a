package dev.parley.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs wrk once with a script against a base URL and returns what its {@code done} hook reported. */
public final class WrkRunner {
    private final String wrk;
    private final int threads;
    private final Duration timeout;

    public WrkRunner(String wrk, int threads, Duration timeout) {
        this.wrk = wrk;
        this.threads = threads;
        this.timeout = timeout;
    }

    public List<String> command(Path script, String baseUrl, int connections, Duration duration) {
        // wrk refuses fewer connections than threads
        int t = Math.max(1, Math.min(threads, connections));
        return List.of(wrk, "-t" + t, "-c" + connections, "-d" + Math.max(1, duration.toSeconds()) + "s",
                "--timeout", Math.max(1, timeout.toSeconds()) + "s", "-s", script.toString(), baseUrl);
    }

    public WrkResult run(Path script, String baseUrl, int connections, Duration duration) {
        List<String> command = command(script, baseUrl, connections, duration);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk did not end: " + String.join(" ", command));
            }
            String stdout = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("wrk exited with " + process.exitValue() + ": " + stdout);
            }
            return WrkResult.parse(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + wrk + " (apt-get install -y wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static Path writeScript(Path dir, String name, String lua) {
        try {
            return Files.writeString(dir.resolve(name + ".lua"), lua);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
