package dev.parley.conversation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.events.ConversationChanges;
import dev.parley.identity.Caller;
import dev.parley.identity.IdentityVersion;
import dev.parley.storage.Database;
import dev.parley.storage.ReadRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whole pages of {@code GET /v2/conversations} without a search, as sent: the JSON bytes and
 * the total, per viewer (each customer-side user; all staff share theirs, as they see the same)
 * and query. A desk or script polling its first page is then answered without the database.
 *
 * <p>A page is served only while nothing it depends on changed:
 * <ul>
 *   <li>no conversation the viewer can see had an event since the page was read. Every change
 *   the event log reports ({@link ConversationChanges}, before the event counts as applied) is
 *   turned into the conversation's {@link AudienceKeys}, and each key's stamp is raised; a
 *   customer-side page checks the stamps of its viewer's keys, a staff page the stamp every
 *   change raises. So a change to a conversation a customer cannot see never drops (or slows)
 *   that customer's pages: what they may not see does not show in their timing either.</li>
 *   <li>{@code identity_version} is what it was read at (memberships decide who sees what;
 *   names and categories are in the bodies), as in {@link ConversationCache}.</li>
 * </ul>
 * The conversation ids reported are resolved to keys lazily, by the next request that looks a
 * page up (one query for all of them, under a lock every lookup takes), so the event log's
 * thread does not wait for the database. A conversation's keys never change, so resolving them
 * after the event is as good as before it. Stamps are kept per slot of the key's hash: memory
 * stays fixed, and two keys in one slot cost only a miss.
 */
public final class ListPageCache implements ConversationChanges {
    private static final Logger LOG = LoggerFactory.getLogger(ListPageCache.class);

    /** Room for some 130 pages of 100 conversations (a small share of a 256 MiB heap); most pages are smaller. */
    public static final long DEFAULT_MAX_BYTES = 16L << 20;
    private static final int SLOTS = 1 << 16;
    /** Raised by every change: the key of the staff's pages. */
    private static final String EVERY_CHANGE = "*";
    private static final int RESOLVE_CHUNK = 500;

    /** A page as the API sends it. */
    public record Page(byte[] json, long total) {
    }

    /** Taken before a page is read; the page may be kept only with the ticket it was read after. */
    public record Ticket(long clock, long identityVersion) {
    }

    private record Key(String viewer, ConversationRepository.ListQuery query) {
    }

    private record Entry(Page page, long clock, long identityVersion, int[] slots) {
    }

    private final Database database;
    private final IdentityVersion identityVersion;
    private final Cache<Key, Entry> entries;
    private final boolean enabled;
    private final dev.parley.ops.HitCounts counts = new dev.parley.ops.HitCounts();
    /** Stamp per key slot: the clock value of the latest change to a conversation with a key there. */
    private final AtomicLongArray stamps = new AtomicLongArray(SLOTS);
    private final AtomicLong clock = new AtomicLong();
    private volatile long everything;
    /** Reported by the event log, not yet turned into stamps. */
    private final ConcurrentLinkedQueue<String> reported = new ConcurrentLinkedQueue<>();
    private final ReentrantLock resolving = new ReentrantLock();
    /** A conversation's key slots, which never change (bounded: only to spare repeated lookups). */
    private final Cache<String, int[]> keySlots = Caffeine.newBuilder().maximumSize(50_000).build();

