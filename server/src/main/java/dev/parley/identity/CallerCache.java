package dev.parley.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jdbi.v3.core.Handle;

import java.time.Duration;
import java.util.Optional;

/**
 * Resolves API tokens to callers with one query instead of five: callers are cached by token
 * hash together with the {@code identity_version} they were loaded at. Every change to users,
 * tokens or memberships raises that version (database triggers, whoever writes), so a cached
 * caller is used only while nothing about identities has changed since; a revocation,
 * deactivation or new membership counts at the next request on every node. Expiry is checked
 * against the clock on every use.
 */
public final class CallerCache {
    private record Entry(Caller caller, long version, Long expiresAt) {
    }

    private final IdentityVersion versions;
    private final dev.parley.ops.HitCounts counts = new dev.parley.ops.HitCounts();

    public CallerCache() {
        this(new IdentityVersion());
    }

    /** @param versions where every version read is reported (for caches of data these tables render) */
    public CallerCache(IdentityVersion versions) {
        this.versions = versions;
    }

    private final Cache<String, Entry> entries = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    /** Hits and misses of {@link #find} (metrics). */
    public dev.parley.ops.HitCounts counts() {
        return counts;
    }

    /** The caller for {@code tokenHash} at {@code now}, or empty for an unknown, revoked or expired token. */
    public Optional<Caller> find(Handle h, String tokenHash, long now) {
        // read before loading: a change after this read raises the version and invalidates what is loaded
        long version = h.createQuery("SELECT version FROM identity_version WHERE id = 1").mapTo(Long.class).one();
        versions.seen(version);
        Entry cached = entries.getIfPresent(tokenHash);
        if (cached != null && cached.version() == version) {
            counts.hit();
            return cached.expiresAt() == null || cached.expiresAt() > now ? Optional.of(cached.caller()) : Optional.empty();
        }
        counts.miss();
        Optional<IdentityRepository.ActiveToken> token = IdentityRepository.findActiveToken(h, tokenHash);
        Optional<Caller> caller = token.flatMap(t -> IdentityRepository.findUser(h, t.userId())
                .map(user -> IdentityRepository.callerFor(h, user, tokenHash)));
        if (caller.isEmpty()) {
            entries.invalidate(tokenHash);
            return Optional.empty();
        }
        Long expiresAt = token.get().expiresAt();
        entries.put(tokenHash, new Entry(caller.get(), version, expiresAt));
        return expiresAt == null || expiresAt > now ? caller : Optional.empty();
    }
}
