package dev.parley.bench.http;

import dev.parley.bench.BenchPaths;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Parley started by the benchmark, in its own JVM as in production ({@code parley serve}), on a
 * free port, with {@code --demo} (acts on an empty store only) and a rate limit high enough that
 * the load is never answered 429.
 */
public final class ParleyProcess implements Target {
    static final long UNLIMITED = 1_000_000_000L;
    private final Process process;
    private final String baseUrl;

    private ParleyProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    public static ParleyProcess start(Path dataDir, String databaseUrl, List<String> javaOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", BenchPaths.benchJar().toString(), "dev.parley.cli.Main", "serve",
                "--port", "0", "--demo", "--rate-limit", String.valueOf(UNLIMITED)));
        if (dataDir != null) {
            command.addAll(List.of("--data-dir", dataDir.toString()));
        }
        if (databaseUrl != null) {
            command.addAll(List.of("--database-url", databaseUrl));
        }
        try {
            Process process = Processes.stopOnExit(new ProcessBuilder(command).redirectErrorStream(true).start());
            CompletableFuture<String> listening = new CompletableFuture<>();
            Thread reader = new Thread(() -> readOutput(process, listening), "parley-output");
            reader.setDaemon(true);
            reader.start();
            String url = listening.get(120, TimeUnit.SECONDS);
            return new ParleyProcess(process, url);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Parley did not start: " + e.getMessage(), e);
        }
    }

    /** Waits for "Parley listening on URL"; later output is drained (a full pipe would block Parley) and dropped. */
    private static void readOutput(Process process, CompletableFuture<String> listening) {
        StringBuilder early = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!listening.isDone()) {
                    early.append(line).append('\n');
                    int at = line.indexOf("Parley listening on ");
                    if (at >= 0) {
                        listening.complete(line.substring(at + "Parley listening on ".length()).trim());
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        listening.completeExceptionally(new IllegalStateException("Parley exited:\n" + early));
    }

    @Override
    public String name() {
        return "parley";
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
