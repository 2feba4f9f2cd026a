package dev.parley.queue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.events.ConversationChanges;
import dev.parley.identity.IdentityVersion;
import dev.parley.storage.ReadRoute;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the unfiltered queue shows, kept between changes: each tab page's conversations (ids and
 * the queue's columns, not the rendered conversations: those come from the conversation cache)
 * and the tabs' counts. Staff see every conversation, so any change to any conversation drops
 * everything kept; a desk polling its queue between changes is answered without the database.
 *
 * <p>An entry is served only if no change was reported ({@link ConversationChanges}, before its
 * event counts as applied, from this node or another) since the ticket it was read after was
 * taken, and {@code identity_version} is the same (deletions raise it). What a caller has read
 * is not kept here: that is the caller's own and changes without an event.
 */
final class QueuePageCache implements ConversationChanges {
    /** Bound of what is kept: a page holds ids and its items' own fields (some 250 bytes an item), not bodies. */
    static final long MAX_BYTES = 8L << 20;
    private static final int ITEM_BYTES = 250;

    record Ticket(long clock, long identityVersion) {
    }

    private record Entry(Object value, long clock, long identityVersion) {
    }

    private final IdentityVersion identityVersion;
    private final Cache<Object, Entry> entries;
    private final AtomicLong clock = new AtomicLong();
    /** The clock value of the newest change: entries read after an older ticket are stale. */
    private final AtomicLong lastChange = new AtomicLong();

    QueuePageCache(IdentityVersion identityVersion, long maxBytes) {
        this.identityVersion = identityVersion;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Object key, Entry e) -> 256 + (e.value() instanceof Queue.Items items ? items.items().size() * ITEM_BYTES : 0))
                .build();
    }

    /** Taken before reading what is then {@link #put}: a change after it makes the value stale. */
    Ticket ticket() {
        long version = identityVersion.latest(); // first: a change after this is caught by a newer version
        return new Ticket(clock.get(), version);
    }

    <T> Optional<T> find(Object key, Class<T> type) {
        Entry e = entries.getIfPresent(key);
        if (e == null || e.clock() < lastChange.get() || e.identityVersion() != identityVersion.latest()) {
            return Optional.empty();
        }
        return Optional.of(type.cast(e.value()));
    }

    /** Keeps a value read after {@code ticket} (not one read from a replica, which may lag). */
    void put(Ticket ticket, Object key, Object value) {
        if (!ReadRoute.currentIsReplica()) {
            entries.put(key, new Entry(value, ticket.clock(), ticket.identityVersion()));
        }
    }

    @Override
    public void changed(String conversationId) {
        changedAll();
    }

    @Override
    public void changedAll() {
        long now = clock.incrementAndGet();
        lastChange.accumulateAndGet(now, Math::max);
    }
}
