package dev.parley.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.storage.Database;
import org.jdbi.v3.core.Handle;

import java.time.Duration;
import java.util.Optional;

/**
 * Resolves API tokens to callers: callers are cached by token hash together with the
 * {@code identity_version} they were loaded at. Every change to users, tokens or memberships
 * raises that version (database triggers, whoever writes), so a cached caller is used only while
 * its version is still the newest the node knows ({@link IdentityVersion#latest()}): a hit needs
 * no database access at all. The node learns of new versions as {@link IdentityChanges} says: at
 * once for its own writes, within about 0.1 s for another process on SQLite, within the
 * notification's latency (at most about a second) for another node on PostgreSQL. Expiry is
 * checked against the clock on every use.
 */
public final class CallerCache {
    private record Entry(Caller caller, long version, Long expiresAt) {
        Optional<Caller> at(long now) {
            return expiresAt == null || expiresAt > now ? Optional.of(caller) : Optional.empty();
        }
    }

    private final IdentityVersion versions;
    private final dev.parley.ops.HitCounts counts = new dev.parley.ops.HitCounts();

    public CallerCache() {
        this(new IdentityVersion());
    }

    /** @param versions the newest version the node knows, and where every version read here is reported */
    public CallerCache(IdentityVersion versions) {
        this.versions = versions;
    }

    private final Cache<String, Entry> entries = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            // upkeep on the thread that used the cache: handing it to the common pool woke a thread
            // for some requests, costlier than the upkeep itself (get-conversation's profile)
            .executor(Runnable::run)
            .build();

    /** Hits and misses of {@link #find} (metrics). */
    public dev.parley.ops.HitCounts counts() {
        return counts;
    }

    /**
     * The caller for {@code tokenHash} at {@code now}, or empty for an unknown, revoked or expired
     * token: from memory while the cached caller is current, else loaded through {@code database}.
     */
    public Optional<Caller> find(Database database, String tokenHash, long now) {
        Entry cached = entries.getIfPresent(tokenHash);
        if (cached != null && cached.version() == versions.latest()) {
            counts.hit();
            return cached.at(now);
        }
        return database.read(h -> load(h, tokenHash, now));
    }

    /** Loads the caller for {@code tokenHash} on {@code h} and caches it (a miss). */
    Optional<Caller> load(Handle h, String tokenHash, long now) {
        counts.miss();
        // read before loading: a change after this read raises the version and invalidates what is loaded
        long version = IdentityVersion.read(h);
        versions.seen(version);
        Optional<IdentityRepository.ActiveToken> token = IdentityRepository.findActiveToken(h, tokenHash);
        Optional<Caller> caller = token.flatMap(t -> IdentityRepository.findUser(h, t.userId())
                .map(user -> IdentityRepository.callerFor(h, user, tokenHash)));
        if (caller.isEmpty()) {
            entries.invalidate(tokenHash);
            return Optional.empty();
        }
        Entry entry = new Entry(caller.get(), version, token.get().expiresAt());
        entries.put(tokenHash, entry);
        return entry.at(now);
    }
}
