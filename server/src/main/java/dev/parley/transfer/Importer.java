package dev.parley.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conversation.Category;
import dev.parley.conversation.CategoryRepository;
import dev.parley.conversation.PreferencesRepository;
import dev.parley.conversation.SearchIndex;
import dev.parley.storage.Database;
import dev.parley.storage.PrivateFiles;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a {@link DumpFormat} export into a database, streaming: rows are inserted in batches as
 * they are read, attachment contents decoded from base64 into a temporary file (checked against
 * their SHA-256) and put into the target's blob store. Everything happens in one transaction: an
 * import that fails (a truncated file, a bad row) leaves the target as it was. Afterwards the
 * full-text index is rebuilt and the sequences are moved past the imported keys.
 */
public final class Importer {
    private static final int BATCH = 500;

    private final Database database;
    private final TransferSql sql;
    private final BlobTarget blobs;
    private final Path tempDir;

    /**
     * @param tempDir where attachment contents are decoded before they go to the store
     */
    public Importer(Database database, BlobTarget blobs, Path tempDir) {
        this.database = database;
        this.sql = new TransferSql(database.engine());
        this.blobs = blobs;
        this.tempDir = tempDir;
    }

    /** What an import read. */
    public record Summary(String sourceEngine, String sourceSchema, int tables, long rows, long blobs, boolean replaced) {
    }

    /** The target holds data and {@code --force} was not given. */
    public static final class NotEmptyException extends IllegalStateException {
        NotEmptyException(String message) {
            super(message);
        }
    }

    /**
     * Imports the export read from {@code in}. A target holding anything but the default
     * categories is refused unless {@code force}, which replaces its contents.
     */
    public Summary importFrom(InputStream in, boolean force, Progress progress) throws IOException {
        PrivateFiles.createDirectories(tempDir);
        try (JsonParser parser = DumpFormat.MAPPER.createParser(in)) {
            JsonNode header = readHeader(parser);
            // the import's own transaction, not Database.write: a stream cannot be read twice on a retry
            try (Handle h = Jdbi.create(database.writeDataSource()).open()) {
                database.beginWrite(h);
                try {
                    Summary summary = importInto(h, parser, header, force, progress);
                    h.commit();
                    try {
                        TransferSql.analyze(h);
                    } catch (RuntimeException e) {
                        // statistics are an optimisation; the data is in
                    }
                    return summary;
                } catch (RuntimeException | IOException e) {
                    h.rollback();
                    throw e;
                }
            }
        }
    }

    private static JsonNode readHeader(JsonParser parser) throws IOException {
        JsonNode header;
        try {
            header = parser.nextToken() == JsonToken.START_OBJECT ? parser.readValueAsTree() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            header = null;
        }
        if (header == null || !DumpFormat.FORMAT.equals(header.path("format").asText())) {
            throw new IllegalArgumentException("not a Parley export (its first line must be a "
                    + "{\"format\":\"" + DumpFormat.FORMAT + "\",…} header)");
        }
        int version = header.path("version").asInt(-1);
        if (version != DumpFormat.VERSION) {
            throw new IllegalArgumentException("export format version " + version + " is not supported by this Parley"
                    + " (it reads version " + DumpFormat.VERSION + ")");
        }
        return header;
    }

