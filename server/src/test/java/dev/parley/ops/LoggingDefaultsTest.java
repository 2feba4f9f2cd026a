package dev.parley.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parley's logging set up in code: stderr, the text layout, INFO at the root, the libraries at
 * WARN, the access log on an appender of its own that writes in batches; found by logback as a service; and out of the way when a configuration file is there
 * (the tests' own logback-test.xml is on this class path, so {@code configure} must step aside).
 */
class LoggingDefaultsTest {

    @Test
    void logbackFindsItAsAService() {
        List<String> found = new ArrayList<>();
        ServiceLoader.load(Configurator.class).forEach(c -> found.add(c.getClass().getName()));
        assertThat(found).contains(LoggingDefaults.class.getName());
    }

    @Test
    void writesTheTextLayoutToStderrAtInfoWithTheLibrariesAtWarn() {
        LoggerContext context = new LoggerContext();
        LoggingDefaults.apply(context);

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        for (String library : List.of("org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb")) {
            assertThat(context.getLogger(library + ".Any").isInfoEnabled()).as(library).isFalse();
            assertThat(context.getLogger(library + ".Any").isWarnEnabled()).as(library).isTrue();
        }
        assertThat(context.getLogger("dev.parley.Parley").isInfoEnabled()).isTrue();
        assertThat(context.getLogger("dev.parley.Parley").isDebugEnabled()).isFalse();

        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appenders::add);
        assertThat(appenders).hasSize(1);
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) appenders.get(0);
        assertThat(console.isStarted()).isTrue();
        assertThat(console.getTarget()).isEqualTo("System.err");

        // the access log: its own appender (lines written in batches), and not the console's too
        ch.qos.logback.classic.Logger access = context.getLogger(RequestObserver.ACCESS_LOGGER);
        assertThat(access.isAdditive()).isFalse();
        assertThat(access.isInfoEnabled()).isTrue();
        List<Appender<ILoggingEvent>> accessAppenders = new ArrayList<>();
        access.iteratorForAppenders().forEachRemaining(accessAppenders::add);
        assertThat(accessAppenders).singleElement().isInstanceOf(BatchedStderrAppender.class)
                .satisfies(a -> assertThat(a.isStarted()).isTrue());
        assertThat(((BatchedStderrAppender) accessAppenders.get(0)).getEncoder()).isInstanceOf(PatternLayoutEncoder.class);

        PatternLayoutEncoder encoder = (PatternLayoutEncoder) console.getEncoder();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("dev.parley.Parley"), Level.WARN,
                "stopping {}", null, new Object[]{"now"});
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} WARN dev\\.parley\\.Parley - stopping now\\R");
        context.stop();
    }

    @Test
    void aConfigurationFileOnTheClassPathWins() {
        assertThat(LoggingDefaults.configuredElsewhere()).isTrue(); // logback-test.xml of the tests
        LoggerContext context = new LoggerContext();
        LoggingDefaults defaults = new LoggingDefaults();
        defaults.setContext(context);
        assertThat(defaults.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        context.stop();
    }
}
