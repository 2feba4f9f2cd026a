package dev.parley.webhook;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.1 POST to the address {@link AddressPolicy} checked, not to whatever the host name
 * resolves to by the time a client library would look it up again (DNS rebinding). HTTPS is
 * verified against the URL's host name (SNI and endpoint identification). Redirects are never
 * followed: the answer's status is returned as it is. Only the status line and at most
 * {@link #KEPT_BYTES} of the body are read.
 */
final class PinnedHttpPost {
    static final int KEPT_BYTES = 1024;
    private static final int MAX_HEAD_BYTES = 16 * 1024;

    /** The receiver's answer: its status and the beginning of its body. */
    record Answer(int status, String body) {
    }

    private PinnedHttpPost() {
    }

    static Answer post(AddressPolicy.Target target, Map<String, String> headers, byte[] body,
                       Duration connectTimeout, Duration readTimeout) throws IOException {
        return post(target, headers, body, connectTimeout, readTimeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** @param tls the trust the receiver's certificate is checked against (the JDK's default; tests pass their own) */
    static Answer post(AddressPolicy.Target target, Map<String, String> headers, byte[] body,
                       Duration connectTimeout, Duration readTimeout, SSLSocketFactory tls) throws IOException {
        long deadline = System.nanoTime() + readTimeout.toNanos() + connectTimeout.toNanos();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(target.address(), target.port()), (int) connectTimeout.toMillis());
            plain.setSoTimeout((int) readTimeout.toMillis());
            Socket socket = plain;
            if (target.https()) {
                SSLSocket secure = (SSLSocket) tls.createSocket(plain, target.host(), target.port(), true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                if (!isLiteral(target.host())) {
                    parameters.setServerNames(List.of(new SNIHostName(target.host())));
                }
                secure.setSSLParameters(parameters);
                secure.startHandshake();
                socket = secure;
            }
            OutputStream out = socket.getOutputStream();
            String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/" : target.uri().getRawPath();
            if (target.uri().getRawQuery() != null) {
                path += "?" + target.uri().getRawQuery();
            }
            StringBuilder head = new StringBuilder();
            head.append("POST ").append(path).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(hostHeader(target)).append("\r\n");
            head.append("Content-Type: application/json\r\n");
            head.append("Content-Length: ").append(body.length).append("\r\n");
            head.append("User-Agent: Parley-Webhooks\r\n");
            head.append("Connection: close\r\n");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read(new java.io.BufferedInputStream(socket.getInputStream()), deadline);
        }
    }

    private static Answer read(InputStream in, long deadline) throws IOException {
        while (true) {
            String statusLine = line(in, deadline);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP answer: " + abbreviate(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: " + abbreviate(statusLine));
            }
            int headBytes = 0;
            String line;
            while (!(line = line(in, deadline)).isEmpty()) {
                headBytes += line.length();
                if (headBytes > MAX_HEAD_BYTES) {
                    throw new IOException("the answer's headers are too long");
                }
            }
            if (status >= 100 && status < 200) {
                continue; // an interim answer (100 Continue): the real one follows
            }
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[KEPT_BYTES];
            try {
                while (kept.size() < KEPT_BYTES && System.nanoTime() < deadline) {
                    int n = in.read(buffer, 0, KEPT_BYTES - kept.size());
                    if (n < 0) {
                        break;
                    }
                    kept.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // the status is what counts; a body that does not end in time is not waited for
            }
            return new Answer(status, kept.toString(StandardCharsets.UTF_8));
        }
    }

    private static String line(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("the receiver did not answer in time");
            }
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                line.write(c);
            }
            if (line.size() > MAX_HEAD_BYTES) {
                throw new IOException("an answer line is too long");
            }
        }
        if (c == -1 && line.size() == 0) {
            throw new IOException("the receiver closed the connection without an answer");
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String hostHeader(AddressPolicy.Target target) {
        String host = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
        boolean defaultPort = target.port() == (target.https() ? 443 : 80);
        return defaultPort ? host : host + ":" + target.port();
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
