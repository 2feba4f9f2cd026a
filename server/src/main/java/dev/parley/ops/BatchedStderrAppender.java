package dev.parley.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The access log's appender under Parley's default logging: stderr and the same layout as every
 * other line, but the lines are gathered in a buffer and written together, by logback's scheduler
 * every {@link #FLUSH_MILLIS} ms, when the buffer is full, and when logging stops. One
 * {@code write(2)} per request, and the appender's lock held around it by up to 32 request
 * threads, were half of what the access line cost a cached {@code GET} (docs/BENCHMARKS.md, "The
 * access line written in batches").
 *
 * <p>So an access line reaches stderr up to 0.1 s after its request, and may follow other lines
 * written meanwhile; a process killed with SIGKILL loses at most the last 0.1 s of access lines
 * (a stop, `parley serve` on SIGTERM, writes them: it stops logback last). Parley's other lines
 * (warnings, errors) are written at once as before.
 */
final class BatchedStderrAppender extends OutputStreamAppender<ILoggingEvent> {
    static final long FLUSH_MILLIS = 100;
    static final int BUFFER_BYTES = 64 * 1024;

    private final long flushMillis;
    private ScheduledFuture<?> flusher;

    BatchedStderrAppender() {
        this(FLUSH_MILLIS);
    }

    /** @param flushMillis how often the gathered lines are written (the tests' is long: only a stop writes) */
    BatchedStderrAppender(long flushMillis) {
        this.flushMillis = flushMillis;
    }

    @Override
    public void start() {
        setOutputStream(new Batch(BUFFER_BYTES)); // anew on every start: a stop closes the stream (LogFormat restarts it)
        setImmediateFlush(false);
        super.start();
        if (isStarted()) {
            flusher = getContext().getScheduledExecutorService()
                    .scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
            getContext().addScheduledFuture(flusher);
        }
    }

    @Override
    public void stop() {
        if (flusher != null) {
            flusher.cancel(false);
            flusher = null;
        }
        super.stop(); // closes the batch, which writes what it holds
    }

    /** Writes the lines gathered so far. */
    void flush() {
        OutputStream out = getOutputStream();
        if (out != null) {
            try {
                out.flush();
            } catch (IOException | RuntimeException e) {
                addError("Flushing the access log", e);
            }
        }
    }

    /**
     * Bytes kept until flushed, then written in one call to {@code System.err} as it is at that
     * moment (an embedding application or a test may have replaced it). Holds whole lines only:
     * the appender writes one encoded line per call, and a line that does not fit after what is
     * held makes it write that first; a line larger than the buffer is written on its own.
     */
    static final class Batch extends OutputStream {
        private final byte[] buffer;
        private int size;

        Batch(int capacity) {
            this.buffer = new byte[capacity];
        }

        @Override
        public synchronized void write(int b) {
            if (size == buffer.length) {
                drain();
            }
            buffer[size++] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (len > buffer.length - size) {
                drain();
            }
            if (len > buffer.length) {
                target().write(b, off, len);
                return;
            }
            System.arraycopy(b, off, buffer, size, len);
            size += len;
        }

        @Override
        public synchronized void flush() {
            drain();
            target().flush();
        }

        @Override
        public void close() {
            flush(); // stderr itself stays open
        }

        private void drain() {
            if (size > 0) {
                target().write(buffer, 0, size);
                size = 0;
            }
        }

        private static PrintStream target() {
            return System.err;
        }
    }
}
