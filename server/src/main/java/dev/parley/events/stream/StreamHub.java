package dev.parley.events.stream;

import dev.parley.api.ApiError;
import dev.parley.events.EventLog;
import dev.parley.identity.Caller;
import dev.parley.identity.IdentityVersion;
import dev.parley.storage.Database;
import io.javalin.http.Context;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's open event streams and the one thread that feeds them. When the event log
 * applies a position (this node's commit, another node's notification or the poll of the
 * log's head: {@link EventLog#onApplied}), the hub's thread reads the new rows once for all
 * streams, decides per stream and event whether the caller may see it now, and queues the
 * frames on the streams, whose output is non-blocking ({@link Subscriber}). Between events no
 * thread belongs to any stream: the hub's thread sleeps in its executor, Jetty's threads are
 * back in the pool.
 *
 * <p>Per event and stream: employees receive everything; anyone else receives events of
 * conversations that {@code conversation_viewers} (the triggers' rows of the visibility rule)
 * lists for them at the moment of delivery, except staff-only events (staff notes), and events
 * meant for their actor (uploads) only when they are that actor. Before each delivery the
 * newest {@code identity_version} the node knows is looked at; when it rose, every stream's caller is resolved again
 * through its {@link StreamCredentials}, and a stream whose caller is gone (token revoked,
 * user deactivated) ends. A caller is resolved again at least every minute as well (token expiry).
 */
public final class StreamHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);
    /** How long a position missing from the log (PostgreSQL: not committed yet) is looked for again. */
    private static final long HOLE_TTL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MAX_HOLES = 10_000;
    private static final long RESOLVE_AGAIN_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Database database;
    /** The newest identity_version the node knows (no read per delivery; see IdentityChanges). */
    private final IdentityVersion identityVersion;
    private final EventLog events;
    private final StreamSettings settings;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-event-streams");
        t.setDaemon(true);
        return t;
    });
    /** Every open stream (ended ones remove themselves), and those receiving live events. */
    private final Set<Subscriber> open = ConcurrentHashMap.newKeySet();
    private final Set<Subscriber> live = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perUser = new HashMap<>();
    private int total;
    private boolean closed;
    private final AtomicBoolean dispatchQueued = new AtomicBoolean();
    /** The hub's thread only: the newest position read, and positions found missing below it. */
    private long cursor;
    private final Map<Long, Long> holes = new LinkedHashMap<>();

    StreamHub(Database database, EventLog events, StreamSettings settings, IdentityVersion identityVersion) {
        this.database = database;
        this.identityVersion = identityVersion;
        this.events = events;
        this.settings = settings;
        this.cursor = events.appliedPosition();
        events.onApplied(position -> wake());
        long period = Math.max(1, settings.heartbeat().toMillis());
        thread.scheduleWithFixedDelay(() -> run(this::heartbeat), period, period, TimeUnit.MILLISECONDS);
    }

    /** How many streams are open on this node (tests, operators). */
    public int openStreams() {
        return open.size();
    }

    /** Takes one of the user's and the node's stream slots: 429 for a user at its limit, 503 for a full node. */
    Runnable admit(String userId) {
        synchronized (perUser) {
            if (closed || total >= settings.maxTotal()) {
                throw new ApiError(503, "ServiceUnavailable", "Too many event streams are open on this server; try again shortly");
            }
            int mine = perUser.getOrDefault(userId, 0);
            if (mine >= settings.maxPerUser()) {
                throw new ApiError(429, "RateLimitError",
                        "too many event streams: at most " + settings.maxPerUser() + " per user are open at once");
            }
            perUser.put(userId, mine + 1);
            total++;
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                synchronized (perUser) {
                    perUser.computeIfPresent(userId, (k, n) -> n <= 1 ? null : n - 1);
                    total--;
                }
            }
        };
    }

    /**
     * Starts the stream of an asynchronous request (called from Javalin's {@code ctx.future},
     * after {@code startAsync}): headers and an opening comment go out at once; the replay
     * after {@code lastEventId} and the live events follow on the hub's thread.
     */
    CompletableFuture<Void> open(Context ctx, StreamCredentials.Presented presented, Caller caller, String conversationId, Long lastEventId, Runnable release)
            throws IOException {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream;charset=utf-8");
        res.setHeader("X-Accel-Buffering", "no"); // reverse proxies: pass frames on as they come
        // "from now" is from before the response starts: what commits while the stream registers is sent
        long joinedAt = events.appliedPosition();
        AsyncContext async = ctx.req().getAsyncContext();
        async.setTimeout(0); // a stream lasts until it is ended; heartbeats keep the connection busy
        Subscriber s = new Subscriber(ctx, presented, caller, Long.MIN_VALUE, conversationId, settings.maxPendingBytes(), ended -> {
            open.remove(ended);
            live.remove(ended);
            release.run();
        });
        open.add(s);
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                s.end();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                s.end();
            }

            @Override
            public void onError(AsyncEvent event) {
                s.end();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        s.attach(res.getOutputStream());
        s.send(SseFrames.comment("parley events"));
        boolean stopped;
        synchronized (perUser) {
            stopped = closed;
        }
        if (stopped) {
            s.end();
        } else {
            thread.execute(() -> run(() -> start(s, lastEventId == null ? joinedAt : lastEventId)));
        }
        return s.done;
    }

    /** The hub's thread: resolves the caller, replays what the client missed (after its Last-Event-ID, or since it connected), then joins the live streams. */
    private void start(Subscriber s, long since) {
        long version = identityVersion.latest();
        refresh(List.of(s), version);
        if (s.ended()) {
            return;
        }
        long until = cursor;
        s.after = since;
        long from = s.after;
        while (from < until && !s.ended()) {
            long after = from;
            List<EventRow> page = database.read(h -> {
                List<EventRow> rows = StreamSql.after(h, after, until);
                deliver(h, List.of(s), rows, false);
                return rows;
            });
            if (page.size() < StreamSql.PAGE) {
                break;
            }
            from = page.get(page.size() - 1).position();
        }
        live.add(s);
        if (s.ended()) {
            live.remove(s);
        }
    }

    private void wake() {
        if (dispatchQueued.compareAndSet(false, true)) {
            try {
                thread.execute(() -> run(this::dispatch));
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // the hub is closed
            }
        }
    }

    /** The hub's thread: reads what was applied since the last read (and late positions) and delivers it. */
    private void dispatch() {
        dispatchQueued.set(false);
        long target = events.appliedPosition();
        if (target <= cursor && holes.isEmpty()) {
            return;
        }
        if (live.isEmpty()) {
            cursor = Math.max(cursor, target); // nobody to tell; a stream that opens later replays from the log
            holes.clear();
            return;
        }
        long version = identityVersion.latest();
        refresh(new ArrayList<>(live), version);
        List<EventRow> late = lateRows();
        while (cursor < target) {
            long from = cursor;
            List<EventRow> page = database.read(h -> {
                List<EventRow> rows = StreamSql.after(h, from, target);
                deliver(h, new ArrayList<>(live), rows, false);
                return rows;
            });
            long reached = page.size() < StreamSql.PAGE ? target : page.get(page.size() - 1).position();
            rememberMissing(from, reached, page);
            cursor = reached;
        }
        if (!late.isEmpty()) {
            database.read(h -> {
                deliver(h, new ArrayList<>(live), late, true);
                return null;
            });
        }
    }

    /** The hub's thread: a comment on every stream (it also finds clients that left), callers checked, late positions looked for. */
    private void heartbeat() {
        byte[] beat = SseFrames.comment("heartbeat");
        for (Subscriber s : live) {
            s.send(beat);
        }
        if (!live.isEmpty()) {
            long version = identityVersion.latest();
            refresh(new ArrayList<>(live), version);
        }
        dispatch();
    }

    /** Resolves again the callers resolved before {@code version} (or long ago); a caller that is gone ends its stream. */
    private void refresh(List<Subscriber> subscribers, long version) {
        long now = System.nanoTime();
        for (Subscriber s : subscribers) {
            if (s.identityVersion == version && now - s.resolvedAtNanos < RESOLVE_AGAIN_NANOS) {
                continue;
            }
            Optional<Caller> caller = s.presented.caller();
            if (caller.isEmpty() || !caller.get().userId().equals(s.caller.userId())) {
                s.end(); // revoked, expired, deactivated: nothing more is sent
                continue;
            }
            s.caller = caller.get();
            s.identityVersion = version;
            s.resolvedAtNanos = now;
        }
    }

    /** Sends each row to each stream whose caller may see it now. */
    private void deliver(org.jdbi.v3.core.Handle h, List<Subscriber> subscribers, List<EventRow> rows, boolean late) {
        if (rows.isEmpty() || subscribers.isEmpty()) {
            return;
        }
        Set<String> users = new HashSet<>();
        for (Subscriber s : subscribers) {
            if (!s.caller.isEmployee()) {
                users.add(s.caller.userId());
            }
        }
        Set<String> conversations = new HashSet<>();
        for (EventRow row : rows) {
            if (row.conversationId() != null) {
                conversations.add(row.conversationId());
            }
        }
        Set<String> visible = StreamSql.visiblePairs(h, users, conversations);
        Map<Long, byte[]> frames = new HashMap<>();
        for (Subscriber s : subscribers) {
            Caller caller = s.caller;
            for (EventRow row : rows) {
                if ((late || row.position() > s.after) && wanted(s, row) && EventAudience.receives(caller, row, visible)) {
                    s.send(frames.computeIfAbsent(row.position(), p -> SseFrames.event(row)));
                }
            }
        }
    }

    private static boolean wanted(Subscriber s, EventRow row) {
        return s.conversationId == null || s.conversationId.equals(row.conversationId());
    }

    /** Positions missing in (from, to] (PostgreSQL: taken, not committed yet) are looked for again for a minute. */
    private void rememberMissing(long from, long to, List<EventRow> rows) {
        if (to - from > MAX_HOLES) {
            return; // a jump of the sequence (an import, a restore), not transactions in flight
        }
        Set<Long> found = new HashSet<>();
        rows.forEach(r -> found.add(r.position()));
        long now = System.nanoTime();
        for (long p = from + 1; p <= to; p++) {
            if (!found.contains(p)) {
                holes.put(p, now);
            }
        }
        Iterator<Long> oldest = holes.keySet().iterator();
        while (holes.size() > MAX_HOLES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Rows of positions found missing before that have committed since. */
    private List<EventRow> lateRows() {
        long now = System.nanoTime();
        holes.values().removeIf(missedAt -> now - missedAt > HOLE_TTL_NANOS);
        if (holes.isEmpty()) {
            return List.of();
        }
        List<EventRow> rows = database.read(h -> StreamSql.at(h, holes.keySet()));
        rows.forEach(r -> holes.remove(r.position()));
        return rows;
    }

    /** Work on the hub's thread; a failure (the database away) is logged and the next wake or heartbeat tries again. */
    private void run(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("Event streams: {}", e.toString());
        }
    }

    /** Ends every stream at once (the server stops): their responses complete, so Jetty's graceful stop need not wait. */
    public void endAll() {
        synchronized (perUser) {
            closed = true;
        }
        for (Subscriber s : new ArrayList<>(open)) {
            s.end();
        }
    }

    @Override
    public void close() {
        endAll();
        thread.shutdownNow();
    }
}
