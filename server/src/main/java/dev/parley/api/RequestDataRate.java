package dev.parley.api;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Slow clients: a request body that arrives slower than {@link #minBytesPerSecond} is answered
 * 408, so a client trickling a body cannot hold a request thread for long.
 *
 * <p>Only the time spent waiting for the client's body counts: from a read that found nothing to
 * the read that found the next bytes, once the first bytes came (before them the idle timeout
 * bounds the wait), beyond a grace of {@link #GRACE_NANOS} in all. Jetty's own check
 * ({@code HttpConfiguration.setMinRequestDataRate}) measures from the body's first byte to every
 * later read, so on a busy machine a two-byte body that had long arrived, read 64 ms later, was
 * "512 B/s too slow" and refused; here a body that is there is never too slow, however late the
 * handler reads it.
 */
final class RequestDataRate extends Handler.Wrapper {
    /** Waiting this long in all is allowed before the rate counts (a pause of the client's, a lost packet). */
    static final long GRACE_NANOS = 1_000_000_000L;

    private final long minBytesPerSecond;
    private final long graceNanos;

    RequestDataRate(long minBytesPerSecond) {
        this(minBytesPerSecond, GRACE_NANOS);
    }

    RequestDataRate(long minBytesPerSecond, long graceNanos) {
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceNanos = graceNanos;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(new Measured(request), response, callback);
    }

    /** The request, with what its reads have waited for and received. */
    private final class Measured extends Request.Wrapper {
        private long received;
        private long waited;
        private long waitingSince = -1;

        Measured(Request wrapped) {
            super(wrapped);
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk chunk = super.read();
            long now = System.nanoTime();
            synchronized (this) {
                if (chunk == null) {
                    if (waitingSince < 0 && received > 0) {
                        waitingSince = now; // nothing there: from now on the client keeps us waiting
                    }
                    return null;
                }
                if (waitingSince >= 0) {
                    waited += now - waitingSince;
                    waitingSince = -1;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    return chunk;
                }
                received += chunk.remaining();
                if (chunk.isLast() || waited <= graceNanos) {
                    return chunk;
                }
                long due = minBytesPerSecond * ((waited - graceNanos) / 1_000_000) / 1000;
                if (received >= due) {
                    return chunk;
                }
            }
            chunk.release();
            return Content.Chunk.from(new BadMessageException(408,
                    "Request body sent slower than " + minBytesPerSecond + " bytes per second"), true);
        }
    }
}
