package dev.parley.search;

import dev.parley.storage.PrivateFiles;
import org.apache.lucene.index.IndexWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds a SQLite store's search index from conversations handed to it, for a writer that has
 * them in memory as it stores them (the bench seeder): the same documents and layout as
 * {@link LuceneSearch#rebuild}, without reading a million conversations back from the database.
 * Nothing is committed until {@link #finish}: an index left unfinished is built anew by the
 * server that opens it, as is one that does not match its database's event log.
 */
public final class IndexBuilder implements AutoCloseable {
    private final IndexWriter writer;
    private boolean finished;

    private IndexBuilder(IndexWriter writer) {
        this.writer = writer;
    }

    /** A new, empty index for the SQLite database file {@code databaseFile} (replacing any there). */
    public static IndexBuilder create(Path databaseFile) {
        Path path = LuceneSearch.directoryOf(databaseFile);
        double bufferMb = Math.min(LuceneSearch.OFFLINE_BUFFER_MB, Runtime.getRuntime().maxMemory() / 4.0 / (1 << 20));
        try {
            PrivateFiles.createDirectories(path);
            return new IndexBuilder(new IndexWriter(new PrivateDirectory(org.apache.lucene.store.FSDirectory.open(path)),
                    LuceneSearch.writerConfig(bufferMb, true)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds one conversation as stored: its row's fields and the contents of its messages in
     * timeline order, those customers see and the staff notes apart. May be called from several
     * threads.
     */
    public void add(String conversationId, String shortId, String title, String status, long createdAt, long sortAt,
                    String createdBy, String mainUserId, String sharedAggregate, String sharedId,
                    List<String> messages, List<String> notes) {
        try {
            writer.addDocument(ConversationDocuments.of(new IndexedConversation(conversationId, shortId, title, status,
                    createdAt, sortAt, createdBy, mainUserId, sharedAggregate, sharedId, messages, notes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Merges the index into one segment (a search visits every segment). Takes a while at a
     * million conversations, with one core: it may run beside the database's last steps.
     */
    public void merge() {
        try {
            writer.forceMerge(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Merges the index into one segment, if {@link #merge} has not, and commits it as holding
     * everything up to the event log's {@code position}.
     */
    public void finish(long position) {
        try {
            writer.forceMerge(1); // nothing left to do after merge()
            writer.setLiveCommitData(LuceneSearch.commitData(position));
            writer.commit();
            finished = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (!finished) {
                writer.rollback(); // closes without committing
            } else {
                writer.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
