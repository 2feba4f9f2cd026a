package dev.parley.identity;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest {@code identity_version} this node has read. The counter rises (by database
 * triggers, whoever writes) on every change to users, tokens, memberships, projects, placement
 * groups and categories. {@link CallerCache} reads it on every authenticated request and reports
 * it here, so anything rendered from those tables (a cached conversation shows user names,
 * its category and its project's customer) can be trusted while the version it was rendered at
 * is still the newest, without a query of its own.
 *
 * <p>Only ever raised: a request that read an older value after another read a newer one must
 * not make entries of the older version look current again.
 */
public final class IdentityVersion {
    private final AtomicLong latest = new AtomicLong();

    /** Records a value read from the database. */
    public void seen(long version) {
        latest.accumulateAndGet(version, Math::max);
    }

    /** The newest value read so far (0 before the first request). */
    public long latest() {
        return latest.get();
    }
}
