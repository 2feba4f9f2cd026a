package dev.parley.identity;

import dev.parley.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When API tokens were last used ({@code api_token_uses}, shown by {@code parley admin token list}).
 * Authentication is the hot path, so a use is only noted in memory; a token's row is written at most
 * once per {@link #INTERVAL_MILLIS} on this node, by one background thread, in one transaction for
 * all tokens due. A failed write is logged and forgotten: the last use is a hint, not a record.
 */
public final class TokenUses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenUses.class);
    /** At most one write per token and node in this long. */
    public static final long INTERVAL_MILLIS = 60_000;
    /** Past this many tokens remembered, the memory starts again (each token then writes once more). */
    private static final int MAX_REMEMBERED = 100_000;

    private final Database database;
    private final Map<String, Long> written = new ConcurrentHashMap<>();
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-token-uses");
        t.setDaemon(true);
        return t;
    });

    public TokenUses(Database database) {
        this.database = database;
    }

    /** Notes that the token with this hash authenticated a request at {@code now}. */
    public void used(String tokenHash, long now) {
        if (!due(tokenHash, now)) {
            return;
        }
        pending.merge(tokenHash, now, Math::max);
        if (flushQueued.compareAndSet(false, true)) {
            try {
                writer.execute(this::flush);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                flushQueued.set(false);
            }
        }
    }

    /** Whether a use at {@code now} is to be written: the first one, or the first an interval after the last written. */
    boolean due(String tokenHash, long now) {
        if (written.size() > MAX_REMEMBERED) {
            written.clear();
        }
        boolean[] due = {false};
        written.compute(tokenHash, (hash, last) -> {
            if (last == null || now - last >= INTERVAL_MILLIS) {
                due[0] = true;
                return now;
            }
            return last;
        });
        return due[0];
    }

    /** Writes the uses noted since the last flush. */
    void flush() {
        flushQueued.set(false);
        List<Map.Entry<String, Long>> uses = new ArrayList<>();
        for (String hash : List.copyOf(pending.keySet())) {
            Long at = pending.remove(hash);
            if (at != null) {
                uses.add(Map.entry(hash, at));
            }
        }
        if (uses.isEmpty()) {
            return;
        }
        try {
            database.write(h -> {
                var batch = h.prepareBatch("""
                        INSERT INTO api_token_uses (token_id, last_used_at)
                        SELECT token_id, :at FROM api_tokens WHERE token_hash = :hash
                        ON CONFLICT (token_id) DO UPDATE SET last_used_at = excluded.last_used_at
                        WHERE api_token_uses.last_used_at < excluded.last_used_at""");
                for (Map.Entry<String, Long> use : uses) {
                    batch.bind("hash", use.getKey()).bind("at", use.getValue()).add();
                }
                return batch.execute();
            });
        } catch (RuntimeException e) {
            LOG.warn("Recording when API tokens were last used failed: {}", e.getMessage());
        }
    }

    /** Writes what is noted, then stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