    private Summary importInto(Handle h, JsonParser parser, JsonNode header, boolean force, Progress progress)
            throws IOException {
        String sourceSchema = header.path("schema").path("version").asText("0");
        String targetSchema = TransferSql.schemaVersion(h);
        if (MigrationVersion.fromVersion(sourceSchema).compareTo(MigrationVersion.fromVersion(targetSchema)) > 0) {
            throw new IllegalArgumentException("the export is from a newer Parley (schema version " + sourceSchema
                    + "); this Parley knows schema version " + targetSchema + ". Import with that version or newer.");
        }

        // the target's catalog, and an INSERT per exported table
        Set<String> targetTables = sql.tables(h);
        Map<String, Set<String>> refs = sql.references(h, targetTables);
        List<String> order = DumpFormat.dependencyOrder(refs);
        Map<String, Insert> inserts = new LinkedHashMap<>();
        long expectedRows = 0;
        for (JsonNode t : header.path("tables")) {
            String table = t.path("name").asText();
            if (!targetTables.contains(table) || DumpFormat.NOT_EXPORTED.contains(table)) {
                throw new IllegalArgumentException("the export has a table " + table + " that this Parley does not know"
                        + " (schema version " + targetSchema + ")");
            }
            Map<String, TransferSql.Column> known = new LinkedHashMap<>();
            for (TransferSql.Column c : sql.columns(h, table)) {
                known.put(c.name(), c);
            }
            List<TransferSql.Column> columns = new ArrayList<>();
            for (JsonNode name : t.path("columns")) {
                TransferSql.Column c = known.get(name.asText());
                if (c == null) {
                    throw new IllegalArgumentException("the export has a column " + table + "." + name.asText()
                            + " that this Parley does not know (schema version " + targetSchema + ")");
                }
                columns.add(c);
            }
            inserts.put(table, new Insert(table, columns));
            expectedRows += t.path("rows").asLong();
        }
        progress.total(expectedRows + header.path("blobs").asLong());

        boolean replaced = clearTarget(h, order, force);

        // the body: rows, then blobs, then the trailer
        Connection connection = h.getConnection();
        long rows = 0;
        long blobCount = 0;
        JsonNode trailer = null;
        Insert current = null;
        try {
            while (trailer == null) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    throw new IllegalArgumentException("the export ends early (no end line after " + rows
                            + " rows and " + blobCount + " files): it is truncated");
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("line " + parser.currentLocation().getLineNr() + ": expected a JSON object");
                }
                Line line = readLine(parser);
                if (line.table != null) {
                    Insert insert = inserts.get(line.table);
                    if (insert == null) {
                        throw new IllegalArgumentException("line " + parser.currentLocation().getLineNr()
                                + ": a row of " + line.table + ", which the header does not list");
                    }
                    if (current != insert) {
                        if (current != null) {
                            current.flush();
                        }
                        current = insert;
                        current.prepare(connection);
                    }
                    current.add(line.row);
                    rows++;
                } else if (line.blob != null) {
                    if (current != null) {
                        current.flush();
                        current = null;
                    }
                    blobs.put(h, line.blob, line.blobFile, line.blobSize);
                    Files.deleteIfExists(line.blobFile);
                    blobCount++;
                } else if (line.end) {
                    trailer = line.trailer;
                } else {
                    throw new IllegalArgumentException("line " + parser.currentLocation().getLineNr()
                            + ": neither a row, a file nor the end");
                }
                if (!line.end) {
                    progress.step();
                }
            }
            if (current != null) {
                current.flush();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("import failed at row " + (rows + 1) + (current == null ? "" : " (table " + current.table + ")")
                    + ": " + e.getMessage(), e);
        } finally {
            for (Insert insert : inserts.values()) {
                insert.close();
            }
        }
        if (trailer.path("rows").asLong(-1) != rows || trailer.path("blobs").asLong(-1) != blobCount) {
            throw new IllegalArgumentException("the export's end line counts " + trailer.path("rows") + " rows and "
                    + trailer.path("blobs") + " files, but " + rows + " rows and " + blobCount + " files were read");
        }

