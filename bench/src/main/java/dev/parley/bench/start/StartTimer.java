package dev.parley.bench.start;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One start of Parley measured: the time from spawning {@code <launcher> serve --port P
 * --data-dir DIR [--demo]} to the first 200 answer to the request, polled every 5 ms, and to the
 * line "Parley listening on" in its output (printed once the start is complete, after the demo
 * directory with its password hashes, which is made while the server already answers); then the
 * process is stopped with SIGTERM and waited for (its output goes to a file beside the data dir).
 */
final class StartTimer {
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(180);
    private final List<String> launcher;
    private final String path;

    StartTimer(List<String> launcher, String path) {
        this.launcher = launcher;
        this.path = path;
        answers200(freePort()); // loads the HTTP client's classes before anything is timed
    }

    /** A start's two times, in ms from the spawn. */
    record Start(long firstAnswer, long listeningLine) {
    }

    Start measure(Path dataDir, boolean demo) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("serve", "--host", "127.0.0.1", "--port", String.valueOf(port), "--data-dir", dataDir.toString()));
        if (demo) {
            command.add("--demo");
        }
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            while (!answers200(port)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Parley exited with " + process.exitValue() + " before answering; see "
                            + java.nio.file.Files.readString(log));
                }
                if (System.nanoTime() - start > GIVE_UP_NANOS) {
                    throw new IllegalStateException("Parley did not answer within 180 s: " + String.join(" ", command));
                }
                sleep(5);
            }
            long answered = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            while (!java.nio.file.Files.readString(log).contains("Parley listening on")) {
                if (!process.isAlive() || System.nanoTime() - start > GIVE_UP_NANOS) {
                    throw new IllegalStateException("Parley answered but never said it listens; see " + log);
                }
                sleep(5);
            }
            return new Start(answered, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } finally {
            stop(process);
        }
    }

    private boolean answers200(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(10_000);
            int status = c.getResponseCode();
            InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream();
            if (body != null) {
                body.readAllBytes();
                body.close();
            }
            return status == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
