package dev.parley.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * The store: a writer pool and a reader pool over one database (SQLite or PostgreSQL), checked
 * and migrated with Flyway on open.
 *
 * <p>PostgreSQL: one pool; writers of one conversation are serialised by row locks.
 *
 * <p>SQLite allows one writer at a time, so writes go through a single connection that starts
 * its transactions with {@code BEGIN IMMEDIATE} (no lock upgrades, no SQLITE_BUSY deadlocks;
 * {@link SqliteTransactions}), with group commit: concurrent writes share one transaction and one
 * fsync ({@link GroupCommitWriter}); reads use a pool of read-only connections that WAL lets run
 * beside the writer.
 *
 * <p>Waits for locks held by others (another process on the SQLite file, another session on
 * PostgreSQL) and, on PostgreSQL, statements are bounded by {@link DatabaseTimeouts}; a statement
 * that runs out fails with what {@link StorageFaults} calls {@code DATABASE_BUSY}.
 *
 * <p>With a {@link ReadReplica} (PostgreSQL only), a request's reads can be routed to the replica
 * by {@link #routeReads}; everything else reads from the primary.
 */
public final class Database implements AutoCloseable {
    private final Engine engine;
    private final HikariDataSource writer;
    private final HikariDataSource reader;
    private final Jdbi writeJdbi;
    private final Jdbi readJdbi;
    private final ReadReplica replica;
    private final GroupCommitWriter groupCommit; // SQLite only
    private final CommitNotices.Sender noticeSender; // PostgreSQL only
    private final DatabaseTimeouts timeouts;
    private final boolean flywayRan;
    private volatile CommitWatch commitWatch; // null until a feature asks

    private Database(Engine engine, HikariDataSource writer, HikariDataSource reader, ReadReplica replica,
                     DatabaseTimeouts timeouts, boolean flywayRan) {
        this.engine = engine;
        this.flywayRan = flywayRan;
        this.timeouts = timeouts;
        this.writer = writer;
        this.reader = reader;
        this.replica = replica;
        this.writeJdbi = Jdbi.create(writer).define(Engine.ATTRIBUTE, engine);
        this.readJdbi = Jdbi.create(reader).define(Engine.ATTRIBUTE, engine);
        if (engine == Engine.SQLITE) { // pgjdbc keeps its prepared statements itself
            SqliteStatementCache statements = new SqliteStatementCache();
            writeJdbi.setStatementBuilderFactory(statements);
            readJdbi.setStatementBuilderFactory(statements);
        }
        this.groupCommit = engine == Engine.SQLITE
                ? new GroupCommitWriter(writeJdbi, "parley-writer", timeouts.lockWaitMillis()) : null;
        this.noticeSender = engine == Engine.POSTGRESQL ? new CommitNotices.Sender(writeJdbi) : null;
    }

    /**
     * Opens the database at {@code jdbcUrl}, creating and migrating it as needed, with the
     * timeouts of admin commands ({@link DatabaseTimeouts#ADMIN}).
     */
    public static Database open(String jdbcUrl) {
        return open(jdbcUrl, true);
    }

    /**
     * Opens the database; with {@code migrate}, applies pending migrations first. Either way a
     * schema newer than this build (migrated by a newer Parley) is refused with a clear message.
     */
    public static Database open(String jdbcUrl, boolean migrate) {
        return open(jdbcUrl, migrate, null);
    }

    /**
     * Opens the database as {@link #open(String, boolean)}, with {@code readReplicaUrl} (may be
     * null) as a PostgreSQL streaming replica for reads. The replica may be down at start: reads
     * then go to the primary until it answers.
     */
    public static Database open(String jdbcUrl, boolean migrate, String readReplicaUrl) {
        return open(jdbcUrl, migrate, readReplicaUrl, DatabaseTimeouts.ADMIN);
    }

    /** Opens the database as {@link #open(String, boolean, String)}, waiting on the database as {@code timeouts} say. */
    public static Database open(String jdbcUrl, boolean migrate, String readReplicaUrl, DatabaseTimeouts timeouts) {
        Engine engine = Engine.of(jdbcUrl);
        boolean withReplica = readReplicaUrl != null && !readReplicaUrl.isBlank();
        if (withReplica && (engine != Engine.POSTGRESQL || Engine.of(readReplicaUrl) != Engine.POSTGRESQL)) {
            throw new IllegalArgumentException("A read replica (--read-database-url) needs PostgreSQL for both "
                    + "--database-url and --read-database-url");
        }
        HikariDataSource writer;
        if (engine == Engine.SQLITE) {
            createPrivateFile(jdbcUrl);
            writer = new HikariDataSource(sqliteConfig(jdbcUrl, "parley-writer", 1, timeouts, false));
        } else {
            writer = new HikariDataSource(postgresConfig(jdbcUrl, "parley", 16, timeouts));
        }
        try {
            boolean flywayRan = Migrations.check(writer, jdbcUrl, engine, migrate);
            // PostgreSQL: one pool serves reads and writes; row locks serialise writers per conversation
            HikariDataSource reader = engine == Engine.SQLITE
                    ? new HikariDataSource(sqliteConfig(jdbcUrl, "parley-reader", 8, timeouts, true)) : writer;
            return new Database(engine, writer, reader, withReplica ? replica(readReplicaUrl, timeouts) : null,
                    timeouts, flywayRan);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    private static HikariConfig postgresConfig(String url, String name, int size, DatabaseTimeouts timeouts) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(10_000);
        // waits for another session's lock and runaway statements end with an error the server
        // sends (55P03, 57014) on a connection that stays usable; set per session rather than in
        // the URL's options, which a URL of the operator's own would replace
        // jit off: compiling a query the planner thinks costly (a search's walk over a customer's
        // conversations) cost more than it saved: a frequent prefix's search at 1M took 45 ms
        // with it and 29 ms without; Parley's statements are short and many
        config.setConnectionInitSql("SET lock_timeout = " + timeouts.lockWaitMillis()
                + "; SET statement_timeout = " + timeouts.statementMillis() + "; SET jit = off");
        // the last resort when the server does not answer at all (a network cut): after the
        // server-side timeouts above have had their chance
        long serverSide = Math.max(timeouts.lockWaitMillis(), timeouts.statementMillis());
        config.addDataSourceProperty("socketTimeout", String.valueOf(Math.max(30, serverSide / 1000 + 10)));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "parley");
        return config;
    }

    private static ReadReplica replica(String url, DatabaseTimeouts timeouts) {
        HikariConfig config = postgresConfig(url, "parley-replica", 16, timeouts);
        config.setReadOnly(true);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(2_000);
        config.setInitializationFailTimeout(-1); // start even while the replica is away
        return new ReadReplica(new HikariDataSource(config));
    }

    /**
     * The single writer's page cache. SQLite's default (2 MiB) holds little of what the writer
     * touches in a large store (each message: the conversation's row, its list indexes and its
     * viewers' rows, scattered over the file); with 64 MiB a batch finds more of its pages still
     * there from the batches before (the cache stays valid between transactions: no other
     * connection writes) instead of reading and parsing them again.
     */
    static final int WRITER_CACHE_KIB = 64 * 1024;

    private static HikariConfig sqliteConfig(String url, String name, int size, DatabaseTimeouts timeouts,
                                             boolean readOnly) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 2));
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("journal_mode", "WAL");
        // FULL: a commit is on disk before it is acknowledged.
        config.addDataSourceProperty("synchronous", "FULL");
        // another process holding the lock (a DB browser, a script): wait this long, then SQLITE_BUSY
        config.addDataSourceProperty("busy_timeout", String.valueOf(timeouts.lockWaitMillis()));
        config.addDataSourceProperty("foreign_keys", "true");
        // transaction_mode stays DEFERRED: write transactions begin IMMEDIATE through beginWrite
        if (readOnly) {
            // the readers refuse any write (SQLITE_READONLY): whatever writes goes through the writer
            config.setConnectionInitSql("PRAGMA query_only = 1");
        } else {
            config.addDataSourceProperty("cache_size", String.valueOf(-WRITER_CACHE_KIB));
            // each queued write runs in its own SAVEPOINT (GroupCommitWriter), and SQLite keeps the
            // first image of every page a savepoint changes in a sub-journal: in a temporary file
            // once it passes 64 KiB, which a message's write does (its viewers' rows and the list
            // indexes). In memory it is never written: it is dropped at the savepoint's release.
            config.addDataSourceProperty("temp_store", "MEMORY");
        }
        return config;
    }

    /**
     * Creates the SQLite database file, empty, {@code 0600} (and its directory {@code 0700}) before
     * SQLite opens it: SQLite creates {@code -wal}, {@code -shm} and {@code -journal} with the
     * permissions of the database file, so they are private from the start as well.
     */
    private static void createPrivateFile(String jdbcUrl) {
        StoreLock.sqliteFile(jdbcUrl).ifPresent(file -> {
            try {
                PrivateFiles.createDirectories(file.getParent());
                PrivateFiles.createFile(file);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Cannot create the database file " + file + ": " + e.getMessage(), e);
            }
        });
    }

    public Engine engine() {
        return engine;
    }

    /** Whether opening ran Flyway; false when the schema was already current (tests, start-time checks). */
    public boolean flywayRan() {
        return flywayRan;
    }

    /**
     * Runs {@code work} in one write transaction and returns once it is committed. On PostgreSQL
     * a transaction that lost a race (serialization failure, deadlock, a random shortId taken
     * meanwhile) is run again, up to three times; {@code work} must therefore have no effects
     * outside the transaction.
     *
     * <p>On SQLite {@code work} runs on the writer thread, inside a savepoint of a transaction it
     * may share with other callers' work ({@link GroupCommitWriter}): it must not depend on the
     * calling thread (thread-locals), nor call {@code write} itself.
     */
    public <R, X extends Exception> R write(HandleCallback<R, X> work) throws X {
        if (groupCommit != null) {
            return groupCommit.write(work);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return writeOnce(work);
            } catch (org.jdbi.v3.core.statement.StatementException e) {
                if (attempt >= 3 || !Transients.isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    /**
     * One PostgreSQL write transaction: the work, the watched value, the commit, then the
     * notifications the work asked for handed to the sender ({@link CommitNotices}: after the
     * commit, not inside it).
     */
    private <R, X extends Exception> R writeOnce(HandleCallback<R, X> work) throws X {
        CommitWatch watch = commitWatch;
        List<CommitNotices.Notice> notices = new ArrayList<>(2);
        List<CommitNotices.Notice> outer = CommitNotices.collect(notices);
        try {
            long[] watched = new long[1];
            R result = writeJdbi.inTransaction(h -> {
                R r = work.withHandle(h);
                if (watch != null) {
                    watched[0] = watch.beforeCommit(h);
                }
                return r;
            });
            if (watch != null) {
                watch.committed(watched[0]); // committed: before the writer is answered
            }
            if (!notices.isEmpty()) {
                noticeSender.committed(notices);
            }
            return result;
        } finally {
            CommitNotices.restore(outer);
        }
    }

    /**
     * Begins a write transaction on a handle of {@link #writeDataSource()} (bulk tools that run
     * their own transaction): on SQLite {@code BEGIN IMMEDIATE} within the lock timeout.
     */
    public void beginWrite(Handle h) {
        if (engine == Engine.SQLITE) {
            SqliteTransactions.beginImmediate(h, timeouts.lockWaitMillis());
        } else {
            h.begin();
        }
    }

    /**
     * Reads {@code watch}'s value in every transaction {@link #write} commits from now on, just
     * before the commit, and tells it the value after the commit succeeded, before the writer is
     * answered. Transactions of {@link #beginWrite} (bulk tools) are not watched.
     */
    public void watchCommits(CommitWatch watch) {
        this.commitWatch = watch;
        if (groupCommit != null) {
            groupCommit.watch(watch);
        }
    }

    /** The raw data source of the writer pool (listeners, bulk tools). */
    public javax.sql.DataSource writeDataSource() {
        return writer;
    }

    /**
     * Runs {@code work} on a read connection (each statement sees committed data): the primary's
     * reader, or the replica while this thread is inside a {@link ReadRoute} that chose it.
     */
    public <R, X extends Exception> R read(HandleCallback<R, X> work) throws X {
        ReadRoute route = ReadRoute.CURRENT.get();
        return readOn(route == null ? readJdbi : route.jdbi(), work);
    }

    /** Runs {@code work} on the primary's reader whatever this thread's route: for state that must not lag. */
    public <R, X extends Exception> R readPrimary(HandleCallback<R, X> work) throws X {
        return readOn(readJdbi, work);
    }

    private static <R, X extends Exception> R readOn(Jdbi jdbi, HandleCallback<R, X> work) throws X {
        try {
            return jdbi.withHandle(work);
        } catch (org.jdbi.v3.core.JdbiException e) {
            // a pooled connection the server has ended (restart, pg_terminate_backend) fails on its
            // next use; reads have no effects, so one more try on a fresh connection is safe
            if (!StorageFaults.isConnectionLost(e)) {
                throw e;
            }
            return jdbi.withHandle(work);
        }
    }

    /**
     * Routes this thread's reads until the returned route is closed: to the replica when one is
     * configured and has applied event {@code requiredPosition} (0: any state will do), otherwise
     * to the primary.
     */
    public ReadRoute routeReads(long requiredPosition) {
        if (replica == null) {
            return new ReadRoute(readJdbi, false);
        }
        if (replica.hasApplied(requiredPosition)) {
            replica.countReplica();
            return new ReadRoute(replica.jdbi(), true);
        }
        replica.countPrimary();
        return new ReadRoute(readJdbi, false);
    }

    /** Routes this thread's reads to the primary until the returned route is closed. */
    public ReadRoute routeReadsToPrimary(Exception replicaFailure) {
        if (replica != null) {
            if (replicaFailure != null) {
                replica.unavailable(replicaFailure);
            }
            replica.countPrimary();
        }
        return new ReadRoute(readJdbi, false);
    }

    /** The read replica's routing counts, when one is configured. */
    public Optional<ReadReplica.Counts> replicaCounts() {
        return Optional.ofNullable(replica).map(ReadReplica::counts);
    }

    public Handle openReadHandle() {
        return readJdbi.open();
    }

    /**
     * Hands every statement run through this store's Jdbi handles (reads and writes; not the raw
     * JDBC of the rate limiter and the event listener) to {@code logger}, from the next handle
     * on. Tests count statements with it.
     */
    public void setSqlLogger(org.jdbi.v3.core.statement.SqlLogger logger) {
        writeJdbi.setSqlLogger(logger);
        readJdbi.setSqlLogger(logger);
    }

    /** The connection pools (writer, and the readers when apart) for their metrics. */
    public List<HikariDataSource> pools() {
        return reader == writer ? List.of(writer) : List.of(writer, reader);
    }

    /** SQLite: {@code listener} is told the size of every group-commit batch; PostgreSQL has none. */
    public void onGroupCommitBatch(IntConsumer listener) {
        if (groupCommit != null) {
            groupCommit.onBatch(listener);
        }
    }

    /** The SQLite group-commit writer (tests); null on PostgreSQL. */
    GroupCommitWriter groupCommit() {
        return groupCommit;
    }

    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close(); // before the pool: the batch in progress still commits
        }
        if (noticeSender != null) {
            noticeSender.close(); // before the pool: committed writes' notices still go out
        }
        if (replica != null) {
            replica.close();
        }
        if (reader != writer) {
            reader.close();
        }
        writer.close();
    }
}
