package dev.parley.bench.seed;

import java.util.List;
import java.util.Map;

/**
 * Writes a seeded store in bulk, bypassing the server's one-transaction-per-request path but
 * producing the same rows. Calls come in this order: {@link #prepare}, {@link #directory},
 * {@link #conversations} (many times, from one thread), {@link #events}, {@link #finish};
 * {@link #close} always. Until {@link #finish} returns nothing is committed.
 */
interface BulkWriter extends AutoCloseable {

    /**
     * Migrates the schema, refuses a store that already holds users or conversations, tunes the
     * connection for loading and takes secondary indexes out of the way. Returns the categories
     * already there (name to id; a Parley started on the store has created its defaults).
     */
    Map<String, String> prepare() throws Exception;

    void directory(Directory directory) throws Exception;

    void conversations(List<SyntheticConversation> batch, Directory directory) throws Exception;

    void events(EventBuffer events, String[] conversationIds, Directory directory) throws Exception;

    /** Puts the indexes back, updates statistics, commits and restores the settings. */
    void finish(Phases phases) throws Exception;

    @Override
    void close() throws Exception;
}
