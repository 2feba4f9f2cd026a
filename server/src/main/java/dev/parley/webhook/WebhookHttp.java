package dev.parley.webhook;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The node's webhook client: Apache HttpClient 5 (classic), one pooled client shared by the
 * sender threads. Its DNS resolver is a {@link PolicyDnsResolver}, so each connection goes to
 * addresses {@link AddressPolicy} checked when it was made (IP literals included). HTTPS is
 * verified against the URL's host name (the default TLS strategy: the JDK's trust store, the
 * client's host-name verification). Redirects are never followed, nothing is retried by the
 * client (the outbox retries), and no cookies, authentication or compression are used. Only the
 * status and at most {@link #KEPT_BYTES} of the answer's body are read; a longer body is not
 * read further: its connection is closed. One attempt takes at most the connect timeout plus the
 * read timeout: then it is cancelled (its connection closed), however slowly the receiver
 * trickles bytes.
 */
final class WebhookHttp implements AutoCloseable {
    static final int KEPT_BYTES = 1024;

    /** The receiver's answer: its status and the beginning of its body. */
    record Answer(int status, String body) {
    }

    private final CloseableHttpClient client;
    private final ScheduledThreadPoolExecutor deadlines;
    private final long attemptMillis;

    WebhookHttp(AddressPolicy policy, WebhookSettings settings) {
        this(new PolicyDnsResolver(policy), settings.connectTimeout(), settings.readTimeout(),
                Math.max(1, settings.senders()), null);
    }

    /**
     * @param connections how many requests may be open at once (the sender threads)
     * @param tls         the trust receivers' certificates are checked against; null: the JDK's
     *                    default (tests pass their own)
     */
    WebhookHttp(PolicyDnsResolver resolver, Duration connectTimeout, Duration readTimeout, int connections,
                SSLContext tls) {
        this.attemptMillis = connectTimeout.toMillis() + readTimeout.toMillis();
        var connectionManager = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setTlsSocketStrategy(tls == null ? new LazyTlsStrategy()
                        : ClientTlsStrategyBuilder.create().setSslContext(tls).buildClassic())
                .setMaxConnTotal(connections)
                .setMaxConnPerRoute(connections)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setSocketTimeout(Timeout.of(readTimeout))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(Timeout.of(readTimeout)).build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connectionManager)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setAuthenticationEnabled(false)
                        .setProtocolUpgradeEnabled(false)
                        .setConnectionRequestTimeout(Timeout.of(connectTimeout))
                        .setResponseTimeout(Timeout.of(readTimeout))
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("Parley-Webhooks")
                .build();
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "parley-webhook-deadlines");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * POSTs the JSON body with the given headers. Throws {@link AddressPolicy.RefusedUrl} for a
     * URL that is not an http(s) URL, {@link PolicyDnsResolver.Refused} for a host that does not
     * resolve or resolves to a refused address (nothing is sent), and another
     * {@link IOException} when no answer came (a refused connection, a TLS error, a timeout).
     */
    Answer post(String url, Map<String, String> headers, byte[] body) throws IOException {
        HttpPost post = new HttpPost(AddressPolicy.parse(url));
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            late.set(true);
            post.cancel();
        }, attemptMillis, TimeUnit.MILLISECONDS);
        try {
            ClassicHttpResponse response = client.executeOpen(null, post, null);
            try {
                return answer(response, post);
            } finally {
                try {
                    response.close();
                } catch (IOException e) {
                    // the connection was closed under an unread body: nothing to keep
                }
            }
        } catch (IOException e) {
            if (late.get() && !(e instanceof PolicyDnsResolver.Refused)) {
                throw new SocketTimeoutException("no answer within " + attemptMillis + " ms (connect and read timeouts)");
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * The status and the first {@link #KEPT_BYTES} of the body. A body that is longer, does not
     * end in time or breaks off is not waited for (the status is what counts): the request is
     * cancelled, which closes its connection instead of reading the rest.
     */
    private static Answer answer(ClassicHttpResponse response, HttpPost post) {
        int status = response.getCode();
        HttpEntity entity = response.getEntity();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        boolean ended = entity == null;
        if (entity != null) {
            try {
                InputStream in = entity.getContent();
                byte[] buffer = new byte[KEPT_BYTES];
                while (kept.size() < KEPT_BYTES) {
                    int n = in.read(buffer, 0, KEPT_BYTES - kept.size());
                    if (n < 0) {
                        ended = true;
                        break;
                    }
                    kept.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // cut off, too slow, or cancelled at the attempt's deadline: what came is kept
            }
        }
        if (!ended) {
            post.cancel();
        }
        return new Answer(status, kept.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
        deadlines.shutdownNow();
    }
}
