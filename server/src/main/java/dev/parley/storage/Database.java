package dev.parley.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The store: a writer pool and a reader pool over one database (SQLite or PostgreSQL), checked
 * and migrated with Flyway on open.
 *
 * <p>PostgreSQL: one pool; writers of one conversation are serialised by row locks.
 *
 * <p>SQLite allows one writer at a time, so writes go through a single connection that starts
 * its transactions with {@code BEGIN IMMEDIATE} (no lock upgrades, no SQLITE_BUSY deadlocks),
 * with group commit: concurrent writes share one transaction and one fsync
 * ({@link GroupCommitWriter}); reads use a pool of read-only connections that WAL lets run
 * beside the writer.
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

    private Database(Engine engine, HikariDataSource writer, HikariDataSource reader, ReadReplica replica) {
        this.engine = engine;
        this.writer = writer;
        this.reader = reader;
        this.replica = replica;
        this.writeJdbi = Jdbi.create(writer).define(Engine.ATTRIBUTE, engine);
        this.readJdbi = Jdbi.create(reader).define(Engine.ATTRIBUTE, engine);
        this.groupCommit = engine == Engine.SQLITE ? new GroupCommitWriter(writeJdbi, "parley-writer") : null;
    }

    /** Opens the database at {@code jdbcUrl}, creating and migrating it as needed. */
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
        Engine engine = Engine.of(jdbcUrl);
        boolean withReplica = readReplicaUrl != null && !readReplicaUrl.isBlank();
        if (withReplica && (engine != Engine.POSTGRESQL || Engine.of(readReplicaUrl) != Engine.POSTGRESQL)) {
            throw new IllegalArgumentException("A read replica (--read-database-url) needs PostgreSQL for both "
                    + "--database-url and --read-database-url");
        }
        HikariDataSource writer;
        if (engine == Engine.SQLITE) {
            createParentDirectory(jdbcUrl);
            writer = new HikariDataSource(sqliteConfig(jdbcUrl, "parley-writer", 1, false));
        } else {
            writer = new HikariDataSource(postgresConfig(jdbcUrl, "parley", 16));
        }
        try {
            Migrations.check(writer, engine, migrate);
            // PostgreSQL: one pool serves reads and writes; row locks serialise writers per conversation
            HikariDataSource reader = engine == Engine.SQLITE
                    ? new HikariDataSource(sqliteConfig(jdbcUrl, "parley-reader", 8, true)) : writer;
            return new Database(engine, writer, reader, withReplica ? replica(readReplicaUrl) : null);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    private static HikariConfig postgresConfig(String url, String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(10_000);
        // a request waits for the database a bounded time, then fails cleanly
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", "parley");
        return config;
    }

    private static ReadReplica replica(String url) {
        HikariConfig config = postgresConfig(url, "parley-replica", 16);
        config.setReadOnly(true);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(2_000);
        config.setInitializationFailTimeout(-1); // start even while the replica is away
        return new ReadReplica(new HikariDataSource(config));
    }

    private static HikariConfig sqliteConfig(String url, String name, int size, boolean readOnly) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 2));
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("journal_mode", "WAL");
        // FULL: a commit is on disk before it is acknowledged.
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("foreign_keys", "true");
        if (!readOnly) {
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            // the readers refuse any write (SQLITE_READONLY): whatever writes goes through the writer
            config.setConnectionInitSql("PRAGMA query_only = 1");
        }
        return config;
    }

    private static void createParentDirectory(String jdbcUrl) {
        String path = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot create the data directory " + parent + ": " + e.getMessage(), e);
        }
    }

    public Engine engine() {
        return engine;
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
                return writeJdbi.inTransaction(work);
            } catch (org.jdbi.v3.core.statement.StatementException e) {
                if (attempt >= 3 || !Transients.isRetryable(e)) {
                    throw e;
                }
            }
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
        Jdbi jdbi = route == null ? readJdbi : route.jdbi();
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
    public java.util.Optional<ReadReplica.Counts> replicaCounts() {
        return java.util.Optional.ofNullable(replica).map(ReadReplica::counts);
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

    /** The SQLite group-commit writer (tests); null on PostgreSQL. */
    GroupCommitWriter groupCommit() {
        return groupCommit;
    }

    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close(); // before the pool: the batch in progress still commits
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
