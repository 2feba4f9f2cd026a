package dev.parley.transfer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.parley.storage.Database;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes everything in a Parley database as {@link DumpFormat} JSON lines, streaming: rows go
 * from a database cursor straight to the output, attachment contents from the blob store through
 * a base64 encoder. All tables come from one read snapshot, so an export taken while the server
 * runs is consistent.
 */
public final class Exporter {
    private final Database database;
    private final TransferSql sql;
    private final Path blobRoot;
    private final PrintStream warnings;

    /**
     * @param blobRoot the filesystem blob store of the source ({@code <data-dir>/blobs}); contents in
     *                 the database store ({@code blob_contents}) are exported as well
     */
    public Exporter(Database database, Path blobRoot, PrintStream warnings) {
        this.database = database;
        this.sql = new TransferSql(database.engine());
        this.blobRoot = blobRoot;
        this.warnings = warnings;
    }

    /** What an export wrote. */
    public record Summary(String schemaVersion, int tables, long rows, long blobs, long missingBlobs) {
    }

    public Summary export(OutputStream out, Progress progress) throws IOException {
        try (Handle h = database.openReadHandle();
             JsonGenerator json = DumpFormat.MAPPER.getFactory().createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setRootValueSeparator(new SerializedString("\n"));
            sql.beginSnapshot(h);
            try {
                return export(h, json, progress);
            } finally {
                h.rollback(); // read only
            }
        }
    }

    private Summary export(Handle h, JsonGenerator json, Progress progress) throws IOException {
        Map<String, java.util.Set<String>> refs = sql.references(h, sql.tables(h));
        List<String> tables = DumpFormat.dependencyOrder(refs).stream()
                .filter(t -> !DumpFormat.NOT_EXPORTED.contains(t)).toList();
        Map<String, List<TransferSql.Column>> columns = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String t : tables) {
            columns.put(t, sql.columns(h, t));
            counts.put(t, h.createQuery("SELECT COUNT(*) FROM " + TransferSql.quote(t)).mapTo(Long.class).one());
        }
        boolean databaseStore = refs.containsKey("blob_contents");
        boolean files = refs.containsKey("files");
        long blobCount = (databaseStore ? count(h, "SELECT COUNT(*) FROM blob_contents") : 0)
                + (files ? count(h, "SELECT COUNT(DISTINCT f.sha256)" + filesystemBlobs(databaseStore)) : 0);
        String schema = TransferSql.schemaVersion(h);
        progress.total(counts.values().stream().mapToLong(Long::longValue).sum() + blobCount);

