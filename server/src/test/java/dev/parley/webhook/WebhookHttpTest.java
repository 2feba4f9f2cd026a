package dev.parley.webhook;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The webhook client (HttpClient 5 with the policy's DNS resolver): the host is resolved once,
 * by the resolver, which refuses a name or literal with any refused address before anything is
 * sent, and the connection goes to the address it checked; HTTPS is verified against the URL's
 * host name (a certificate for another name fails, as does one nobody trusts); redirects are not
 * followed; only the beginning of the answer is read, and an attempt is bounded in time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookHttpTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final InetAddress LOOPBACK = loopback4();
    static final AddressPolicy ALLOW_LOOPBACK = new AddressPolicy(List.of("127.0.0.1"));

    HttpsServer https;
    HttpServer http;
    SSLContext trusting;
    final AtomicReference<String> hostHeader = new AtomicReference<>();
    final AtomicReference<String> received = new AtomicReference<>();
    final AtomicInteger plainRequests = new AtomicInteger();
    final AtomicInteger redirectTargetRequests = new AtomicInteger();
    /** Set when the endless answer's writer found its connection closed. */
    final CountDownLatch endlessCut = new CountDownLatch(1);
    /** Names the tests' resolver knows (all 127.0.0.1 unless a test says otherwise) and how often it was asked. */
    final Map<String, InetAddress[]> names = new java.util.concurrent.ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

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
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);

        https = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
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

        http = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        http.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-http-test");
            t.setDaemon(true);
            return t;
        }));
        http.createContext("/", exchange -> {
            plainRequests.incrementAndGet();
            hostHeader.set(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.createContext("/redirect", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + http.getAddress().getPort() + "/target");
            byte[] answer = "moved".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(302, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        http.createContext("/target", exchange -> {
            redirectTargetRequests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        http.createContext("/endless", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0); // chunked, and it never ends
            byte[] chunk = "z".repeat(8192).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline) {
                    out.write(chunk);
                    out.flush();
                }
            } catch (IOException e) {
                endlessCut.countDown();
            }
        });
        http.createContext("/trickle", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) { // a byte every 100 ms: each read is in time, the whole is not
                    out.write('t');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            }
        });
        http.start();
    }

    @AfterAll
    void stop() {
        https.stop(0);
        http.stop(0);
    }

    private static InetAddress loopback4() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client whose resolver knows the test's names, under the given policy and trust. */
    private WebhookHttp client(AddressPolicy policy, SSLContext tls, Duration connect, Duration read) {
        PolicyDnsResolver resolver = new PolicyDnsResolver(policy, host -> {
            lookups.incrementAndGet();
            InetAddress[] known = names.get(host);
            if (known != null) {
                return known;
            }
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return InetAddress.getAllByName(host); // a literal: no lookup
            }
            throw new UnknownHostException(host);
        });
        return new WebhookHttp(resolver, connect, read, 2, tls);
    }

    private String plain(String host, String path) {
        return "http://" + host + ":" + http.getAddress().getPort() + path;
    }

    @Test
    void httpsToTheCheckedAddressIsVerifiedAgainstTheHostName() throws IOException {
        names.put("localhost", new InetAddress[]{LOOPBACK});
        names.put("hooks.example.com", new InetAddress[]{LOOPBACK});
        int port = https.getAddress().getPort();
        try (WebhookHttp client = client(ALLOW_LOOPBACK, trusting, TIMEOUT, TIMEOUT)) {
            WebhookHttp.Answer answer = client.post("https://localhost:" + port + "/hook?x=1",
                    Map.of("webhook-id", "msg_1"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.body()).hasSize(WebhookHttp.KEPT_BYTES);
            assertThat(received.get()).isEqualTo("{\"a\":1}");
            assertThat(hostHeader.get()).isEqualTo("localhost:" + port);

            // the same address under a name the certificate is not for: refused
            assertThatThrownBy(() -> client.post("https://hooks.example.com:" + port + "/", Map.of(), new byte[0]))
                    .isInstanceOf(IOException.class).isNotInstanceOf(PolicyDnsResolver.Refused.class);
        }
        // a certificate the JDK's trust store does not know: refused
        try (WebhookHttp client = client(ALLOW_LOOPBACK, null, TIMEOUT, TIMEOUT)) {
            assertThatThrownBy(() -> client.post("https://localhost:" + port + "/", Map.of(), new byte[0]))
                    .isInstanceOf(IOException.class).isNotInstanceOf(PolicyDnsResolver.Refused.class);
        }
    }

    @Test
    void theNameIsResolvedOnceByThePolicysResolverAndTheConnectionGoesWhereItSaid() throws IOException {
        // not a name the system resolves: the request reaches the receiver only through the resolver's answer
        names.put("hooks.parley.test", new InetAddress[]{LOOPBACK});
        int before = plainRequests.get();
        lookups.set(0);
        try (WebhookHttp client = client(ALLOW_LOOPBACK, null, TIMEOUT, TIMEOUT)) {
            WebhookHttp.Answer answer = client.post(plain("hooks.parley.test", "/hook"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).isEqualTo(204);
        }
        assertThat(plainRequests.get()).isEqualTo(before + 1);
        assertThat(hostHeader.get()).isEqualTo("hooks.parley.test:" + http.getAddress().getPort());
        assertThat(lookups.get()).as("one lookup, made by the resolver").isEqualTo(1);
    }

    @Test
    void aNameOrLiteralWithARefusedAddressIsRefusedAtConnectionTimeAndNothingIsSent() throws IOException {
        names.put("inside.parley.test", new InetAddress[]{LOOPBACK});
        names.put("mixed.parley.test", new InetAddress[]{LOOPBACK, InetAddress.getByName("10.0.0.1")});
        int before = plainRequests.get();
        AddressPolicy strict = new AddressPolicy(List.of());
        try (WebhookHttp client = client(strict, null, TIMEOUT, TIMEOUT)) {
            // a name that now points inside (as after a DNS change since the hook was added)
            assertThatThrownBy(() -> client.post(plain("inside.parley.test", "/"), Map.of(), new byte[0]))
                    .isInstanceOf(PolicyDnsResolver.Refused.class)
                    .hasMessageContaining("inside.parley.test resolves to 127.0.0.1, a loopback address");
            // an IP literal goes through the same check
            assertThatThrownBy(() -> client.post(plain("127.0.0.1", "/"), Map.of(), new byte[0]))
                    .isInstanceOf(PolicyDnsResolver.Refused.class)
                    .hasMessageContaining("127.0.0.1 resolves to 127.0.0.1, a loopback address");
            assertThatThrownBy(() -> client.post("http://[::ffff:169.254.169.254]/", Map.of(), new byte[0]))
                    .isInstanceOf(PolicyDnsResolver.Refused.class).hasMessageContaining("link-local");
            assertThatThrownBy(() -> client.post(plain("nowhere.parley.test", "/"), Map.of(), new byte[0]))
                    .isInstanceOf(PolicyDnsResolver.Refused.class).hasMessageContaining("does not resolve");
        }
        try (WebhookHttp client = client(ALLOW_LOOPBACK, null, TIMEOUT, TIMEOUT)) {
            // one allowed address among others is not enough: any refused one refuses the host
            assertThatThrownBy(() -> client.post(plain("mixed.parley.test", "/"), Map.of(), new byte[0]))
                    .isInstanceOf(PolicyDnsResolver.Refused.class)
                    .hasMessageContaining("resolves to 10.0.0.1, a private address");
            assertThatThrownBy(() -> client.post("ftp://127.0.0.1/", Map.of(), new byte[0]))
                    .isInstanceOf(AddressPolicy.RefusedUrl.class);
        }
        assertThat(plainRequests.get()).as("no request reached the receiver").isEqualTo(before);
    }

    @Test
    void aRedirectToAnAllowedAddressIsNotFollowed() throws IOException {
        try (WebhookHttp client = client(ALLOW_LOOPBACK, null, TIMEOUT, TIMEOUT)) {
            WebhookHttp.Answer answer = client.post(plain("127.0.0.1", "/redirect"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(answer.status()).isEqualTo(302);
            assertThat(answer.body()).isEqualTo("moved");
        }
        assertThat(redirectTargetRequests.get()).isZero();
    }

    @Test
    void anEndlessAnswerIsCutAfterItsFirstKibibyte() throws Exception {
        try (WebhookHttp client = client(ALLOW_LOOPBACK, null, TIMEOUT, Duration.ofSeconds(20))) {
            long start = System.nanoTime();
            WebhookHttp.Answer answer = client.post(plain("127.0.0.1", "/endless"), Map.of(), new byte[0]);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("z".repeat(WebhookHttp.KEPT_BYTES));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(endlessCut.await(10, TimeUnit.SECONDS)).as("the connection closed, not drained").isTrue();
            // the client is still usable afterwards
            assertThat(client.post(plain("127.0.0.1", "/"), Map.of(), new byte[0]).status()).isEqualTo(204);
        }
    }

    @Test
    void anAttemptIsBoundedEvenWhenEachReadIsInTime() throws IOException {
        try (WebhookHttp client = client(ALLOW_LOOPBACK, null, Duration.ofMillis(500), Duration.ofMillis(1000))) {
            long start = System.nanoTime();
            WebhookHttp.Answer answer = client.post(plain("127.0.0.1", "/trickle"), Map.of(), new byte[0]);
            // the status came in time and is what counts; the trickle is cut at the deadline
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).matches("t{1,30}");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aReceiverThatDoesNotAnswerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, LOOPBACK);
             WebhookHttp client = client(ALLOW_LOOPBACK, null, Duration.ofMillis(500), Duration.ofMillis(300))) {
            Thread accept = new Thread(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(5_000);
                } catch (Exception ignored) {
                    // closed by the test
                }
            });
            accept.setDaemon(true);
            accept.start();
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.post("http://127.0.0.1:" + silent.getLocalPort() + "/", Map.of(), new byte[0]))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
