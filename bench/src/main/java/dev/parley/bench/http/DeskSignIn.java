package dev.parley.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import dev.parley.bench.targets.BenchTargets.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session cookie of the desk's page scenarios: {@code POST /sign-in} once with the e-mail and
 * password of the user whose API token the targets hold for the role. Only a demo store has
 * passwords to hand (its {@code demo-credentials.json}); a seeded store's users have none yet, so
 * the page scenarios refuse it rather than measure a redirect to the sign-in page.
 */
public final class DeskSignIn {
    /** The e-mail and password of one user. */
    record Login(String email, String password) {
    }

    private DeskSignIn() {
    }

    /** Signs in as the user holding {@code token} in the data dir's demo-credentials.json. */
    public static Credential session(ApiClient parley, Path dataDir, Role role, String token) {
        if (dataDir == null) {
            throw refused(role, "no --data-dir was given");
        }
        Path file = dataDir.resolve("demo-credentials.json");
        JsonNode doc = null;
        if (Files.isRegularFile(file)) {
            try {
                doc = Json.MAPPER.readTree(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return signIn(parley, login(doc, role, token));
    }

    /**
     * The login of the user with {@code token} in a parsed demo-credentials.json (null when the
     * store has none); refuses with a message saying why the page scenarios need a demo store.
     */
    static Login login(JsonNode demoCredentials, Role role, String token) {
        if (demoCredentials == null) {
            throw refused(role, "the data dir has no demo-credentials.json (a seeded store's users have no passwords yet)");
        }
        for (JsonNode user : demoCredentials.path("users")) {
            if (!token.equals(user.path("token").asText())) {
                continue;
            }
            String email = user.path("email").asText("");
            String password = user.path("password").asText("");
            if (email.isEmpty() || password.isEmpty()) {
                throw refused(role, "demo-credentials.json has no e-mail and password for that user (a store made before sign-in existed)");
            }
            return new Login(email, password);
        }
        throw refused(role, "no user in demo-credentials.json holds the " + role.key()
                + " token of the targets (they come from bench-credentials.json or --targets)");
    }

    static Credential signIn(ApiClient parley, Login login) {
        ApiClient.Response response = parley.postForm("/sign-in", Map.of("email", login.email(), "password", login.password()));
        if (response.status() != 200) {
            throw new IllegalStateException("POST /sign-in as " + login.email() + " answered " + response.status() + ": " + response.text());
        }
        return sessionCookie(response.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie")).flatMap(e -> e.getValue().stream()).toList())
                .map(Credential::sessionCookie)
                .orElseThrow(() -> new IllegalStateException("POST /sign-in as " + login.email() + " set no "
                        + Credential.SESSION_COOKIE + " cookie"));
    }

    /** The value of the session cookie among Set-Cookie headers. */
    static Optional<String> sessionCookie(List<String> setCookies) {
        String prefix = Credential.SESSION_COOKIE + "=";
        return setCookies.stream().filter(c -> c.startsWith(prefix))
                .map(c -> c.substring(prefix.length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .filter(v -> !v.isEmpty()).findFirst();
    }

    private static IllegalArgumentException refused(Role role, String why) {
        return new IllegalArgumentException("the desk's page scenarios sign in with the " + role.key()
                + " user's e-mail and password, so for now they need a demo store (the data dir of ./parley serve --demo, "
                + "with demo-credentials.json): " + why);
    }
}
