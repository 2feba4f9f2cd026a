package dev.parley.search;

import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationSearch;
import dev.parley.conversation.SearchCounts;
import dev.parley.events.ConversationChanges;
import dev.parley.events.EventLog;
import dev.parley.identity.Caller;
import dev.parley.storage.Database;
import dev.parley.storage.PrivateFiles;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.QueryCache;
import org.apache.lucene.search.QueryCachingPolicy;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The search index of a SQLite store: Apache Lucene, one document per conversation
 * ({@link ConversationDocuments}), in a directory beside the database file. It is derived
 * state: the event log tells it which conversations changed ({@link ConversationChanges}), one
 * thread re-reads them from the database and re-indexes them, and a search first waits until
 * every position this node has applied is indexed, so a write is searchable as soon as its
 * {@code ETag} is (read-your-writes holds as with the SQL index).
 *
 * <p>Indexing and refreshing are apart: changed conversations go into the writer as soon as
 * they are known, but a new reader (a refresh, which writes what the writer holds as a new
 * segment) opens only when a search waits for them, or a second after the last one. A refresh
 * costs about as much as indexing the changes itself and its small segment has to be merged
 * again; while nobody searches, a desk taking hundreds of messages a second paid that for each
 * few messages.
 *
 * <p>Crash-safe: each commit records the event position it contains; on start the index catches
 * up with the events after it, and is rebuilt from the database when it is missing, unreadable,
 * of another layout, ahead of the database (a restored backup) or holds another number of
 * conversations. While it is being built, searches are answered by the SQL index.
 */
