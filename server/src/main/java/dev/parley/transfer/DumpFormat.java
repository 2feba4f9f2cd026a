package dev.parley.transfer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The export format: JSON lines, UTF-8, one JSON object per line.
 *
 * <pre>
 * {"format":"parley-export","version":1,"exportedAt":"…","schema":{"version":"2","engine":"sqlite"},
 *  "tables":[{"name":"users","columns":["user_id",…],"rows":12},…],"blobs":3,
 *  "sequences":[{"table":"events","column":"position","value":57}]}
 * {"table":"users","row":{"user_id":"…","clear_name":"…",…}}
 * …                                                    every table's rows, parents before children
 * {"blob":"&lt;sha256&gt;","size":1234,"data":"&lt;base64&gt;"}   attachment contents, whatever store held them
 * {"end":true,"rows":345,"blobs":3}                    the trailer: a file without it is truncated
 * </pre>
 *
 * Binary column values are base64 strings; numbers are JSON numbers; booleans are 1 and 0 (SQLite
 * has no boolean type, and Parley's own flags are integers on both engines); SQL NULL is JSON null.
 * Derived data is not exported: the full-text index is rebuilt on import, the visibility rows
 * and counts follow the imported rows by trigger, Flyway's history is the target's own, and
 * {@code blob_contents} travels as blob lines (so it can land in either store).
 */
final class DumpFormat {
    static final String FORMAT = "parley-export";
    static final int VERSION = 1;

    /** Tables that are not exported as rows. */
    static final Set<String> NOT_EXPORTED = Set.of("flyway_schema_history", "identity_version", "search_index",
            "blob_contents", "conversation_viewers", "viewer_counts", "conversation_counts");

    /**
     * Tables the schema maintains itself (migrations, triggers): an import neither counts nor
     * empties them; the triggers follow the import's deletes and inserts.
     */
    static final Set<String> SCHEMA_OWNED = Set.of("flyway_schema_history", "identity_version",
            "conversation_viewers", "viewer_counts", "conversation_counts");

    /** Reads and writes lines of any length: a blob's base64 may exceed Jackson's default string limit. */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build());

    private DumpFormat() {
    }

    /** The tables in an order in which every table comes after the tables it refers to. */
    static List<String> dependencyOrder(Map<String, Set<String>> references) {
        List<String> order = new ArrayList<>();
        Set<String> done = new java.util.HashSet<>();
        while (order.size() < references.size()) {
            TreeSet<String> ready = new TreeSet<>();
            references.forEach((table, parents) -> {
                if (!done.contains(table) && references.keySet().stream()
                        .filter(parents::contains).allMatch(done::contains)) {
                    ready.add(table);
                }
            });
            if (ready.isEmpty()) {
                Set<String> rest = new TreeSet<>(references.keySet());
                rest.removeAll(done);
                throw new IllegalStateException("Foreign keys form a cycle among " + rest);
            }
            order.addAll(ready);
            done.addAll(ready);
        }
        return order;
    }
}
