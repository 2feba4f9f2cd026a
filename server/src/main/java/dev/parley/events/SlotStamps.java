package dev.parley.events;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Change stamps per slot of a key's hash, for caches that must never keep a value read before a
 * change of its key was told as current: read the key's {@link #stamp} before loading, keep the
 * value with it, and trust it only while the stamp is unchanged; {@link #raise} on a change.
 * Keys sharing a slot only invalidate each other now and then; a fixed array needs no cleanup.
 */
public final class SlotStamps {
    private final AtomicLongArray stamps;
    private final int mask;

    /** {@code slots} a power of two. */
    public SlotStamps(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.stamps = new AtomicLongArray(slots);
        this.mask = slots - 1;
    }

    /** The current stamp of {@code key}'s slot. */
    public long stamp(String key) {
        return stamps.get(slot(key));
    }

    /** {@code key} changed: whatever was read before now is stale. */
    public void raise(String key) {
        stamps.incrementAndGet(slot(key));
    }

    /** Every key changed (a lost listener, a change not tied to one key). */
    public void raiseAll() {
        for (int i = 0; i <= mask; i++) {
            stamps.incrementAndGet(i);
        }
    }

    private int slot(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }
}
