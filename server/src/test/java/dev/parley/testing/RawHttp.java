package dev.parley.testing;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for request targets that {@code java.net.http} refuses to send
 * (malformed percent-encoding such as {@code %zz}) and requests with exactly the header lines
 * given: one request per connection.
 */
public final class RawHttp {
    private RawHttp() {
    }

    public static ApiResponse get(String baseUrl, String target, String token) {
        return send(baseUrl, "GET", target, List.of("Authorization: Bearer " + token), null).response();
    }

    /** An answer as received: its header fields in the order sent, the body as sent (none for HEAD, 1xx, 204, 304). */
    public record Answer(String request, int status, List<Map.Entry<String, String>> headers, byte[] body) {
        /** The first value of the header {@code name} (in any case), or null. */
        public String header(String name) {
            return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        /** As an {@link ApiResponse}: headers looked up by name in any case. */
        public ApiResponse response() {
            Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach(e -> map.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            return new ApiResponse(request, status, HttpHeaders.of(map, (a, b) -> true), body);
        }
    }

    /**
     * One request on a connection of its own, with exactly these header lines (and {@code Host},
     * {@code Connection: close}); {@code body}, unless null, written as given.
     */
    public static Answer send(String baseUrl, String method, String target, List<String> headerLines, byte[] body) {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(base, method, target, headerLines));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return parse(method, target, socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + ": " + e, e);
        }
    }

    private static byte[] head(URI base, String method, String target, List<String> headerLines) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                + base.getPort() + "\r\nConnection: close\r\n");
        headerLines.forEach(h -> head.append(h).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What the server sent: the status of each interim (1xx) response, then the final response. */
    public record Exchange(List<Integer> interim, ApiResponse response) {
    }

    /**
     * One request on a fresh connection whose body is held back until the server asks for it
     * with {@code 100 Continue}, as a client sending {@code Expect: 100-continue} does; a null
     * {@code body} is never sent (without that header: a client that declared a body and has not
     * sent it yet). The server must answer without the body: a server waiting for it would let
     * this fail with a read timeout (before its own idle timeout of 30 s) instead of hanging.
     */
    public static Exchange withheldBody(String baseUrl, String method, String target, Map<String, String> headers,
                                        byte[] body) {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(25_000);
            OutputStream out = socket.getOutputStream();
            List<String> lines = new ArrayList<>();
            headers.forEach((name, value) -> lines.add(name + ": " + value));
            out.write(head(base, method, target, lines));
            out.flush();
            InputStream in = socket.getInputStream();
            List<Integer> interim = new ArrayList<>();
            while (true) {
                ApiResponse response = parse(method, target, in).response();
                if (response.status() >= 200) {
                    return new Exchange(interim, response);
                }
                interim.add(response.status());
                if (response.status() == 100 && body != null) {
                    out.write(body);
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + ": " + e, e);
        }
    }

    private static Answer parse(String method, String target, InputStream in) throws IOException {
        String request = method + " " + target;
        String statusLine = line(in);
        if (statusLine.isEmpty()) {
            throw new IOException("the connection closed without a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            fields.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
        }
        Answer head = new Answer(request, status, List.copyOf(fields), new byte[0]);
        if (status < 200 || status == 204 || status == 304 || "HEAD".equals(method)) {
            return head;
        }
        byte[] body;
        if (String.valueOf(head.header("Transfer-Encoding")).toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                buffer.writeBytes(in.readNBytes(size));
                line(in);
            }
            body = buffer.toByteArray();
        } else if (head.header("Content-Length") != null) {
            body = in.readNBytes(Integer.parseInt(head.header("Content-Length")));
        } else {
            body = in.readAllBytes();
        }
        return new Answer(request, status, head.headers(), body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
