package dev.parley.queue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.events.Signals;
import dev.parley.events.SlotStamps;
import dev.parley.identity.IdentityVersion;
import dev.parley.storage.ReadRoute;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each user's stored read states ({@code read_states} rows, or their absence) kept between the
 * user's changes, so that a list of a hundred conversations needs no query to say which are
 * unread. Marking read is no event; the node that writes one tells itself after the commit and
 * the other nodes by a {@link Signals signal} ({@link #CHANNEL}, the user's id), and a node whose
 * listening connection was down drops everything. Entries also lapse with {@code
 * identity_version} (memberships, which may remove read states, raise it).
 *
 * <p>Stamps per slot of the user id's hash, as in the conversation cache: a value read before a
 * change was told is never kept as current.
 */
final class ReadStateCache implements Signals.Listener {
    static final String CHANNEL = "parley_read_states";
    static final int MAX_ENTRIES = 200_000;
    private static final int SLOTS = 1 << 12;

    /** A stored read state: up to which entry, and when; {@link #NONE} when the user never read it. */
    record Row(long readSeq, long readAt) {
        static final Row NONE = new Row(-1, -1);
    }

    private record Key(String userId, String conversationId) {
    }

    private record Kept(Row row, long stamp, long identityVersion) {
    }

    record Ticket(long stamp, long identityVersion) {
    }

    private final Cache<Key, Kept> kept;
    private final SlotStamps stamps = new SlotStamps(SLOTS);
    private final IdentityVersion identityVersion;

    ReadStateCache(IdentityVersion identityVersion, int maxEntries) {
        this.identityVersion = identityVersion;
        this.kept = Caffeine.newBuilder().maximumSize(maxEntries).build();
    }

    /** The kept rows of {@code ids} for {@code userId}; those not kept are absent from the map. */
    Map<String, Row> find(String userId, List<String> ids) {
        Map<String, Row> out = new HashMap<>();
        long stamp = stamps.stamp(userId);
        long version = identityVersion.latest();
        for (String id : ids) {
            Kept k = kept.getIfPresent(new Key(userId, id));
            if (k != null && k.stamp() == stamp && k.identityVersion() == version) {
                out.put(id, k.row());
            }
        }
        return out;
    }

    /** Taken before reading rows that are then {@link #put}. */
    Ticket ticket(String userId) {
        long version = identityVersion.latest(); // first: a change after this is caught by a newer version
        return new Ticket(stamps.stamp(userId), version);
    }

    /** Keeps rows read after {@code ticket} (not from a replica, which may lag behind a signal). */
    void put(Ticket ticket, String userId, Map<String, Row> rows) {
        if (ReadRoute.currentIsReplica()) {
            return;
        }
        rows.forEach((id, row) -> kept.put(new Key(userId, id), new Kept(row, ticket.stamp(), ticket.identityVersion())));
    }

    /** The user's read states changed (here, after the commit, or on another node). */
    void changed(String userId) {
        stamps.raise(userId);
    }

    @Override
    public void signalled(String userId) {
        changed(userId);
    }

    @Override
    public void missed() {
        stamps.raiseAll();
        kept.invalidateAll();
    }

}
