package dev.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.Parley;
import dev.parley.api.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parley run as a separate JVM from the real launcher jar ({@code target/parley.jar}, built by
 * the shade plugin in {@code package}), for integration tests (*IT, run by failsafe).
 * Output (stdout and stderr merged) is drained continuously and kept for failure messages.
 */
public final class ParleyProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Parley listening on (http://\\S+)");

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<String> url = new CompletableFuture<>();
    private final Thread reader;

    private ParleyProcess(Process process) {
        this.process = process;
        reader = new Thread(this::drain, "parley-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** The launcher jar: system property {@code parley.jar} (set by failsafe), else target/parley.jar. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("parley.jar", "target/parley.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No launcher jar at " + jar.toAbsolutePath() + " (run mvn package first)");
        }
        return jar;
    }

    /** Starts {@code java -jar parley.jar <args>}. */
    public static ParleyProcess start(String... args) {
        return startWithJvmOptions(List.of(), args);
    }

    /** Starts {@code java <jvmOptions> -jar parley.jar <args>} (e.g. options for a faster start-up). */
    public static ParleyProcess startWithJvmOptions(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        try {
            return new ParleyProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code serve --demo} on a free port (port 0) with the given data directory. */
    public static ParleyProcess serveDemo(Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("serve", "--demo", "--host", "127.0.0.1", "--port", "0",
                "--data-dir", dataDir.toString()));
        args.addAll(List.of(extra));
        return start(args.toArray(String[]::new));
    }

    private void drain() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    url.complete(m.group(1));
                }
            }
        } catch (IOException ignored) {
            // the process went away
        } finally {
            url.completeExceptionally(new IllegalStateException("Parley ended without listening:\n" + output()));
        }
    }

    /** Waits for the "Parley listening on http://host:port" line and returns the URL. */
    public String awaitListening(Duration timeout) {
        try {
            return url.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("Parley did not report listening within " + timeout + ":\n" + output());
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The demo credentials the process wrote. */
    public static JsonNode credentials(Path dataDir) {
        try {
            return Json.MAPPER.readTree(dataDir.resolve(Parley.DEMO_CREDENTIALS).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String token(JsonNode credentials, String role) {
        for (JsonNode u : credentials.path("users")) {
            if (role.equals(u.path("role").asText())) {
                return u.path("token").asText();
            }
        }
        throw new IllegalArgumentException("No demo user " + role);
    }

    /**
     * SIGTERM, as {@code Process.destroy()} sends it, but through the process handle: unlike
     * {@code Process.destroy()} it leaves our end of the output pipe open, so what the process
     * prints while it stops is still read.
     */
    public void sigterm() {
        if (!process.toHandle().destroy()) {
            throw new IllegalStateException("Could not send SIGTERM to " + process.pid());
        }
    }

    /** SIGKILL ({@code kill -9}): no shutdown hook runs. */
    public void kill9() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(15));
    }

    public Process process() {
        return process;
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Waits for the exit; the exit code, or null if it did not end within the timeout. */
    public Integer awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
            reader.join(5_000); // the output up to the end
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the process if it still runs (SIGKILL) and waits for it. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        awaitExit(Duration.ofSeconds(15));
    }

    /** Deletes a temporary data directory, best effort. */
    public static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files
        }
    }
}
