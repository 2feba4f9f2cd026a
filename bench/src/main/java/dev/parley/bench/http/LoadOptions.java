package dev.parley.bench.http;

import dev.parley.bench.targets.BenchTargets;
import dev.parley.bench.targets.SearchKind;
import dev.parley.bench.targets.TargetsSource;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.List;

/** What {@code bench http} and {@code bench curves} share: the store, the targets in it, and wrk's settings. */
public final class LoadOptions {
    @Option(names = "--data-dir", description = "Data directory of the store; Parley is started on it unless --url is given "
            + "(bench-credentials.json or demo-credentials.json are read from it).")
    public Path dataDir;

    @Option(names = "--database-url", description = "JDBC URL of the store for the started Parley (default: SQLite in --data-dir).")
    public String databaseUrl;

    @Option(names = "--targets", description = "A targets file (format of bench-credentials.json) instead of the data dir's.")
    Path targetsFile;

    @Option(names = "--demo-conversations", defaultValue = "1000",
            description = "On a demo store without targets: conversations to create through the API first (default: ${DEFAULT-VALUE}).")
    int demoConversations;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "Length of one measured run (default: ${DEFAULT-VALUE}).")
    public Duration duration;

    @Option(names = "--connections", defaultValue = "32", description = "Open connections (default: ${DEFAULT-VALUE}).")
    public int connections;

    @Option(names = "--threads", defaultValue = "1", description = "wrk threads (default: ${DEFAULT-VALUE}).")
    public int threads;

    @Option(names = "--as", description = "Run the scenario as this role instead of its own: customer, customerMedian, employee.")
    String as;

    @Option(names = "--search-kind", description = "search-customer and search-staff send only queries of this kind "
            + "(default: every kind): frequent-prefix, frequent-word, median-word, rare-word, two-words, three-words, phrase, exclusion.")
    String searchKind;

    @Option(names = "--wrk", defaultValue = "wrk", description = "The wrk binary (default: ${DEFAULT-VALUE}).")
    String wrk;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "wrk's request timeout; slower answers count as errors (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--parley-java-opts", defaultValue = "",
            description = "JVM options of the started Parley, space separated (e.g. \"-Xmx1g\").")
    String parleyJavaOpts;

    private Path scripts;
    private final Map<BenchTargets.Role, Credential> sessions = new EnumMap<>(BenchTargets.Role.class);

    /** Parley under load: the one at {@code url}, or one started on the store. */
    public record Started(String url, ParleyProcess process) implements AutoCloseable {
        @Override
        public void close() {
            if (process != null) {
                process.close();
            }
        }
    }

    public Started parley(String url) {
        if (url != null) {
            return new Started(url.replaceAll("/+$", ""), null);
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("give --url of a running Parley, or --data-dir (and --database-url) to start one");
        }
        System.err.println("bench: starting Parley on " + storeName(null));
        List<String> javaOptions = parleyJavaOpts.isBlank() ? List.of() : Arrays.asList(parleyJavaOpts.trim().split("\\s+"));
        ParleyProcess process = ParleyProcess.start(dataDir, databaseUrl, javaOptions);
        return new Started(process.baseUrl(), process);
    }

    public BenchTargets targets(String parleyUrl) {
        return TargetsSource.load(targetsFile, dataDir, parleyUrl, demoConversations, storeUrl());
    }

    /** The store's JDBC URL, to draw search terms from: --database-url, else the SQLite store in --data-dir. */
    String storeUrl() {
        if (databaseUrl != null) {
            return databaseUrl;
        }
        if (dataDir != null && Files.isRegularFile(dataDir.resolve("parley.db"))) {
            return "jdbc:sqlite:" + dataDir.resolve("parley.db").toAbsolutePath();
        }
        return null;
    }

    public SearchKind searchKind() {
        return searchKind == null ? null : SearchKind.of(searchKind);
    }

    /** The scenario's cycle of requests as the chosen role, with the chosen kind of search. */
    public List<Request> requests(Scenario scenario, BenchTargets targets) {
        return scenario.requests(targets, role(scenario), searchKind());
    }

    /** For the report: the search queries sent (null for other scenarios). */
    public String searchNote(Scenario scenario, BenchTargets targets) {
        return scenario.searchNote(targets, role(scenario), searchKind());
    }

    public BenchTargets.Role role(Scenario scenario) {
        return as == null ? scenario.role() : BenchTargets.Role.of(as);
    }

    public WrkRunner wrk() {
        return new WrkRunner(wrk, threads, timeout);
    }

    /**
     * Who the scenario's requests are made as: the role's API token, or for a desk page a session
     * cookie, signed in once per role and run (sessions outlive the runs: idle expiry restarts on use).
     */
    public Credential credential(Scenario scenario, BenchTargets targets, String parleyUrl) {
        BenchTargets.Role role = role(scenario);
        String token = targets.token(role);
        if (!scenario.page()) {
            return Credential.token(token);
        }
        return sessions.computeIfAbsent(role, r -> {
            System.err.println("bench: signing in to the desk as the " + r.key() + " user");
            return DeskSignIn.session(new ApiClient(parleyUrl), dataDir, r, token);
        });
    }

    /** Writes the scenario's wrk script into a temp directory removed at exit. */
    public Path script(Scenario scenario, Credential credential, List<Request> requests) {
        try {
            if (scripts == null) {
                scripts = Files.createTempDirectory("parley-bench-lua");
                scripts.toFile().deleteOnExit();
            }
            Path script = WrkRunner.writeScript(scripts, scenario.cliName(), LuaScript.generate(scenario.cliName(), credential, requests));
            script.toFile().deleteOnExit();
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String storeName(String url) {
        if (url != null) {
            return url;
        }
        if (databaseUrl != null) {
            return databaseUrl.replaceAll("password=[^&]*", "password=…");
        }
        return String.valueOf(dataDir);
    }

    public String describe(String url) {
        List<String> parts = new ArrayList<>();
        if (url != null) {
            parts.add("--url " + url);
        }
        if (dataDir != null) {
            parts.add("--data-dir " + dataDir);
        }
        if (databaseUrl != null) {
            parts.add("--database-url " + storeName(null));
        }
        parts.add("--duration " + duration.toSeconds() + "s --connections " + connections + " --threads " + threads);
        if (as != null) {
            parts.add("--as " + as);
        }
        if (searchKind != null) {
            parts.add("--search-kind " + searchKind);
        }
        return String.join(" ", parts);
    }
}
