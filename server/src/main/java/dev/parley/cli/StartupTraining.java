package dev.parley.cli;

import dev.parley.Parley;
import dev.parley.ParleyConfig;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The run the launcher ({@code ./parley}) records a class-data-sharing archive from
 * ({@code -XX:ArchiveClassesAtExit}): what a start loads, so that later starts map those classes
 * from the archive instead of loading and verifying them from the jar. It parses a {@code serve}
 * command line, starts Parley on an empty store in a temporary directory ({@code --demo}) and
 * again on that now existing store, asks each for the first pages a client or browser asks for,
 * and stops. Not a user command: {@code java -cp parley.jar dev.parley.cli.StartupTraining}.
 */
public final class StartupTraining {
    private static final List<String> PATHS = List.of("/openapi.json", "/v2/conversation-categories", "/", "/sign-in");

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("parley-training");
        try {
            new CommandLine(new Main()).parseArgs("serve", "--port", "0", "--demo", "--data-dir", dir.toString());
            for (boolean demo : new boolean[]{true, false}) { // an empty store, then an existing one
                try (Parley parley = Parley.start(ParleyConfig.builder().host("127.0.0.1").port(0)
                        .dataDir(dir).demo(demo).build())) {
                    for (String path : PATHS) {
                        get("http://127.0.0.1:" + parley.port() + path);
                    }
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static void get(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.getResponseCode();
        InputStream body = connection.getErrorStream() != null ? connection.getErrorStream() : connection.getInputStream();
        body.readAllBytes();
        body.close();
    }
}
