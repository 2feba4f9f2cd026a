package dev.parley.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The ceiling: nginx serving the bytes Parley answered, from static files in a temporary root, on
 * a free port, with a minimal config. No HTTP server on this machine answers these requests
 * faster, so Parley/nginx is the share of the reachable throughput Parley gets.
 *
 * <p>GETs get the captured read body (200). A POST to a static file is 405 in nginx; {@code
 * error_page 405 =201} turns it into the captured write body with status 201 (the internal
 * redirect is a GET, so the static module serves it).
 */
public final class NginxCeiling implements Target {
    private final Process process;
    private final Path root;
    private final String baseUrl;

    private NginxCeiling(Process process, Path root, String baseUrl) {
        this.process = process;
        this.root = root;
        this.baseUrl = baseUrl;
    }

    /** @param writeBody the captured 201 body of the scenario's write, or null for a read-only scenario */
    public static NginxCeiling start(String nginx, byte[] readBody, byte[] writeBody) {
        return start(nginx, readBody, writeBody, "application/json");
    }

    /** @param contentType what the bytes are served as (text/html for a desk page) */
    public static NginxCeiling start(String nginx, byte[] readBody, byte[] writeBody, String contentType) {
        try {
            Path root = Files.createTempDirectory("parley-bench-nginx");
            Path www = Files.createDirectories(root.resolve("www"));
            Files.createDirectories(root.resolve("tmp"));
            // nginx's workers run as nobody when started by root: they must be able to read the files
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(www, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.write(www.resolve("read.json"), readBody == null ? writeBody : readBody);
            if (writeBody != null) {
                Files.write(www.resolve("write.json"), writeBody);
            }
            int port = Processes.freePort();
            Path conf = Files.writeString(root.resolve("nginx.conf"), config(root, port, writeBody != null, contentType));
            Process process = Processes.stopOnExit(new ProcessBuilder(List.of(nginx, "-p", root.toString(), "-c", conf.toString(),
                    "-e", root.resolve("error.log").toString()))
                    .redirectErrorStream(true).redirectOutput(root.resolve("stdout.log").toFile()).start());
            Processes.awaitListening(port, Duration.ofSeconds(20), process, "nginx");
            return new NginxCeiling(process, root, "http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + nginx + " (apt-get install -y nginx)", e);
        }
    }

    static String config(Path root, int port, boolean writes) {
        return config(root, port, writes, "application/json");
    }

    static String config(Path root, int port, boolean writes, String contentType) {
        String temp = root.resolve("tmp").toString();
        return """
                daemon off;
                worker_processes auto;
                pid ROOT/nginx.pid;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  types { }
                  default_type CONTENT_TYPE;
                CHARSET                  # Jetty keeps a connection open for any number of requests; so does this
                  keepalive_requests 1000000;
                  client_body_temp_path TEMP/body;
                  proxy_temp_path TEMP/proxy;
                  fastcgi_temp_path TEMP/fastcgi;
                  uwsgi_temp_path TEMP/uwsgi;
                  scgi_temp_path TEMP/scgi;
                  server {
                    listen 127.0.0.1:PORT;
                    root ROOT/www;
                WRITES    location = /read.json { }
                    location = /write.json { }
                    location / { rewrite ^ /read.json last; }
                  }
                }
                """.replace("WRITES", writes ? "    error_page 405 =201 /write.json;\n" : "")
                .replace("CONTENT_TYPE", mediaType(contentType)).replace("CHARSET", charsetLine(contentType)).replace("ROOT", root.toString()).replace("TEMP", temp).replace("PORT", String.valueOf(port));
    }

    /** The media type alone: a parameter such as {@code ; charset=utf-8} is no part of nginx's {@code default_type}. */
    static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].strip();
    }

    /** nginx's own {@code charset} directive for a {@code charset=} parameter (it adds it to text/html answers). */
    static String charsetLine(String contentType) {
        for (String parameter : contentType.split(";")) {
            String p = parameter.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8) && p.substring(8).matches("[A-Za-z0-9_-]+")) {
                return "  charset " + p.substring(8) + ";\n";
            }
        }
        return "";
    }

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        Processes.stop(process);
        dev.parley.bench.TempDirs.delete(root);
    }
}
