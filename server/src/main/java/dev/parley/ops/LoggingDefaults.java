package dev.parley.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Parley's logging when nobody configured logback: one line per event on stderr in the text
 * layout ({@link LogFormat#TEXT_PATTERN}: time, level, logger, message), INFO and up, the
 * server libraries' chatter (Jetty, Javalin, HikariCP, Flyway) from WARN up. The access log
 * ({@code parley.access}, a line per request) has an appender of its own that writes its lines in
 * batches ({@link BatchedStderrAppender}). {@code --log-format json} swaps the encoders at start
 * ({@link LogFormat#apply}).
 *
 * <p>Set up in code rather than in a bundled logback.xml: reading XML (Joran) was about a tenth
 * of a second of every start. An operator's own configuration still wins: with
 * {@code -Dlogback.configurationFile=…}, or a logback.xml or logback-test.xml on the class path,
 * this steps aside and logback reads that file as usual. Found by logback through
 * {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LoggingDefaults extends ContextAwareBase implements Configurator {
    /** Loggers quieter than the root's INFO: what the libraries say at start and per request. */
    private static final String[] WARN_ONLY = {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb"};

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (configuredElsewhere()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY; // logback's own file lookup (Joran) takes it
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether logback should read a configuration file instead: one named, or one on the class path. */
    static boolean configuredElsewhere() {
        return System.getProperty("logback.configurationFile") != null || onClassPath("logback-test.xml")
                || onClassPath("logback.xml");
    }

    /** Parley's default: stderr, the text layout, INFO, the libraries at WARN; access lines in batches. */
    static void apply(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        console.setEncoder(LogFormat.text.encoder(context));
        console.start();

        BatchedStderrAppender batched = new BatchedStderrAppender();
        batched.setContext(context);
        batched.setName("ACCESS");
        batched.setEncoder(LogFormat.text.encoder(context));
        batched.start();
        ch.qos.logback.classic.Logger access = context.getLogger(RequestObserver.ACCESS_LOGGER);
        access.setAdditive(false); // written once, by its own appender
        access.addAppender(batched);

        for (String name : WARN_ONLY) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
    }

    /**
     * Stops logback (when it is the SLF4J backend), so that its appenders write what they hold
     * ({@link BatchedStderrAppender}'s access lines): the last step before the JVM halts.
     */
    public static void stop() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }

    private static boolean onClassPath(String resource) {
        ClassLoader loader = LoggingDefaults.class.getClassLoader();
        return loader != null && loader.getResource(resource) != null;
    }
}
