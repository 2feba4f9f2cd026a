package dev.parley.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readers racing a writer, for the tests of what is kept in memory: the writer makes numbered
 * writes one after the other and reports each one's event position once acknowledged; every
 * reader, before it sends, notes the newest write acknowledged (and its position, which it may
 * ask the server to wait for) and then checks what it read against it. Whatever a read got wrong,
 * or threw, is collected.
 */
public final class RacingReaders {
    /** One acknowledged write, numbered from 1; returns its event position. */
    public interface Write {
        long write(int number) throws Exception;
    }

    /**
     * One read by {@code reader} (its {@code n}th), sent after write {@code acknowledged} at
     * {@code position} (0: none yet) was acknowledged; returns what it got wrong, or null.
     */
    public interface Read {
        String read(int reader, int n, long acknowledged, long position) throws Exception;
    }

    /** What the readers saw: the violations, and how many reads were checked. */
    public record Result(List<String> violations, long reads) {
    }

    private RacingReaders() {
    }

    /** Runs {@code writes} writes while {@code readers} threads read; returns once all have stopped. */
    public static Result run(int readers, int writes, Write writer, Read read) throws Exception {
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong acknowledgedPosition = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong reads = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(readers);
        for (int r = 0; r < readers; r++) {
            int reader = r;
            Thread t = new Thread(() -> {
                try {
                    for (int n = 0; !done.get(); n++) {
                        long before = acknowledged.get();
                        long position = acknowledgedPosition.get();
                        String violation = read.read(reader, n, before, position);
                        if (violation != null) {
                            violations.add(violation);
                        } else {
                            reads.incrementAndGet();
                        }
                    }
                } catch (Throwable e) {
                    violations.add(e.toString());
                } finally {
                    finished.countDown();
                }
            }, "racing-reader-" + r);
            t.start();
        }
        try {
            for (int v = 1; v <= writes; v++) {
                long position = writer.write(v);
                acknowledged.set(v);
                acknowledgedPosition.set(position);
            }
        } finally {
            done.set(true);
            finished.await();
        }
        return new Result(new ArrayList<>(violations), reads.get());
    }
}
