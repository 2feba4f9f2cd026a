package dev.parley.storage;

import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQLite writer's connection keeps its pages and its savepoint journals in memory (see
 * {@link Database}'s {@code WRITER_CACHE_KIB}): read back from a running Parley's own writer.
 * The readers keep SQLite's defaults (a page cache each, eight of them).
 */
class WriterConnectionSettingsTest {

    @Test
    void theWriterKeepsItsPagesAndJournalsInMemoryTheReadersKeepTheDefaults() {
        Assumptions.assumeFalse(TestDatabase.isPostgresql(), "SQLite run only");
        try (TestServer server = TestServer.startDemo()) {
            Database db = server.parley().database();
            long writerCache = db.write(h -> h.createQuery("PRAGMA cache_size").mapTo(Long.class).one());
            int writerTempStore = db.write(h -> h.createQuery("PRAGMA temp_store").mapTo(Integer.class).one());
            long readerCache = db.read(h -> h.createQuery("PRAGMA cache_size").mapTo(Long.class).one());
            int readerTempStore = db.read(h -> h.createQuery("PRAGMA temp_store").mapTo(Integer.class).one());
            // negative: KiB rather than pages
            assertThat(writerCache).isEqualTo(-Database.WRITER_CACHE_KIB);
            // 2 = MEMORY: statement and savepoint journals are never written to a file
            assertThat(writerTempStore).isEqualTo(2);
            assertThat(readerCache).isEqualTo(-2000);
            assertThat(readerTempStore).isZero();
        }
    }
}