    /** @param maxBytes bound of the pages kept; 0 keeps none */
    public ListPageCache(Database database, IdentityVersion identityVersion, long maxBytes) {
        this.database = database;
        this.identityVersion = identityVersion;
        this.enabled = maxBytes > 0;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, maxBytes))
                .weigher((Key k, Entry e) -> e.page().json().length + 256)
                .build();
    }

    /** Keeps nothing. */
    public static ListPageCache none() {
        return new ListPageCache(null, new IdentityVersion(), 0);
    }

    /** The page for {@code caller} and {@code query}, if one is kept and nothing it shows has changed since. */
    public Optional<Page> find(Caller caller, ConversationRepository.ListQuery query) {
        if (!enabled) {
            return Optional.empty();
        }
        resolveReported();
        Entry e = entries.getIfPresent(new Key(viewer(caller), query));
        if (e == null || e.identityVersion() != identityVersion.latest() || everything > e.clock()) {
            counts.miss();
            return Optional.empty();
        }
        for (int slot : e.slots()) {
            if (stamps.get(slot) > e.clock()) {
                counts.miss();
                return Optional.empty();
            }
        }
        counts.hit();
        return Optional.of(e.page());
    }

    /** Hits and misses of {@link #find} (metrics; nothing is counted while the cache is off). */
    public dev.parley.ops.HitCounts counts() {
        return counts;
    }

    public Ticket ticket() {
        // the identity version first: a change after this is caught by a newer version later
        long version = identityVersion.latest();
        if (enabled) {
            resolveReported();
        }
        return new Ticket(clock.get(), version);
    }

    /** Keeps a page read after {@code ticket} was taken (not one read from a replica, which may lag). */
    public void put(Ticket ticket, Caller caller, ConversationRepository.ListQuery query, Page page) {
        if (!enabled || ReadRoute.currentIsReplica()) {
            return;
        }
        entries.put(new Key(viewer(caller), query), new Entry(page, ticket.clock(), ticket.identityVersion(), slotsOf(caller)));
    }

    private static String viewer(Caller caller) {
        return caller.isEmployee() ? EVERY_CHANGE : caller.userId();
    }

    private static int[] slotsOf(Caller caller) {
        if (caller.isEmployee()) {
            return new int[] {slot(EVERY_CHANGE)};
        }
        return AudienceKeys.of(caller).stream().mapToInt(ListPageCache::slot).distinct().toArray();
    }

    private static int slot(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }

    @Override
    public void changed(String conversationId) {
        if (enabled) {
            reported.add(conversationId);
        }
    }

    @Override
    public void changedAll() {
        everything = clock.incrementAndGet();
    }

    /** Turns the reported conversations into raised stamps; every lookup passes here first. */
    private void resolveReported() {
        resolving.lock();
        try {
            if (reported.isEmpty()) {
                return;
            }
            Set<String> ids = new LinkedHashSet<>();
            for (String id; (id = reported.poll()) != null; ) {
                ids.add(id);
            }
            List<String> unknown = new ArrayList<>();
            List<int[]> known = new ArrayList<>();
            for (String id : ids) {
                int[] slots = keySlots.getIfPresent(id);
                if (slots == null) {
                    unknown.add(id);
                } else {
                    known.add(slots);
                }
            }
            try {
                known.addAll(readKeySlots(unknown));
            } catch (RuntimeException e) {
                LOG.warn("Could not read the audience of {} changed conversations ({}); every kept list page is dropped",
                        unknown.size(), e.toString());
                everything = clock.incrementAndGet();
                return;
            }
            long now = clock.incrementAndGet();
            stamps.accumulateAndGet(slot(EVERY_CHANGE), now, Math::max);
            for (int[] slots : known) {
                for (int slot : slots) {
                    stamps.accumulateAndGet(slot, now, Math::max);
                }
            }
        } finally {
            resolving.unlock();
        }
    }

    /** The key slots of {@code ids}, read from the primary (a replica may not have them yet). */
    private List<int[]> readKeySlots(List<String> ids) {
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += RESOLVE_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + RESOLVE_CHUNK));
            List<Map<String, Object>> rows = database.readPrimary(h -> h.createQuery("""
                            SELECT conversation_id, created_by, main_user_id, shared_aggregate, shared_id
                            FROM conversations WHERE conversation_id IN (<ids>)""")
                    .bindList("ids", chunk).mapToMap().list());
            if (rows.size() < chunk.size()) {
                // deleted (which raised identity_version anyway) or not yet visible: nothing to narrow by
                everything = clock.incrementAndGet();
            }
            for (Map<String, Object> row : rows) {
                int[] slots = AudienceKeys.of((String) row.get("created_by"), (String) row.get("main_user_id"),
                                (String) row.get("shared_aggregate"), (String) row.get("shared_id"))
                        .stream().mapToInt(ListPageCache::slot).distinct().toArray();
                keySlots.put((String) row.get("conversation_id"), slots);
                out.add(slots);
            }
        }
        return out;
    }
}
