package dev.parley.file;

import dev.parley.testing.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a test server holds, looked at directly: the blobs of its blob store ({@code filesystem}:
 * files under {@code <data-dir>/blobs}; {@code database}: rows of {@code blob_contents}) and its
 * file rows (JDBC on either engine). Also plants blobs and ages them, for the sweep.
 */
record StoredContent(TestServer server, String store) {
    static final String FILESYSTEM = "filesystem";
    static final String DATABASE = "database";

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Path blobPath(String sha) {
        return server.dataDir().resolve("blobs").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }

    /** The sha256 of every blob in the store. */
    List<String> blobs() throws Exception {
        if (store.equals(DATABASE)) {
            return strings("SELECT sha256 FROM blob_contents ORDER BY sha256");
        }
        Path root = server.dataDir().resolve("blobs");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    boolean exists(String sha) throws Exception {
        return blobs().contains(sha);
    }

    /** Puts {@code content} into the store directly (no file row), as stored {@code ageMillis} ago. */
    String plant(byte[] content, long ageMillis) throws Exception {
        String sha = sha256(content);
        if (store.equals(DATABASE)) {
            update("INSERT INTO blob_contents (sha256, size_bytes, content, stored_at) VALUES (?, ?, ?, ?)",
                    sha, (long) content.length, content, System.currentTimeMillis() - ageMillis);
        } else {
            Path path = blobPath(sha);
            Files.createDirectories(path.getParent());
            Files.write(path, content);
        }
        age(sha, ageMillis);
        return sha;
    }

    /** Makes the blob look stored {@code ageMillis} ago. */
    void age(String sha, long ageMillis) throws Exception {
        long at = System.currentTimeMillis() - ageMillis;
        if (store.equals(DATABASE)) {
            update("UPDATE blob_contents SET stored_at = ? WHERE sha256 = ?", at, sha);
        } else {
            Files.setLastModifiedTime(blobPath(sha), FileTime.fromMillis(at));
        }
    }

    /** When the blob was stored (written last), epoch ms. */
    long storedAt(String sha) throws Exception {
        if (store.equals(DATABASE)) {
            return Long.parseLong(strings("SELECT stored_at FROM blob_contents WHERE sha256 = '" + sha + "'").get(0));
        }
        return Files.getLastModifiedTime(blobPath(sha)).toMillis();
    }

    /** The sha256 of every file row that is not deleted (each must have its blob). */
    List<String> liveFileContents() throws Exception {
        return strings("SELECT sha256 FROM files WHERE deleted_at IS NULL ORDER BY sha256");
    }

    /** The live file rows whose blob is missing: must always be empty. */
    List<String> filesWithoutContent() throws Exception {
        List<String> blobs = blobs();
        List<String> missing = new ArrayList<>();
        for (String sha : liveFileContents()) {
            if (!blobs.contains(sha)) {
                missing.add(sha);
            }
        }
        return missing;
    }

    /** Backdates a file row, so that the orphan sweep takes it for an upload nobody attached in time. */
    void backdateFile(String fileId, long ageMillis) throws SQLException {
        update("UPDATE files SET created_at = ? WHERE file_id = ?", System.currentTimeMillis() - ageMillis, fileId);
    }

    List<String> strings(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.databaseUrl());
             PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    void update(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.databaseUrl()); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.executeUpdate();
        }
    }
}
