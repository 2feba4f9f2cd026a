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
 * (malformed percent-encoding such as {@code %zz}): one request per connection.
 */
public final class RawHttp {
    private RawHttp() {
    }

    public static ApiResponse get(String baseUrl, String target, String token) {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse("GET " + target, socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            List<Integer> interim = new ArrayList<>();
            while (true) {
                ApiResponse response = parse(method + " " + target, in);
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

    private static ApiResponse parse(String request, InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine.isEmpty()) {
            throw new IOException("the connection closed without a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        byte[] body;
        if (status < 200) {
            return new ApiResponse(request, status, HttpHeaders.of(headers, (a, b) -> true), new byte[0]);
        }
        String encoding = headers.getOrDefault("Transfer-Encoding", List.of("")).get(0).toLowerCase(Locale.ROOT);
        if (encoding.contains("chunked")) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                buffer.writeBytes(in.readNBytes(size));
                line(in);
            }
            body = buffer.toByteArray();
        } else if (headers.containsKey("Content-Length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("Content-Length").get(0)));
        } else {
            body = in.readAllBytes();
        }
        return new ApiResponse(request, status, HttpHeaders.of(headers, (a, b) -> true), body);
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
