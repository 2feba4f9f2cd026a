package dev.parley.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log's batched appender: lines are held until a flush (the timer's, a full buffer's
 * or a stop's), then written whole, once, in order, to {@code System.err} as it is then. Tried:
 * lines that fill the buffer exactly and one byte over, a line larger than the buffer between
 * small ones, a stop with lines held, a restart after a stop (what {@code --log-format} does),
 * stderr replaced after the appender started.
 */
class BatchedStderrAppenderTest {
    private PrintStream realErr;
    private ByteArrayOutputStream err;

    @BeforeEach
    void captureStderr() {
        realErr = System.err;
        err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(realErr);
    }

    private String written() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBatchHoldsLinesUntilFlushedAndNeverSplitsOne() {
        BatchedStderrAppender.Batch batch = new BatchedStderrAppender.Batch(16);
        batch.write(bytes("0123456\n"), 0, 8);
        batch.write(bytes("abcdefg\n"), 0, 8); // exactly full
        assertThat(written()).isEmpty();
        batch.write(bytes("X\n"), 0, 2); // one line over: what is held goes first, whole
        assertThat(written()).isEqualTo("0123456\nabcdefg\n");
        batch.write(bytes("a line longer than the buffer\n"), 0, 30);
        assertThat(written()).isEqualTo("0123456\nabcdefg\nX\na line longer than the buffer\n");
        batch.write(bytes("tail\n"), 0, 5);
        batch.write('!');
        assertThat(written()).endsWith("buffer\n");
        batch.flush();
        assertThat(written()).isEqualTo("0123456\nabcdefg\nX\na line longer than the buffer\ntail\n!");
        batch.close(); // nothing held: nothing more, and stderr stays usable
        assertThat(written()).endsWith("tail\n!");
        System.err.print("after");
        assertThat(written()).endsWith("!after");
    }

    @Test
    void linesHeldAreWrittenWhenLoggingStopsInTheOrderLogged() {
        LoggerContext context = newContext();
        BatchedStderrAppender appender = started(context, 3_600_000); // no timer flush during the test
        Logger access = access(context, appender);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            access.info("GET /v2/conversations/{conversationId} 200 1.{} ms op=x id=r{}", i % 10, i);
            expected.add("id=r" + i);
        }
        String big = "y".repeat(BatchedStderrAppender.BUFFER_BYTES + 10);
        access.info("big {}", big);
        access.info("after the big one");
        expected.add(big);
        expected.add("after the big one");
        assertThat(written()).doesNotContain("after the big one"); // held (the big line pushed out those before it)

        context.stop();

        List<String> lines = written().lines().toList();
        assertThat(lines).hasSize(52);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(lines.get(i)).endsWith(expected.get(i)).contains(" INFO parley.access - ");
        }
    }

    @Test
    void theTimerWritesHeldLinesWithoutAStop() throws InterruptedException {
        LoggerContext context = newContext();
        Logger access = access(context, started(context, BatchedStderrAppender.FLUSH_MILLIS));
        try {
            access.info("GET /healthz 200 0.4 ms op=- id=timer-1");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!written().contains("id=timer-1") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(written()).contains("id=timer-1");
        } finally {
            context.stop();
        }
        assertThat(written().lines().filter(l -> l.contains("id=timer-1"))).hasSize(1);
    }

    @Test
    void aRestartedAppenderWritesAgainAndTheWritesFollowStderrWhereverItGoes() {
        LoggerContext context = newContext();
        BatchedStderrAppender appender = started(context, 3_600_000);
        Logger access = access(context, appender);
        access.info("before the restart");
        appender.stop(); // as --log-format does to swap the encoder
        appender.start();
        ByteArrayOutputStream later = new ByteArrayOutputStream();
        System.setErr(new PrintStream(later, true, StandardCharsets.UTF_8));
        access.info("after the restart");
        context.stop();
        assertThat(written()).contains("before the restart").doesNotContain("after the restart");
        assertThat(later.toString(StandardCharsets.UTF_8)).contains("after the restart").doesNotContain("before");
    }

    /** A context of its own (as logback makes one: with an MDC adapter, which an event's copy of the MDC needs). */
    private static LoggerContext newContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        return context;
    }

    private static BatchedStderrAppender started(LoggerContext context, long flushMillis) {
        BatchedStderrAppender appender = new BatchedStderrAppender(flushMillis);
        appender.setContext(context);
        appender.setName("ACCESS");
        appender.setEncoder(LogFormat.text.encoder(context));
        appender.start();
        return appender;
    }

    private static Logger access(LoggerContext context, BatchedStderrAppender appender) {
        Logger access = context.getLogger(RequestObserver.ACCESS_LOGGER);
        access.setLevel(Level.INFO);
        access.setAdditive(false);
        access.addAppender(appender);
        return access;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
