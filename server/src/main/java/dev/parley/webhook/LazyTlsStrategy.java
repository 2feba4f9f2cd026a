package dev.parley.webhook;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;

/**
 * The JDK's default TLS (its trust store, host-name verification) made at the first HTTPS
 * delivery instead of at start: setting up the default SSL context reads the trust store and
 * loads the JSSE provider, a few hundred milliseconds a start does not need to spend before it
 * answers its first request.
 */
final class LazyTlsStrategy implements TlsSocketStrategy {
    private volatile TlsSocketStrategy delegate;

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws IOException {
        return delegate().upgrade(socket, target, port, attachment, context);
    }

    private TlsSocketStrategy delegate() {
        TlsSocketStrategy made = delegate;
        if (made == null) {
            synchronized (this) {
                made = delegate;
                if (made == null) {
                    made = DefaultClientTlsStrategy.createDefault();
                    delegate = made;
                }
            }
        }
        return made;
    }
}
