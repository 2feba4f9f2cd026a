package dev.parley.api;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RequestDataRate} refuses bodies the client trickles, and only those: a body that has
 * arrived is never too slow, however late the handler reads it (on a busy machine a handler may
 * start reading long after the bytes came), and the wait before the body's first byte does not
 * count. Tried: a two-byte body read 300 ms late at a required million bytes per second; a body
 * sent 500 ms after its headers; a body trickled a byte every 50 ms, with and without a declared
 * length; a body sent at once in full.
 */
class RequestDataRateTest {
    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    /** A server whose handler waits {@code readAfterMillis}, then reads the body and answers its length (or the refusal's status). */
    private int start(long bytesPerSecond, long graceMillis, long readAfterMillis) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        Handler.Abstract app = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Thread.sleep(readAfterMillis);
                String answer;
                try {
                    answer = "read " + Content.Source.asString(request, StandardCharsets.UTF_8).length();
                } catch (Exception e) {
                    Throwable t = e;
                    while (t != null && !(t instanceof HttpException)) {
                        t = t.getCause();
                    }
                    response.setStatus(t == null ? 500 : ((HttpException) t).getCode());
                    answer = "refused";
                }
                Content.Sink.write(response, true, answer, callback);
                return true;
            }
        };
        RequestDataRate rate = new RequestDataRate(bytesPerSecond, graceMillis * 1_000_000);
        rate.setHandler(app);
        server.setHandler(rate);
        server.start();
        return connector.getLocalPort();
    }

    private static String exchange(int port, String head, String body, long pauseBeforeBodyMillis, long perByteMillis)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(pauseBeforeBodyMillis);
            try {
                if (perByteMillis == 0) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } else {
                    for (byte b : body.getBytes(StandardCharsets.UTF_8)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(perByteMillis);
                        if (socket.getInputStream().available() > 0) {
                            break; // answered before the body was complete
                        }
                    }
                }
            } catch (java.io.IOException closed) {
                // the server gave up on the body; its answer is still there to read
            }
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String post(String body, boolean declareLength) {
        return "POST / HTTP/1.1\r\nHost: parley\r\nConnection: close\r\n"
                + (declareLength ? "Content-Length: " + body.length() : "Transfer-Encoding: chunked") + "\r\n\r\n";
    }

    @Test
    void aBodyThatHasArrivedIsNeverTooSlowHoweverLateItIsRead() throws Exception {
        int port = start(1_000_000, 0, 300);
        String response = exchange(port, post("{}", true), "{}", 0, 0);
        assertThat(response).startsWith("HTTP/1.1 200").endsWith("read 2");
    }

    @Test
    void theWaitBeforeTheFirstByteDoesNotCount() throws Exception {
        int port = start(1_000_000, 0, 0);
        String response = exchange(port, post("{\"title\":\"x\"}", true), "{\"title\":\"x\"}", 500, 0);
        assertThat(response).startsWith("HTTP/1.1 200").endsWith("read 13");
    }

    @Test
    void aTrickledBodyIsRefusedWith408() throws Exception {
        int port = start(100, 200, 0);
        String body = "x".repeat(200);
        String response = exchange(port, post(body, true), body, 0, 50);
        assertThat(response).startsWith("HTTP/1.1 408");
    }

    @Test
    void aTrickledChunkedBodyIsRefusedWith408() throws Exception {
        int port = start(100, 200, 0);
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            chunks.append("1\r\nx\r\n");
        }
        chunks.append("0\r\n\r\n");
        String response = exchange(port, post("", false), chunks.toString(), 0, 10);
        assertThat(response).startsWith("HTTP/1.1 408");
    }

    @Test
    void aBodySentAtOnceIsRead() throws Exception {
        int port = start(100, 0, 0);
        String body = "y".repeat(50_000);
        String response = exchange(port, post(body, true), body, 0, 0);
        assertThat(response).startsWith("HTTP/1.1 200").endsWith("read 50000");
    }
}
