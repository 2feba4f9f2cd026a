package dev.parley.desk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The desk's static files, read once from the class path: our own ({@code desk/assets/}) and
 * htmx with its SSE extension from their webjars (Maven artifacts, no Node.js). Each is served
 * at {@code /assets/{name}?v={hash}} (DeskRoutes); the hash of the content makes the URL change
 * whenever the file does, so browsers may keep it for a year.
 */
public final class DeskAssets {
    /** Our own files in {@code src/main/resources/desk/assets/}; a new one is added here. */
    static final List<String> OWN = List.of("desk.css", "desk.js", "icon.svg");

    public record Asset(String name, byte[] body, String contentType, String hash) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    DeskAssets() {
        for (String name : OWN) {
            add(name, "desk/assets/" + name);
        }
        add("htmx.min.js", webjar("htmx.org", "dist/htmx.min.js"));
        add("sse.js", webjar("htmx-ext-sse", "sse.js"));
    }

    /** The versioned URL of an asset; an unknown name is a bug in a template. */
    public String url(String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            throw new IllegalArgumentException("no desk asset " + name);
        }
        return "/assets/" + name + "?v=" + asset.hash();
    }

    public Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /** A file of an npm webjar, at the version Maven resolved (read from the webjar's pom.properties). */
    private static String webjar(String artifact, String file) {
        Properties pom = new Properties();
        String properties = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = resource(properties)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "META-INF/resources/webjars/" + artifact + "/" + pom.getProperty("version") + "/" + file;
    }

    private void add(String name, String resource) {
        try (InputStream in = resource(resource)) {
            byte[] body = in.readAllBytes();
            assets.put(name, new Asset(name, body, contentType(name), hash(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = DeskAssets.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing class path resource " + name);
        }
        return in;
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            default -> "application/octet-stream";
        };
    }

    private static String hash(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
