package dev.parley.conversation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.events.ConversationChanges;
import dev.parley.events.SlotStamps;
import dev.parley.identity.IdentityVersion;

import java.util.Optional;

/**
 * Hot conversations in memory: the stored row (what the access check needs) and the rendered
 * JSON body of {@code GET /v2/conversations/{id}}, which is the same for every caller who may
 * see it. Bounded by the bytes it holds.
 *
 * <p>An entry is served only while both of these still hold:
 * <ul>
 *   <li>no event has been reported for its conversation since it was loaded: the event log
 *   reports every event's conversation ({@link ConversationChanges}) before the event counts as
 *   applied here, from this node's commits, other nodes' notifications and polls alike;</li>
 *   <li>{@code identity_version} is what it was loaded at: users, projects, placement groups
 *   and categories (the names, avatars, category and owning customer in the body) raise it by
 *   trigger, whoever writes them ({@link IdentityVersion}, read by authentication on every
 *   request).</li>
 * </ul>
 * Invalidation does not race with a load: a load first reads its conversation's stamp and an
 * event raises the stamp (after its commit) before it counts as applied, so a load that may have
 * read the old row carries an old stamp and is never served. Stamps are kept per slot of the
 * conversation id's hash, so memory stays fixed; two conversations in one slot only cost a miss.
 */
public final class ConversationCache implements ConversationChanges {
    /** What the cache keeps of one conversation. */
    public record Entry(ConversationRow row, byte[] body, long stamp, long identityVersion) {
    }

    /** Enough for some 20,000 hot conversations; a small share of a 256 MiB heap. */
    public static final long DEFAULT_MAX_BYTES = 32L << 20;
    private static final int SLOTS = 1 << 14;
    /** Rough per-entry cost beside the body: the row's strings, the entry and the cache's node. */
    private static final int ENTRY_OVERHEAD = 1024;

    private final Cache<String, Entry> entries;
    /** shortId → conversation id; a shortId names one conversation until that is deleted (which raises identity_version). */
    private final Cache<String, ShortId> shortIds;
    private final SlotStamps stamps = new SlotStamps(SLOTS);
    private final IdentityVersion identityVersion;
    private final dev.parley.ops.HitCounts counts = new dev.parley.ops.HitCounts();

    /** @param maxBytes bound of the bodies (and the estimated overhead) kept */
    public ConversationCache(IdentityVersion identityVersion, long maxBytes) {
        this.identityVersion = identityVersion;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String id, Entry e) -> e.body().length + ENTRY_OVERHEAD)
                // upkeep on the thread that used the cache: handing it to the common pool woke a thread
                // for some requests, costlier than the upkeep itself (get-conversation's profile)
                .executor(Runnable::run)
                .build();
        this.shortIds = Caffeine.newBuilder().maximumSize(Math.max(1, maxBytes / 4096)).build();
    }

    private record ShortId(String conversationId, long identityVersion) {
    }

    /** The conversation id a shortId was found to name, while identity_version is unchanged. */
    public Optional<String> conversationIdOf(String shortId) {
        ShortId s = shortIds.getIfPresent(shortId);
        return s != null && s.identityVersion() == identityVersion.latest() ? Optional.of(s.conversationId()) : Optional.empty();
    }

    /** Remembers a shortId's conversation, found after {@code version} was read. */
    public void rememberShortId(String shortId, String conversationId, long version) {
        shortIds.put(shortId, new ShortId(conversationId, version));
    }

    /** The newest identity_version seen: read before a lookup whose result is remembered. */
    public long identityVersion() {
        return identityVersion.latest();
    }


    /** The current entry for a conversation id, if one is cached and still valid. */
    public Optional<Entry> find(String conversationId) {
        Entry e = entries.getIfPresent(conversationId);
        if (e == null || e.stamp() != stamps.stamp(conversationId)
                || e.identityVersion() != identityVersion.latest()) {
            counts.miss();
            return Optional.empty();
        }
        counts.hit();
        return Optional.of(e);
    }

    /** Hits and misses of {@link #find} (metrics). */
    public dev.parley.ops.HitCounts counts() {
        return counts;
    }

    /** Taken before a load; the load's entry is valid only if nothing changed since. */
    public record Ticket(String conversationId, long stamp, long identityVersion) {
    }

    public Ticket ticket(String conversationId) {
        // the identity version first: a change after this is caught by a newer version later
        long version = identityVersion.latest();
        return new Ticket(conversationId, stamps.stamp(conversationId), version);
    }

    /** Keeps what was loaded after {@code ticket} was taken. */
    public Entry put(Ticket ticket, ConversationRow row, byte[] body) {
        Entry e = new Entry(row, body, ticket.stamp(), ticket.identityVersion());
        entries.put(ticket.conversationId(), e);
        return e;
    }

    @Override
    public void changed(String conversationId) {
        stamps.raise(conversationId);
        entries.invalidate(conversationId);
    }

    @Override
    public void changedAll() {
        stamps.raiseAll();
        entries.invalidateAll();
        shortIds.invalidateAll();
    }

    /** Entries kept now (for tests). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
