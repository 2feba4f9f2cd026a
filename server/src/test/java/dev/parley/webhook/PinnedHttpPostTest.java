package dev.parley.webhook;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pinned request: HTTPS to the checked address is verified against the URL's host name (a
 * certificate for another name fails, as does one nobody trusts), the answer is read within the
 * read timeout, and only its beginning is kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PinnedHttpPostTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    HttpsServer https;
    SSLSocketFactory trusting;
    final AtomicReference<String> hostHeader = new AtomicReference<>();
    final AtomicReference<String> received = new AtomicReference<>();

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("parley-tls");
        Path store = dir.resolve("localhost.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);
        trusting = clientContext.getSocketFactory();

        https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        https.createContext("/", exchange -> {
            hostHeader.set(exchange.getRequestHeaders().getFirst("Host"));
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "y".repeat(5000).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        https.start();
    }

    @AfterAll
    void stop() {
        https.stop(0);
    }

    private AddressPolicy.Target target(String host, int port) {
        return new AddressPolicy.Target(URI.create("https://" + host + ":" + port + "/hook?x=1"), host, port, true, loopback4());
    }

    private static InetAddress loopback4() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void httpsToThePinnedAddressIsVerifiedAgainstTheHostName() throws IOException {
        int port = https.getAddress().getPort();
        PinnedHttpPost.Answer answer = PinnedHttpPost.post(target("localhost", port), Map.of("webhook-id", "msg_1"),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), TIMEOUT, TIMEOUT, trusting);
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body()).hasSize(PinnedHttpPost.KEPT_BYTES);
        assertThat(received.get()).isEqualTo("{\"a\":1}");
        assertThat(hostHeader.get()).isEqualTo("localhost:" + port);

        // the same address under a name the certificate is not for: refused
        assertThatThrownBy(() -> PinnedHttpPost.post(target("hooks.example.com", port), Map.of(), new byte[0],
                TIMEOUT, TIMEOUT, trusting)).isInstanceOf(IOException.class);
        // a certificate the JDK's trust store does not know: refused
        assertThatThrownBy(() -> PinnedHttpPost.post(target("localhost", port), Map.of(), new byte[0], TIMEOUT, TIMEOUT))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aReceiverThatDoesNotAnswerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, loopback4())) {
            Thread accept = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (Exception ignored) {
                    // closed by the test
                }
            });
            accept.setDaemon(true);
            accept.start();
            AddressPolicy.Target t = new AddressPolicy.Target(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"),
                    "127.0.0.1", silent.getLocalPort(), false, loopback4());
            long start = System.nanoTime();
            assertThatThrownBy(() -> PinnedHttpPost.post(t, Map.of(), new byte[0], Duration.ofMillis(500), Duration.ofMillis(300)))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
