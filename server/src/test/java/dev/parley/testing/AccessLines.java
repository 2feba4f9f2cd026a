package dev.parley.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access lines ({@code parley.access}) of each test, captured in a {@link ListAppender} at INFO
 * (the tests' logback-test.xml keeps them quiet); register with
 * {@code @RegisterExtension final AccessLines lines = AccessLines.capture(…)}. After each test the
 * appender is detached and the logger's level and additivity restored.
 */
public final class AccessLines implements BeforeEachCallback, AfterEachCallback {
    private static final String LOGGER = "parley.access"; // RequestObserver.ACCESS_LOGGER

    private final boolean console;
    private ListAppender<ILoggingEvent> events;
    private Level level;
    private boolean additive;

    private AccessLines(boolean console) {
        this.console = console;
    }

    /** {@code console} false also keeps the lines off the console (the root logger's appenders). */
    public static AccessLines capture(boolean console) {
        return new AccessLines(console);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Logger access = access();
        events = new ListAppender<>();
        events.start();
        level = access.getLevel();
        additive = access.isAdditive();
        access.setLevel(Level.INFO);
        if (!console) {
            access.setAdditive(false);
        }
        access.addAppender(events);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger access = access();
        access.detachAppender(events);
        access.setLevel(level);
        access.setAdditive(additive);
    }

    /** The one access line of {@code requestId} in this test, as {@link #only(ListAppender, String)}. */
    public ILoggingEvent only(String requestId) {
        return only(events, requestId);
    }

    /**
     * The one access line of {@code requestId} (a line ending {@code " id=" + requestId}). The line
     * is written once the answer is complete, which the client may see first: it is waited for (up
     * to 10 s).
     */
    public static ILoggingEvent only(ListAppender<ILoggingEvent> events, String requestId) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<ILoggingEvent> matching;
        while (true) {
            synchronized (events) { // AppenderBase appends under the appender's lock
                matching = new ArrayList<>(events.list).stream()
                        .filter(e -> e.getFormattedMessage().endsWith(" id=" + requestId)).toList();
            }
            if (!matching.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(matching).as("access lines of request " + requestId).hasSize(1);
        return matching.get(0);
    }

    private static Logger access() {
        return (Logger) LoggerFactory.getLogger(LOGGER);
    }
}
