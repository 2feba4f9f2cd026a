package dev.parley.identity;

import dev.parley.Platform;
import dev.parley.events.Signals;
import dev.parley.storage.CommitWatch;
import dev.parley.storage.Database;
import dev.parley.storage.Engine;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * How a node learns that {@code identity_version} rose, without reading it per request:
 * <ul>
 *   <li>its own writes: every write transaction reads the counter just before it commits and
 *       reports it once committed, before the writer is answered (no window);</li>
 *   <li>PostgreSQL: the triggers send the new value on {@link #CHANNEL} (V18), heard through
 *       {@link Signals}; the counter is read again when the listening connection was
 *       (re)established and with the listener's poll about every second (at most ~1 s late
 *       when notifications are lost);</li>
 *   <li>SQLite: another process on the file ({@code parley admin}) is seen by a read every
 *       {@link #SQLITE_POLL} on the background scheduler.</li>
 * </ul>
 */
public final class IdentityChanges {
    /** The notification channel of the PostgreSQL trigger (V18); the payload is the new version. */
    public static final String CHANNEL = "parley_identity";
    static final Duration SQLITE_POLL = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(IdentityChanges.class);

    private IdentityChanges() {
    }

    /** Installs every way the platform's node learns of identity changes. */
    public static void install(Platform platform) {
        Database database = platform.database();
        IdentityVersion versions = platform.identityVersion();
        followWrites(database, versions);
        Runnable reread = () -> versions.seen(database.readPrimary(IdentityVersion::read));
        if (database.engine() == Engine.POSTGRESQL) {
            platform.signals().on(CHANNEL, new Notices(versions, reread));
            platform.signals().everyPoll(() -> quietly(reread));
        } else {
            platform.every("Identity version poll", SQLITE_POLL, reread);
        }
    }

    /** Reports to {@code versions} the counter as every write transaction through {@code database} commits it. */
    public static void followWrites(Database database, IdentityVersion versions) {
        database.watchCommits(new CommitWatch() {
            @Override
            public long beforeCommit(Handle h) {
                return IdentityVersion.read(h);
            }

            @Override
            public void committed(long value) {
                versions.seen(value);
            }
        });
    }

    /** What the node does with the trigger's notifications, and when some may have been missed. */
    static final class Notices implements Signals.Listener {
        private final IdentityVersion versions;
        private final Runnable reread;

        Notices(IdentityVersion versions, Runnable reread) {
            this.versions = versions;
            this.reread = reread;
        }

        @Override
        public void signalled(String payload) {
            try {
                versions.seen(Long.parseLong(payload));
            } catch (NumberFormatException notOurs) {
                missed(); // a NOTIFY by hand: read what is stored
            }
        }

        @Override
        public void missed() {
            quietly(reread);
        }
    }

    private static void quietly(Runnable reread) {
        try {
            reread.run();
        } catch (RuntimeException e) {
            // the database is away: the next poll tries again
            LOG.debug("Reading identity_version failed: {}", e.toString());
        }
    }
}