public final class LuceneSearch implements ConversationSearch, ConversationChanges, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneSearch.class);
    /** The document layout; an index of another one is rebuilt. */
    static final String FORMAT = "4";
    private static final String POSITION = "position";
    private static final String LAYOUT = "format";
    private static final int BATCH = 500;
    /** Threads that make documents while a rebuild reads the next batches. */
    private static final int BUILD_THREADS = 2;
    private static final long COMMIT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** While nobody searches, indexed changes become searchable at least this often. */
    static final long REFRESH_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long WAIT_MILLIS = 10_000;
    /** Pages up to this many matches deep are answered here (the collector holds them all); deeper ones by SQL. */
    static final int MAX_DEPTH = 10_000;
    /** Up to this many conversations the index is built before Parley serves (a second or two); above, in the background. */
    private static final long BUILD_AT_START_LIMIT = 20_000;

    private final Database database;
    private final EventLog events;
    private final Path path;
    private Directory directory;
    private IndexWriter writer;
    private SearcherManager searchers;

    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Object progress = new Object();
    /** Every change up to this position is searchable; -1 until the index is open and current. */
    private volatile long indexed = -1;
    private volatile boolean catchUp;
    private volatile boolean running = true;
    private volatile boolean failed;
    /** The last cycle could not read the database; it is tried again, and searches do not wait meanwhile. */
    private volatile boolean retrying;
    /** Pauses between tries after a failed cycle: doubling from 1 s up to a minute. */
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long LAST_RETRY_MILLIS = 60_000;
    /** Why the index is built anew by the indexing thread (a large store), or null. */
    private volatile String pendingRebuild;
    private long committed;
    private long lastCommitNanos = System.nanoTime();
    /** Changes are in the writer that no reader shows yet (the indexing thread's own). */
    private boolean refreshPending;
    private long lastRefreshNanos = System.nanoTime();
    /** Searches waiting for positions not yet searchable; changed under {@link #progress}. */
    private volatile int waiting;
    private final AtomicLong refreshes = new AtomicLong();
    private final Thread thread;

    private static final QueryCachingPolicy CACHING_POLICY = new FilterCachingPolicy();
    private final QueryCache cache = FilterCache.create();

    /** The writer's buffer: small in a running server (its heap may be 256 MiB), larger offline. */
    private double bufferMb = 16;
    static final double OFFLINE_BUFFER_MB = 256;

    private LuceneSearch(Database database, EventLog events, Path path) {
        this.database = database;
        this.events = events;
        this.path = path;
        this.thread = new Thread(this::run, "parley-search-index");
        this.thread.setDaemon(true);
    }

    /** The index directory of a SQLite database file. */
    public static Path directoryOf(Path databaseFile) {
        return databaseFile.resolveSibling(databaseFile.getFileName() + ".search");
    }

    /** Opens (or builds, in the background) the index at {@code path} and follows {@code events}. */
    public static LuceneSearch start(Database database, EventLog events, Path path) {
        LuceneSearch search = new LuceneSearch(database, events, path);
        events.onConversationChanges(search); // before opening: no change between the two is missed
        try {
            search.open(false);
        } catch (IOException | RuntimeException e) {
            LOG.error("The search index at {} cannot be used ({}); the SQL index answers searches", path, e.toString());
            search.failed = true;
            search.closeIndex();
            return search;
        }
        search.thread.start();
        return search;
    }

    /**
     * Builds the index at {@code path} anew from the database, now (`parley admin reindex`, the
     * bench seeder): with a larger buffer than a running server's, and merged into one segment at
     * the end, as a search visits every segment (a running server's updates add small ones, which
     * its merges fold in again).
     */
    public static int rebuild(Database database, Path path) {
        LuceneSearch search = new LuceneSearch(database, null, path);
        search.bufferMb = Math.min(OFFLINE_BUFFER_MB, Runtime.getRuntime().maxMemory() / 4.0 / (1 << 20));
        try {
            search.open(true);
            long head = database.read(EventLog::lastPosition);
            return search.rebuildAll(head, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            search.closeIndex();
        }
    }

    // ---- searching

    @Override
    public Optional<Hits> find(Caller caller, ConversationRepository.ListQuery q) {
        if (indexed < 0 || q.skip() + q.limit() > MAX_DEPTH) {
            return Optional.empty(); // building, or a page very deep: the SQL index answers
        }
        if (!awaitIndexed(events.appliedPosition())) {
            if (!retrying) { // (a failed try was logged already)
                LOG.warn("The search index is more than {} s behind the event log; the SQL index answers", WAIT_MILLIS / 1000);
            }
            return Optional.empty();
        }
        IndexSearcher searcher;
        try {
            searcher = searchers.acquire();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        try {
            var query = SearchQueries.query(searcher.getIndexReader(), caller, q);
            int wanted = (int) Math.max(1, q.skip() + q.limit());
            if (SearchQueries.isDefaultOrder(q)) {
                // one hit more than the page: a tie at its end would show there too
                TopFieldDocs top = searcher.search(query,
                        new TopFieldCollectorManager(ConversationDocuments.DEFAULT_ORDER, wanted + 1, null, SearchCounts.CAP));
                if (!HitIds.hasTie(top.scoreDocs)) {
                    List<String> ids = HitIds.read(searcher.getIndexReader(), top.scoreDocs, (int) q.skip(), q.limit());
                    return Optional.of(new Hits(ids, SearchCounts.reported(top.totalHits.value)));
                }
            }
            TopFieldDocs top = searcher.search(query,
                    new TopFieldCollectorManager(SearchQueries.sort(q), wanted, null, SearchCounts.CAP));
            List<String> ids = new ArrayList<>(q.limit());
            for (int i = (int) q.skip(); i < top.scoreDocs.length && ids.size() < q.limit(); i++) {
                Object[] keys = ((FieldDoc) top.scoreDocs[i]).fields;
                ids.add(((BytesRef) keys[keys.length - 1]).utf8ToString());
            }
            return Optional.of(new Hits(ids, SearchCounts.reported(top.totalHits.value)));
        } catch (SearchQueries.Unanswerable | IndexSearcher.TooManyClauses e) {
            // a search Lucene cannot answer exactly, or of more words, alternatives or exclusions
            // than a Lucene query may hold (1,024 clauses, counted when it is built and again when
            // it runs): the SQL index answers
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                searchers.release(searcher);
            } catch (IOException ignored) {
                // releasing a reader only decrements its count
            }
        }
    }

    /** Waits until {@code position} is indexed; false after {@link #WAIT_MILLIS}, or at once while indexing fails. */
    private boolean awaitIndexed(long position) {
        if (indexed >= position) {
            return true;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        synchronized (progress) {
            waiting++; // the indexer refreshes at once while someone waits
            progress.notifyAll(); // wake the indexer: there is something to index or show
            try {
                while (indexed < position && !failed && !retrying) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        progress.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            } finally {
                waiting--;
            }
        }
        return indexed >= position;
    }

    /** Whether searches are answered here (the index is open and caught up once). */
    public boolean ready() {
        return indexed >= 0;
    }

    // ---- following the event log

    @Override
    public void changed(String conversationId) {
        dirty.add(conversationId);
    }

    @Override
    public void changedAll() {
        catchUp = true; // the events' conversations were not learned: read them from the log
    }

    private void run() {
        try {
            if (pendingRebuild != null) {
                build(pendingRebuild);
                pendingRebuild = null;
            }
            int failures = 0;
            while (running) {
                synchronized (progress) {
                    boolean idle = dirty.isEmpty() && !catchUp && !commitDue() && (refreshPending
                            ? waiting == 0 && !refreshDue()
                            : indexed >= events.appliedPosition());
                    if (running && idle) {
                        progress.wait(refreshPending ? millisUntilRefreshDue() : 1000);
                    }
                }
                if (!running) {
                    break;
                }
                try {
                    cycle();
                    if (failures > 0) {
                        LOG.info("Search index: indexing again after {} failed tries", failures);
                    }
                    failures = 0;
                    retrying = false;
                } catch (RuntimeException e) {
                    if (writer.getTragicException() != null) {
                        throw e; // the index itself is broken: nothing to retry (a restart rebuilds it)
                    }
                    // the database could not be read (busy, a fault): what changed is kept and read again
                    failures++;
                    retrying = true;
                    long pause = Math.min(LAST_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failures - 1, 6));
                    LOG.warn("Search index: could not index the changes ({}); trying again in {} s, the SQL index answers meanwhile",
                            e.toString(), pause / 1000);
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
                    synchronized (progress) {
                        progress.notifyAll(); // searches waiting for the index go to the SQL index
                        // the whole pause, though every search wakes this thread (only a stop ends it early)
                        for (long left = pause; running && left > 0; left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())) {
                            progress.wait(left);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("The search index stopped ({}); the SQL index answers searches until Parley restarts", e.toString());
            failed = true;
            indexed = -1;
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /**
     * Indexes what changed up to the position applied now; makes it searchable when a search
     * waits or the last refresh is a second old; commits now and then.
     */
    private void cycle() throws IOException {
        long target = events.appliedPosition();
        if (catchUp) {
            long from = Math.max(0, indexed);
            dirty.addAll(database.read(h -> IndexSource.changedAfter(h, from)));
            catchUp = false;
        }
        if (!dirty.isEmpty()) {
            List<String> ids = new ArrayList<>(dirty);
            dirty.removeAll(ids);
            try {
                reindex(ids);
            } catch (RuntimeException e) {
                dirty.addAll(ids); // indexed again on the next try (updating a document twice is harmless)
                throw e;
            }
            refreshPending = true;
        }
        if (refreshPending) {
            if (waiting == 0 && !refreshDue()) {
                return; // searchable later: the position stays where the last refresh left it
            }
            searchers.maybeRefreshBlocking();
            refreshes.incrementAndGet();
            refreshPending = false;
            lastRefreshNanos = System.nanoTime();
        }
        synchronized (progress) {
            indexed = Math.max(indexed, target);
            progress.notifyAll();
        }
        if (commitDue()) {
            commit(indexed);
        }
    }

    /** How many times indexed changes were made searchable since start (metrics). */
    public long refreshes() {
        return refreshes.get();
    }

    private boolean refreshDue() {
        return System.nanoTime() - lastRefreshNanos >= REFRESH_EVERY_NANOS;
    }

    private long millisUntilRefreshDue() {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(REFRESH_EVERY_NANOS - (System.nanoTime() - lastRefreshNanos)));
    }

    private boolean commitDue() {
        return indexed > committed && System.nanoTime() - lastCommitNanos > COMMIT_EVERY_NANOS;
    }

    /** Re-reads {@code ids} from the database: each is indexed anew, or removed when it no longer exists. */
    private void reindex(List<String> ids) throws IOException {
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            List<IndexedConversation> found = database.read(h -> IndexSource.read(h, batch));
            Set<String> present = ConcurrentHashMap.newKeySet();
            for (IndexedConversation c : found) {
                writer.updateDocument(ConversationDocuments.idTerm(c.conversationId()), ConversationDocuments.of(c));
                present.add(c.conversationId());
            }
            for (String id : batch) {
                if (!present.contains(id)) {
                    writer.deleteDocuments(ConversationDocuments.idTerm(id));
                }
            }
        }
    }

    // ---- opening, building, committing

    /** Opens the index; checks it against the database and catches up or rebuilds. */
    private void open(boolean fresh) throws IOException {
        PrivateFiles.createDirectories(path);
        try {
            openWriter(fresh);
        } catch (IOException | IllegalArgumentException unreadable) {
            LOG.warn("The search index at {} cannot be opened ({}); it is built anew", path, unreadable.toString());
            closeIndex();
            deleteContents();
            openWriter(true);
        }
        if (fresh) {
            return;
        }
        Map<String, String> data = new HashMap<>();
        var live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        long head = database.read(EventLog::lastPosition);
        long start = System.nanoTime();
        String reason = null;
        // (the log says "new" for an index that never committed: a first start, or a deleted directory)
        if (!FORMAT.equals(data.get(LAYOUT)) || data.get(POSITION) == null) {
            reason = data.isEmpty() ? "new" : "of another layout";
        } else if (Long.parseLong(data.get(POSITION)) > head) {
            reason = "ahead of the database (restored from a backup?)";
        }
        if (reason == null) {
            long position = Long.parseLong(data.get(POSITION));
            committed = position;
            indexed = -1;
            dirty.addAll(database.read(h -> IndexSource.changedAfter(h, position)));
            List<String> ids = new ArrayList<>(dirty);
            dirty.removeAll(ids);
            reindex(ids);
            searchers.maybeRefreshBlocking();
            long expected = database.read(IndexSource::conversationCount);
            int actual = numDocs();
            if (actual != expected) {
                reason = "holding " + actual + " of " + expected + " conversations";
            } else {
                markIndexed(Math.max(position, head));
                LOG.info("Search index: Lucene at {}, {} conversations, {} caught up in {} ms", path, actual, ids.size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                return;
            }
        }
        if (database.read(IndexSource::conversationCount) > BUILD_AT_START_LIMIT) {
            LOG.info("Search index: building the Lucene index at {} ({}); until it is ready the SQL index answers searches",
                    path, reason);
            pendingRebuild = reason;
        } else {
            build(reason);
        }
    }

    /** Builds the index anew and makes it current. */
    private void build(String reason) throws IOException {
        long start = System.nanoTime();
        long target = events.appliedPosition();
        int n = rebuildAll(target, false);
        markIndexed(target);
        LOG.info("Search index: built ({}), {} conversations in {} ms", reason, n,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private void markIndexed(long position) {
        synchronized (progress) {
            indexed = position;
            progress.notifyAll();
        }
    }

    private int numDocs() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return s.getIndexReader().numDocs();
        } finally {
            searchers.release(s);
        }
    }

    /**
     * Replaces the whole index with the database's conversations (merged into one segment with
     * {@code mergeToOne}); commits at {@code position}.
     * This thread reads batches while {@link #BUILD_THREADS} others turn them into documents (the
     * writer takes documents from several threads at once), at most two batches ahead each.
     */
    private int rebuildAll(long position, boolean mergeToOne) throws IOException {
        writer.deleteAll();
        int threads = Math.max(1, Math.min(BUILD_THREADS, Runtime.getRuntime().availableProcessors()));
        ExecutorService builders = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "parley-search-build");
            t.setDaemon(true);
            return t;
        });
        Semaphore ahead = new Semaphore(threads * 2);
        List<Future<Integer>> batches = new ArrayList<>();
        try {
            String after = null;
            while (true) {
                String last = after;
                List<String> ids = database.read(h -> IndexSource.idsAfter(h, last, BATCH));
                if (ids.isEmpty()) {
                    break;
                }
                List<IndexedConversation> read = database.read(h -> IndexSource.read(h, ids));
                ahead.acquireUninterruptibly();
                batches.add(builders.submit(() -> {
                    try {
                        for (IndexedConversation c : read) {
                            writer.addDocument(ConversationDocuments.of(c));
                        }
                        return read.size();
                    } finally {
                        ahead.release();
                    }
                }));
                after = ids.get(ids.size() - 1);
            }
            int n = 0;
            for (Future<Integer> batch : batches) {
                n += batch.get();
            }
            if (mergeToOne) {
                writer.forceMerge(1);
            }
            commit(position);
            searchers.maybeRefreshBlocking();
            return n;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the search index", e);
        } finally {
            builders.shutdownNow();
        }
    }

    private void commit(long position) throws IOException {
        writer.setLiveCommitData(commitData(position));
        writer.commit();
        committed = position;
        lastCommitNanos = System.nanoTime();
    }

    /** What a commit records: the event position the index holds everything up to, and its layout. */
    static Iterable<Map.Entry<String, String>> commitData(long position) {
        return Map.of(POSITION, Long.toString(position), LAYOUT, FORMAT).entrySet();
    }

    /**
     * The writer's settings: the analyzer, the index's order, its merges, the order its readers
     * visit segments in, the buffer; nothing committed by closing.
     */
    static IndexWriterConfig writerConfig(double bufferMb, boolean fresh) {
        return new IndexWriterConfig(new WordAnalyzer())
                .setIndexSort(ConversationDocuments.INDEX_ORDER)
                .setMergePolicy(new TailMergePolicy())
                .setLeafSorter(NewestSegmentsFirst.ORDER)
                .setRAMBufferSizeMB(bufferMb)
                .setCommitOnClose(false)
                .setOpenMode(fresh ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    }

    private void openWriter(boolean fresh) throws IOException {
        directory = new PrivateDirectory(FSDirectory.open(path));
        writer = new IndexWriter(directory, writerConfig(bufferMb, fresh));
        searchers = new SearcherManager(writer, new SearcherFactory() {
            @Override
            public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader, org.apache.lucene.index.IndexReader previous) {
                IndexSearcher searcher = new IndexSearcher(reader);
                searcher.setQueryCachingPolicy(CACHING_POLICY);
                searcher.setQueryCache(cache);
                return searcher;
            }
        });
    }

    private void deleteContents() throws IOException {
        try (Stream<Path> files = Files.list(path)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private void closeIndex() {
        try {
            if (searchers != null) {
                searchers.close();
            }
            if (writer != null) {
                writer.close();
            }
            if (directory != null) {
                directory.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Closing the search index: {}", e.toString());
        }
        searchers = null;
        writer = null;
        directory = null;
    }

    /** Stops following the log, commits what is indexed (the next start catches up from there) and closes. */
    @Override
    public void close() {
        running = false;
        synchronized (progress) {
            progress.notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The search index did not stop within 30 s; the next start catches up from its last commit");
            return;
        }
        try {
            if (writer != null && indexed > committed) {
                commit(indexed);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Committing the search index at stop: {}", e.toString());
        }
        closeIndex();
    }
}
