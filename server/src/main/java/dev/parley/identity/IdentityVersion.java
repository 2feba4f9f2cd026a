package dev.parley.identity;

import org.jdbi.v3.core.Handle;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest {@code identity_version} this node knows. The counter rises (by database triggers,
 * whoever writes) on every change to users, tokens, memberships, customers, projects, placement
 * groups and categories. The node learns new values without a read per request
 * ({@link IdentityChanges}): from its own write transactions, synchronously, and from what others
 * write by notification (PostgreSQL) or a short poll (SQLite). {@link CallerCache} and the
 * caches of data these tables render (a cached conversation shows user names, its category and
 * its project's customer) trust an entry while the version it was made at is still the newest.
 *
 * <p>Only ever raised: a read that found an older value after another found a newer one must
 * not make entries of the older version look current again.
 */
public final class IdentityVersion {
    private final AtomicLong latest = new AtomicLong();

    /** The counter as stored now (one primary-key read). */
    public static long read(Handle h) {
        return h.createQuery("SELECT version FROM identity_version WHERE id = 1").mapTo(Long.class).one();
    }

    /** Records a value read from the database (or notified). */
    public void seen(long version) {
        latest.accumulateAndGet(version, Math::max);
    }

    /** The newest value known so far (0 before the first). */
    public long latest() {
        return latest.get();
    }
}
