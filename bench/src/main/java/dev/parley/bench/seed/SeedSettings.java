package dev.parley.bench.seed;

/**
 * What to generate.
 *
 * @param conversations   how many conversations
 * @param customers       over how many customers (Zipf-distributed conversation counts)
 * @param messages        messages per conversation, on average
 * @param seed            the same seed gives the same data
 * @param until           epoch millis: conversations are created in the two years before it
 * @param customerSkew    Zipf exponent of conversations per customer (1: the biggest customer has
 *                        about 1/ln(customers) of them)
 * @param wordsPerMessage median words per message (log-normal lengths)
 */
public record SeedSettings(int conversations, int customers, double messages, long seed, long until,
                           double customerSkew, int wordsPerMessage) {
    /** 2026-01-01T00:00:00Z: a fixed default keeps seeded stores identical whenever they are made. */
    public static final long DEFAULT_UNTIL = 1_767_225_600_000L;
    public static final long SPAN_MILLIS = 730L * 24 * 3600 * 1000;

    public SeedSettings {
        if (conversations < 0 || customers < 1 || messages < 0 || wordsPerMessage < 1) {
            throw new IllegalArgumentException("conversations >= 0, customers >= 1, messages >= 0, words >= 1");
        }
    }

    /** The default number of customers: one per ten conversations. */
    public static int defaultCustomers(int conversations) {
        return Math.max(1, conversations / 10);
    }
}
