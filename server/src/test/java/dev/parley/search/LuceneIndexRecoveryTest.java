package dev.parley.search;

import dev.parley.testing.CliCapture;
import dev.parley.storage.StoreLock;
import dev.parley.testing.ApiClient;
import dev.parley.testing.TestDatabase;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lucene index is derived state and recovers from whatever happened to it while Parley was
 * stopped: an index left behind the database (a crash after writes it had not committed) is
 * caught up from the event log; a deleted, corrupted or foreign index is rebuilt; and a write is
 * searchable the moment its response arrived (read-your-writes), many times in a row.
 */
class LuceneIndexRecoveryTest {
    private TestServer server;
    private ApiClient api;
    private String owner;

    @BeforeEach
    void start() {
        Assumptions.assumeFalse(TestDatabase.isPostgresql(), "the Lucene index is the SQLite store's");
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Starts Parley again on the same store (a new port). */
    private void restart() {
        server.restart();
        api = server.client();
    }

    private Path index() {
        return LuceneSearch.directoryOf(StoreLock.sqliteFile(server.databaseUrl()).orElseThrow());
    }

    private static String word() {
        return UniqueWords.next('w');
    }

    private String create(String word) {
        return api.newConversation(owner, Map.of("title", "Question " + word, "messageContent", "About " + word));
    }

    private List<String> search(String text) {
        return api.listConversations(owner, "fullTextSearch=" + text).assertStatus(200).json().findValuesAsText("conversationId");
    }

    @Test
    void anIndexLeftBehindTheDatabaseCatchesUpFromTheEventLog() throws IOException {
        String early = word();
        String earlyId = create(early);
        server.parley().close(); // commits the index with the position it holds
        Path saved = Files.createTempDirectory("parley-index-copy");
        copy(index(), saved);
        restart();
        String late = word();
        String lateId = create(late);
        String edited = word();
        api.createMessage(owner, earlyId, Map.of("messageContent", "Now also " + edited)).assertStatus(201);
        server.parley().close();
        // as after a crash: the index on disk is the older one, without the last writes
        replace(index(), saved);
        restart();
        assertThat(search(early)).containsExactly(earlyId);
        assertThat(search(late)).containsExactly(lateId);
        assertThat(search(edited)).containsExactly(earlyId);
    }

    @Test
    void aDeletedCorruptedOrForeignIndexIsRebuilt() throws IOException {
        String first = word();
        String id = create(first);
        server.parley().close();
        deleteTree(index());
        restart();
        assertThat(search(first)).containsExactly(id);

        server.parley().close();
        try (Stream<Path> files = Files.list(index())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("segments")).toList()) {
                Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }
        }
        restart();
        assertThat(search(first)).containsExactly(id);

        // the index of another store (ahead of this database, other conversations) is not used
        TestServer other = TestServer.startDemo();
        Path otherIndex;
        try {
            for (int i = 0; i < 30; i++) {
                other.client().newConversation(other.user("customer-owner").token(), Map.of("title", "Other " + i));
            }
            other.parley().close();
            otherIndex = Files.createTempDirectory("parley-index-other");
            copy(LuceneSearch.directoryOf(StoreLock.sqliteFile(other.databaseUrl()).orElseThrow()), otherIndex);
            other.restart(); // so that close() has a running Parley to stop
        } finally {
            other.close();
        }
        server.parley().close();
        replace(index(), otherIndex);
        restart();
        assertThat(search(first)).containsExactly(id);
        assertThat(search("Other")).isEmpty();
    }

    @Test
    void aWriteIsSearchableAsSoonAsItsResponseArrived() {
        for (int i = 0; i < 40; i++) {
            String w = word();
            String id = create(w);
            assertThat(search(w)).as("round %d", i).containsExactly(id);
            String reply = word();
            api.createMessage(owner, id, Map.of("messageContent", reply)).assertStatus(201);
            assertThat(search(reply)).as("reply, round %d", i).containsExactly(id);
        }
    }

    /**
     * The database cannot be read while a change is being indexed (here: a table the indexer reads
     * is renamed away by another connection, the write itself did not need it). The indexer tries
     * again until it can, and then the change is searchable through the index: the conversation's
     * rows of the SQL index are deleted, so only the Lucene index can find the new title.
     */
    @Test
    void aDatabaseThatCannotBeReadWhileIndexingIsTriedAgain() throws Exception {
        String id = create(word());
        String renamed = word();
        sql("ALTER TABLE timeline_entries RENAME TO timeline_entries_away");
        try {
            // a title change writes the conversation, its SQL search row and an event, not the timeline
            api.updateConversation(owner, id, Map.of("title", "Renamed " + renamed)).assertStatus(200);
            sql("DELETE FROM search_index WHERE conversation_id = ?", id);
            Thread.sleep(1_500); // at least one failed try
        } finally {
            sql("ALTER TABLE timeline_entries_away RENAME TO timeline_entries");
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        List<String> found = search(renamed);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = search(renamed);
        }
        assertThat(found).as("found through the Lucene index once it could read again").containsExactly(id);
        String later = word();
        assertThat(search(later)).isEmpty();
        assertThat(create(later)).isEqualTo(search(later).get(0)); // and it keeps up, read-your-writes
    }

    private void sql(String statement, Object... args) {
        try (dev.parley.storage.Database db = dev.parley.storage.Database.open(server.databaseUrl(), false)) {
            db.write(h -> h.execute(statement, args));
        }
    }

    @Test
    void adminReindexBuildsTheIndexFromTheDatabase() throws IOException {
        String w = word();
        String id = create(w);
        server.parley().close();
        deleteTree(index());
        CliCapture.Result r = CliCapture.run(List.of("admin", "reindex", "--data-dir", server.dataDir().toString(),
                "--database-url", server.databaseUrl()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Full-text rows rebuilt").containsPattern("Lucene index rebuilt: \\d+ conversations");
        assertThat(Files.exists(index().resolve("write.lock")) || Files.list(index()).findAny().isPresent()).isTrue();
        restart();
        assertThat(search(w)).containsExactly(id);
    }

    @Test
    void withSearchIndexDatabaseNoLuceneIndexIsKeptAndSearchStillWorks() {
        TestServer plain = TestServer.start(b -> b.luceneSearch(false));
        try {
            ApiClient client = plain.client();
            String token = plain.user("customer-owner").token();
            String w = word();
            String id = client.newConversation(token, Map.of("title", "Question " + w));
            assertThat(client.listConversations(token, "fullTextSearch=" + w).assertStatus(200).json()
                    .findValuesAsText("conversationId")).containsExactly(id);
            assertThat(LuceneSearch.directoryOf(StoreLock.sqliteFile(plain.databaseUrl()).orElseThrow())).doesNotExist();
        } finally {
            plain.close();
        }
    }

    private static void replace(Path target, Path source) throws IOException {
        deleteTree(target);
        copy(source, target);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().equals("write.lock")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
