package dev.parley.bench.seed;

import java.util.Arrays;

/**
 * The event log of a seeded store. The server appends one event per mutation in commit order,
 * so positions follow time; the generator produces events conversation by conversation, so
 * they are collected here (compactly: 6 million events take about 100 MB) and put in time order
 * before they are written.
 */
public final class EventBuffer {
    /** Event types as EventLog rows name them. */
    static final String[] TYPES = {"ConversationCreated", "MessageCreated", "ConversationStatusChanged", "MessageUpdated"};
    static final byte CREATED = 0;
    static final byte MESSAGE = 1;
    static final byte STATUS = 2;
    static final byte EDITED = 3;

    /** Bits of the sort key for the event's index; the rest is its time since {@link #origin}. */
    private static final int INDEX_BITS = 26;

    private final long origin;
    private long[] keys = new long[1 << 16];
    private int[] conversations = new int[1 << 16];
    private int[] actors = new int[1 << 16];
    private byte[] types = new byte[1 << 16];
    private int size;
    private boolean sorted;

    EventBuffer(long origin) {
        this.origin = origin;
    }

    void add(byte type, int conversation, int actor, long at) {
        if (size == 1 << INDEX_BITS) {
            throw new IllegalStateException("more than " + (1 << INDEX_BITS) + " events: seed fewer messages");
        }
        long offset = at - origin;
        if (offset < 0 || offset >= 1L << (63 - INDEX_BITS)) {
            throw new IllegalStateException("event time outside the seeded window");
        }
        if (size == keys.length) {
            int capacity = size * 2;
            keys = Arrays.copyOf(keys, capacity);
            conversations = Arrays.copyOf(conversations, capacity);
            actors = Arrays.copyOf(actors, capacity);
            types = Arrays.copyOf(types, capacity);
        }
        keys[size] = offset << INDEX_BITS | size;
        conversations[size] = conversation;
        actors[size] = actor;
        types[size] = type;
        size++;
    }

    public int size() {
        return size;
    }

    /** Orders by time, ties in generation order (deterministic). */
    void sort() {
        Arrays.sort(keys, 0, size);
        sorted = true;
    }

    /** The event at {@code position - 1} in time order. */
    interface Visitor {
        void event(long position, String type, int conversation, int actor, long at) throws Exception;
    }

    void forEach(Visitor visitor) throws Exception {
        if (!sorted) {
            sort();
        }
        long mask = (1L << INDEX_BITS) - 1;
        for (int i = 0; i < size; i++) {
            int at = (int) (keys[i] & mask);
            visitor.event(i + 1, TYPES[types[at]], conversations[at], actors[at], origin + (keys[i] >>> INDEX_BITS));
        }
    }
}
