package dev.parley.bench.seed;

import dev.parley.search.IndexBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands the generated conversations to a SQLite store's search index on threads of their own,
 * while the database writer stores them on another: the index is built beside the load instead
 * of reading everything back afterwards. Making the documents costs more CPU than the writer
 * uses (its keys: prefixes and runs of words), so two threads share it and take what the
 * writer leaves of two cores.
 */
final class SearchIndexFeed implements AutoCloseable {
    private static final List<SyntheticConversation> END = List.of();
    private static final int THREADS = 2;

    private final IndexBuilder index;
    private final Directory directory;
    private final BlockingQueue<List<SyntheticConversation>> queue = new ArrayBlockingQueue<>(8);
    private final List<Thread> threads = new ArrayList<>();
    private volatile Throwable failure;

    SearchIndexFeed(IndexBuilder index, Directory directory) {
        this.index = index;
        this.directory = directory;
        for (int i = 0; i < THREADS; i++) {
            Thread thread = new Thread(this::run, "seed-search-index-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /** Queues a batch (waits while the index is 8 batches behind). */
    void accept(List<SyntheticConversation> batch) throws InterruptedException {
        if (failure != null) {
            throw new IllegalStateException("building the search index failed: " + failure, failure);
        }
        queue.put(batch);
    }

    /** Waits until every batch queued is in the index. */
    void drain() throws InterruptedException {
        for (Thread thread : threads) {
            queue.put(END); // one for each
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure != null) {
            throw new IllegalStateException("building the search index failed: " + failure, failure);
        }
    }

    private void run() {
        try {
            for (List<SyntheticConversation> batch; (batch = queue.take()) != END; ) {
                for (SyntheticConversation c : batch) {
                    add(c);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
            queue.clear(); // the producer may be waiting for room
        }
    }

    /** As the server's index reads it from the stored rows: messages with content, in timeline order. */
    private void add(SyntheticConversation c) {
        List<String> messages = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (SyntheticConversation.Entry e : c.entries) {
            if (e.indexed()) {
                (e.internal() ? notes : messages).add(e.content());
            }
        }
        index.add(c.id, c.shortId, c.title, c.status, c.createdAt, c.sortAt(), directory.userId(c.createdBy),
                directory.userId(c.mainUser), c.sharedAggregate, c.sharedId, messages, notes);
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
    }
}
