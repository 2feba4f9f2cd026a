package dev.parley.events.stream;

import dev.parley.identity.Caller;
import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * One open stream. Nothing waits for it: the request is asynchronous (Javalin's
 * {@code ctx.future}, which is the servlet's {@code startAsync}) and the output is non-blocking
 * (a {@link WriteListener}): frames are queued and written while Jetty says the connection can
 * take them ({@code isReady}); when it cannot, Jetty calls {@link #onWritePossible} later on
 * one of its threads. A client too slow to take {@code maxPendingBytes} is ended (it resumes
 * with {@code Last-Event-ID}). The stream ends when {@link #done} completes (Javalin then
 * completes the response).
 */
final class Subscriber implements WriteListener {
    final Context ctx;
    /** what the request presented, read when it opened: the request is recycled once the stream ends */
    final StreamCredentials.Presented presented;
    final String conversationId;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final int maxPendingBytes;
    private final java.util.function.Consumer<Subscriber> onEnd;
    private final Deque<byte[]> queue = new ArrayDeque<>();
    private ServletOutputStream out;
    private int pendingBytes;
    private boolean flushNeeded;
    private boolean ended;
    /** Who the stream is for, as last resolved; replaced when identities change. */
    volatile Caller caller;
    /** The identity_version the caller was resolved at, and when (the hub's thread only). */
    long identityVersion;
    long resolvedAtNanos;
    /** Positions up to this one the client has (Last-Event-ID, or where it joined); later ones are sent. */
    long after;

    Subscriber(Context ctx, StreamCredentials.Presented presented, Caller caller, long identityVersion, String conversationId, int maxPendingBytes,
               java.util.function.Consumer<Subscriber> onEnd) {
        this.ctx = ctx;
        this.presented = presented;
        this.caller = caller;
        this.identityVersion = identityVersion;
        this.conversationId = conversationId;
        this.maxPendingBytes = maxPendingBytes;
        this.onEnd = onEnd;
    }

    /** Takes the response's output in non-blocking mode (the request is asynchronous by now). */
    void attach(ServletOutputStream output) {
        synchronized (this) {
            out = output;
        }
        output.setWriteListener(this); // Jetty calls onWritePossible when the first write may go
    }

    /** Queues a frame and writes what the connection takes now. */
    void send(byte[] frame) {
        boolean gone;
        synchronized (this) {
            if (ended) {
                return;
            }
            // a client that does not read is ended: it resumes from the last id it got
            gone = pendingBytes + frame.length > maxPendingBytes;
            if (!gone) {
                queue.add(frame);
                pendingBytes += frame.length;
                gone = !pump();
            }
        }
        if (gone) {
            end();
        }
    }

    @Override
    public void onWritePossible() {
        boolean gone;
        synchronized (this) {
            gone = !pump();
        }
        if (gone) {
            end();
        }
    }

    @Override
    public void onError(Throwable failure) {
        end();
    }

    /**
     * Ends the stream (the server stops, access is gone, the client left); idempotent. The
     * response is completed outside this object's lock, since completing calls into Jetty,
     * whose threads take the lock in {@link #onWritePossible}.
     */
    void end() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            queue.clear();
        }
        done.complete(null);
        onEnd.accept(this);
    }

    boolean ended() {
        synchronized (this) {
            return ended;
        }
    }

    /** Writes queued frames while the connection is ready, then flushes; never blocks. False: the client is gone. */
    private boolean pump() {
        if (out == null || ended) {
            return true;
        }
        try {
            while (out.isReady()) {
                byte[] next = queue.poll();
                if (next == null) {
                    if (!flushNeeded) {
                        return true;
                    }
                    flushNeeded = false;
                    out.flush();
                    continue;
                }
                pendingBytes -= next.length;
                out.write(next);
                flushNeeded = true;
            }
        } catch (IOException | IllegalStateException gone) {
            return false; // the client went away
        }
        return true;
    }
}