        SearchIndex.rebuild(h);
        // a customer's conversations go only to its members or employees, whatever the export held
        PreferencesRepository.dropIneligible(h, null);
        Map<String, Long> exported = new LinkedHashMap<>();
        for (JsonNode s : header.path("sequences")) {
            exported.put(s.path("table").asText() + "." + s.path("column").asText(), s.path("value").asLong());
        }
        for (TransferSql.Sequence s : sql.sequences(h)) {
            sql.advanceSequence(h, s.table(), s.column(), exported.getOrDefault(s.table() + "." + s.column(), 0L));
        }
        return new Summary(header.path("schema").path("engine").asText("?"), sourceSchema, inserts.size(), rows,
                blobCount, replaced);
    }

    /**
     * Empties the target before an import. A target with nothing but the default categories
     * Parley seeds at start counts as empty; anything else needs {@code force}.
     */
    private boolean clearTarget(Handle h, List<String> order, boolean force) {
        List<String> holding = new ArrayList<>();
        for (String table : order) {
            if (DumpFormat.SCHEMA_OWNED.contains(table)) {
                continue;
            }
            boolean any = h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM " + TransferSql.quote(table) + " LIMIT 1) x")
                    .mapTo(Integer.class).one() > 0;
            if (any && table.equals("categories")) {
                Set<String> defaults = CategoryRepository.DEFAULTS.stream().map(Category::name).collect(Collectors.toSet());
                any = h.createQuery("SELECT name FROM categories").mapTo(String.class).stream().anyMatch(n -> !defaults.contains(n));
            }
            if (any) {
                holding.add(table);
            }
        }
        if (!holding.isEmpty() && !force) {
            throw new NotEmptyException("the target database is not empty (rows in " + String.join(", ", holding)
                    + "); an import replaces everything in it, so it needs --force");
        }
        List<String> reverse = new ArrayList<>(order);
        java.util.Collections.reverse(reverse);
        for (String table : reverse) {
            if (!DumpFormat.SCHEMA_OWNED.contains(table)) {
                h.execute("DELETE FROM " + TransferSql.quote(table));
            }
        }
        return !holding.isEmpty();
    }

    /** One line of the body: a row, a blob (decoded to a temporary file) or the trailer. */
    private static final class Line {
        String table;
        JsonNode row;
        String blob;
        long blobSize = -1;
        Path blobFile;
        boolean end;
        JsonNode trailer;
    }

    private Line readLine(JsonParser parser) throws IOException {
        Line line = new Line();
        com.fasterxml.jackson.databind.node.ObjectNode trailer = DumpFormat.MAPPER.createObjectNode();
        String digest = null;
        long decoded = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "table" -> line.table = parser.getText();
                case "row" -> {
                    if (value != JsonToken.START_OBJECT) {
                        throw new IllegalArgumentException("line " + parser.currentLocation().getLineNr() + ": row must be an object");
                    }
                    line.row = parser.readValueAsTree();
                }
                case "blob" -> line.blob = parser.getText();
                case "size" -> line.blobSize = parser.getLongValue();
                case "data" -> {
                    line.blobFile = Files.createTempFile(tempDir, "import-", ".blob");
                    MessageDigest sha = sha256();
                    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(line.blobFile), sha)) {
                        // decoded as it is read: a blob is never whole in memory
                        decoded = parser.readBinaryValue(out);
                    }
                    digest = HexFormat.of().formatHex(sha.digest());
                }
                case "end" -> line.end = parser.getBooleanValue();
                default -> {
                    if (value.isScalarValue()) {
                        trailer.set(field, parser.readValueAsTree());
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
        line.trailer = trailer;
        if (line.blob != null) {
            if (line.blobFile == null || digest == null || !digest.equals(line.blob) || decoded != line.blobSize) {
                if (line.blobFile != null) {
                    Files.deleteIfExists(line.blobFile);
                }
                throw new IllegalArgumentException("line " + parser.currentLocation().getLineNr() + ": the contents of file "
                        + line.blob + " do not match its SHA-256 or size: the export is damaged");
            }
        }
        return line;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A batched INSERT into one table. */
    private static final class Insert implements AutoCloseable {
        final String table;
        final List<TransferSql.Column> columns;
        final String sql;
        PreparedStatement statement;
        int pending;

        Insert(String table, List<TransferSql.Column> columns) {
            this.table = table;
            this.columns = columns;
            this.sql = "INSERT INTO " + TransferSql.quote(table) + " ("
                    + columns.stream().map(c -> TransferSql.quote(c.name())).collect(Collectors.joining(", "))
                    + ") VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        }

        void prepare(Connection connection) throws SQLException {
            if (statement == null) {
                statement = connection.prepareStatement(sql);
            }
        }

        void add(JsonNode row) throws SQLException {
            var names = row.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (columns.stream().noneMatch(c -> c.name().equals(name))) {
                    throw new IllegalArgumentException("a row of " + table + " has a column " + name + " the header does not list");
                }
            }
            for (int i = 0; i < columns.size(); i++) {
                bind(i + 1, columns.get(i), row.get(columns.get(i).name()));
            }
            statement.addBatch();
            if (++pending >= BATCH) {
                flush();
            }
        }

        private void bind(int index, TransferSql.Column column, JsonNode value) throws SQLException {
            if (value == null || value.isNull()) {
                statement.setNull(index, column.kind().sqlType());
                return;
            }
            switch (column.kind()) {
                case BINARY -> {
                    try {
                        statement.setBytes(index, value.binaryValue());
                    } catch (IOException e) {
                        throw new IllegalArgumentException(table + "." + column.name() + ": not base64", e);
                    }
                }
                case INTEGER -> {
                    if (value.isIntegralNumber()) {
                        statement.setLong(index, value.longValue());
                    } else if (value.isBoolean()) {
                        statement.setLong(index, value.booleanValue() ? 1 : 0);
                    } else {
                        try {
                            statement.setLong(index, Long.parseLong(value.asText().strip()));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(table + "." + column.name() + ": not an integer: " + value);
                        }
                    }
                }
                case REAL -> statement.setDouble(index, value.asDouble());
                case BOOLEAN -> {
                    if (value.isBoolean()) {
                        statement.setBoolean(index, value.booleanValue());
                    } else if (value.isNumber()) {
                        statement.setBoolean(index, value.asLong() != 0);
                    } else {
                        String text = value.asText().strip().toLowerCase(java.util.Locale.ROOT);
                        statement.setBoolean(index, text.equals("true") || text.equals("t") || text.equals("1"));
                    }
                }
                case TEXT -> statement.setString(index, value.isTextual() ? value.textValue() : value.toString());
                case OTHER -> {
                    if (value.isIntegralNumber()) {
                        statement.setLong(index, value.longValue());
                    } else if (value.isNumber()) {
                        statement.setDouble(index, value.doubleValue());
                    } else if (value.isBoolean()) {
                        statement.setBoolean(index, value.booleanValue());
                    } else {
                        statement.setObject(index, value.asText(), java.sql.Types.OTHER);
                    }
                }
            }
        }

        void flush() throws SQLException {
            if (pending > 0) {
                statement.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() {
            if (statement != null) {
                try {
                    statement.close();
                } catch (SQLException ignored) {
                    // closing after success or failure alike
                }
                statement = null;
            }
        }
    }
}