        // the header
        json.writeStartObject();
        json.writeStringField("format", DumpFormat.FORMAT);
        json.writeNumberField("version", DumpFormat.VERSION);
        json.writeStringField("exportedAt", Instant.now().toString());
        json.writeObjectFieldStart("schema");
        json.writeStringField("version", schema);
        json.writeStringField("engine", sql.engine().migrationFolder());
        json.writeEndObject();
        json.writeArrayFieldStart("tables");
        for (String t : tables) {
            json.writeStartObject();
            json.writeStringField("name", t);
            json.writeArrayFieldStart("columns");
            for (TransferSql.Column c : columns.get(t)) {
                json.writeString(c.name());
            }
            json.writeEndArray();
            json.writeNumberField("rows", counts.get(t));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("blobs", blobCount);
        json.writeArrayFieldStart("sequences");
        for (TransferSql.Sequence s : sql.sequences(h)) {
            json.writeStartObject();
            json.writeStringField("table", s.table());
            json.writeStringField("column", s.column());
            json.writeNumberField("value", s.value());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();

        // the rows, table by table, parents first
        long rows = 0;
        for (String t : tables) {
            List<TransferSql.Column> cols = columns.get(t);
            String select = "SELECT " + cols.stream().map(c -> TransferSql.quote(c.name())).collect(Collectors.joining(", "))
                    + " FROM " + TransferSql.quote(t);
            long[] done = {0};
            h.createQuery(select).setFetchSize(TransferSql.FETCH_SIZE)
                    .map((rs, ctx) -> {
                        writeRow(json, t, cols, rs);
                        return Boolean.TRUE;
                    })
                    .forEach(written -> {
                        done[0]++;
                        progress.step();
                    });
            rows += done[0];
        }

        // attachment contents: the database store first, then files only the filesystem store holds
        long blobs = 0;
        long missing = 0;
        if (databaseStore) {
            long[] done = {0};
            h.createQuery("SELECT sha256, size_bytes, content FROM blob_contents")
                    .setFetchSize(16) // contents are up to the upload cap each
                    .map((rs, ctx) -> {
                        writeBlob(json, rs.getString(1), rs.getLong(2), rs.getBytes(3));
                        return Boolean.TRUE;
                    })
                    .forEach(written -> {
                        done[0]++;
                        progress.step();
                    });
            blobs += done[0];
        }
        if (files) {
            List<String> unmatched = new java.util.ArrayList<>();
            try (Stream<String> shas = h.createQuery("SELECT DISTINCT f.sha256" + filesystemBlobs(databaseStore))
                    .setFetchSize(TransferSql.FETCH_SIZE).mapTo(String.class).stream()) {
                for (String sha : (Iterable<String>) shas::iterator) {
                    Path file = blobRoot == null ? null : blobRoot.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
                    if (file == null || !Files.isRegularFile(file)) {
                        missing++;
                        if (unmatched.size() < 10) {
                            unmatched.add(sha);
                        }
                        continue;
                    }
                    writeBlob(json, sha, file);
                    blobs++;
                    progress.step();
                }
            }
            if (missing > 0) {
                warnings.println("parley: warning: the contents of " + missing + " attached file(s) are in neither blob store"
                        + " (looked in the database and " + blobRoot + "): " + unmatched + (missing > unmatched.size() ? " …" : "")
                        + "; their downloads will fail after import as they do now");
            }
        }

        json.writeStartObject();
        json.writeBooleanField("end", true);
        json.writeNumberField("rows", rows);
        json.writeNumberField("blobs", blobs);
        json.writeEndObject();
        json.writeRaw('\n');
        json.flush();
        return new Summary(schema, tables.size(), rows, blobs, missing);
    }

    /**
     * FROM and WHERE of the contents files refer to that the database store does not hold
     * (deleted files' contents are gone): listed with {@code SELECT DISTINCT f.sha256}, counted
     * with {@code SELECT COUNT(DISTINCT f.sha256)}.
     */
    private static String filesystemBlobs(boolean databaseStore) {
        return " FROM files f WHERE f.deleted_at IS NULL"
                + (databaseStore ? " AND NOT EXISTS (SELECT 1 FROM blob_contents b WHERE b.sha256 = f.sha256)" : "");
    }

    private static long count(Handle h, String query) {
        return h.createQuery(query).mapTo(Long.class).one();
    }

    private static void writeRow(JsonGenerator json, String table, List<TransferSql.Column> cols, ResultSet rs) throws SQLException {
        try {
            json.writeStartObject();
            json.writeStringField("table", table);
            json.writeObjectFieldStart("row");
            for (int i = 0; i < cols.size(); i++) {
                json.writeFieldName(cols.get(i).name());
                writeValue(json, rs.getObject(i + 1));
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigDecimal d) {
            json.writeNumber(d);
        } else if (value instanceof Number n) {
            json.writeNumber(n.doubleValue());
        } else if (value instanceof Boolean b) {
            json.writeNumber(b ? 1 : 0); // as Parley's schemas keep flags on both engines: portable
        } else if (value instanceof byte[] bytes) {
            json.writeBinary(bytes);
        } else {
            json.writeString(value.toString());
        }
    }

    private static void writeBlob(JsonGenerator json, String sha, long size, byte[] content) {
        try {
            json.writeStartObject();
            json.writeStringField("blob", sha);
            json.writeNumberField("size", size);
            json.writeFieldName("data");
            json.writeBinary(content);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBlob(JsonGenerator json, String sha, Path file) throws IOException {
        long size = Files.size(file);
        json.writeStartObject();
        json.writeStringField("blob", sha);
        json.writeNumberField("size", size);
        json.writeFieldName("data");
        try (InputStream in = Files.newInputStream(file)) {
            // streamed through the base64 encoder, never whole in memory
            json.writeBinary(in, (int) size);
        }
        json.writeEndObject();
    }
}
