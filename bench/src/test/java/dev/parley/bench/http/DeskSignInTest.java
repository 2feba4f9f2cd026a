package dev.parley.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.api.Json;
import dev.parley.bench.targets.BenchTargets.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeskSignInTest {
    static JsonNode demo(String usersJson) throws IOException {
        return Json.MAPPER.readTree("{\"users\":" + usersJson + "}");
    }

    @Test
    void theLoginIsThatOfTheUserHoldingTheRolesToken() throws IOException {
        JsonNode doc = demo("""
                [{"role":"customer-member","token":"tm","email":"member@demo.test","password":"pw-m"},
                 {"role":"employee","token":"te","email":"employee@demo.test","password":"pw-e"}]""");
        assertThat(DeskSignIn.login(doc, Role.EMPLOYEE, "te")).isEqualTo(new DeskSignIn.Login("employee@demo.test", "pw-e"));
        assertThat(DeskSignIn.login(doc, Role.CUSTOMER, "tm").email()).isEqualTo("member@demo.test");
    }

    @Test
    void aStoreWithoutPasswordsIsRefusedSayingThePagesNeedADemoStore() throws IOException {
        // a seeded store: no demo-credentials.json at all
        assertThatThrownBy(() -> DeskSignIn.login(null, Role.CUSTOMER, "tm"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need a demo store").hasMessageContaining("no passwords yet");
        // a demo store made before sign-in existed: tokens, no e-mail or password
        assertThatThrownBy(() -> DeskSignIn.login(demo("[{\"role\":\"customer-member\",\"token\":\"tm\"}]"), Role.CUSTOMER, "tm"))
                .hasMessageContaining("need a demo store").hasMessageContaining("no e-mail and password");
        // targets from elsewhere (bench-credentials.json, --targets): no demo user holds the token
        assertThatThrownBy(() -> DeskSignIn.login(demo("[{\"role\":\"employee\",\"token\":\"te\",\"email\":\"e\",\"password\":\"p\"}]"),
                Role.CUSTOMER, "seeded-token"))
                .hasMessageContaining("need a demo store").hasMessageContaining("no user in demo-credentials.json holds the customer token");
    }

    @Test
    void aDataDirWithoutDemoCredentialsIsRefusedBeforeAnyRequest(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bench-credentials.json"), "{}");
        ApiClient unreachable = new ApiClient("http://127.0.0.1:9");
        assertThatThrownBy(() -> DeskSignIn.session(unreachable, dir, Role.EMPLOYEE, "te"))
                .hasMessageContaining("need a demo store");
        assertThatThrownBy(() -> DeskSignIn.session(unreachable, null, Role.EMPLOYEE, "te"))
                .hasMessageContaining("no --data-dir");
    }

    @Test
    void signingInPostsTheFormAndKeepsTheSessionCookie(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("demo-credentials.json"), """
                {"users":[{"role":"employee","token":"te","email":"employee@demo.test","password":"p&w d"}]}""");
        AtomicReference<String> form = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sign-in", exchange -> {
            form.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.getResponseHeaders().add("Set-Cookie", "other=x; Path=/");
            exchange.getResponseHeaders().add("Set-Cookie", "parley_session=abc123; Path=/; HttpOnly; SameSite=Lax");
            byte[] body = "{\"csrf\":\"c\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            ApiClient parley = new ApiClient("http://127.0.0.1:" + server.getAddress().getPort());
            Credential session = DeskSignIn.session(parley, dir, Role.EMPLOYEE, "te");
            assertThat(session).isEqualTo(new Credential("Cookie", "parley_session=abc123"));
            assertThat(form.get()).contains("email=employee%40demo.test").contains("password=p%26w+d")
                    .contains("application/x-www-form-urlencoded");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedSignInIsAnErrorNotAMeasurement() {
        assertThat(DeskSignIn.sessionCookie(List.of("parley_session=; Max-Age=0"))).isEmpty();
        assertThat(DeskSignIn.sessionCookie(List.of("parley_session=v"))).contains("v");
    }
}
