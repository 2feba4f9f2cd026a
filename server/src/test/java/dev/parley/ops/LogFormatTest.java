package dev.parley.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --log-format}: json puts logback's JsonEncoder on the stream appenders of the root logger
 * and of the access log; text leaves an operator's own layout alone (a logback configuration file
 * given with {@code -Dlogback.configurationFile}) and only undoes a switch to JSON.
 */
class LogFormatTest {

    @Test
    void textKeepsAnOperatorsLayoutAndJsonReplacesIt() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        PatternLayoutEncoder own = new PatternLayoutEncoder();
        own.setContext(context);
        own.setPattern("OPERATOR %msg%n");
        own.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("operator");
        appender.setEncoder(own);
        appender.setOutputStream(new ByteArrayOutputStream());
        appender.start();
        root.addAppender(appender);
        try {
            LogFormat.text.apply();
            assertThat(appender.getEncoder()).isSameAs(own);

            LogFormat.json.apply();
            assertThat(appender.getEncoder()).isInstanceOf(JsonEncoder.class);

            LogFormat.text.apply();
            assertThat(appender.getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
            assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern()).isEqualTo(LogFormat.TEXT_PATTERN);
        } finally {
            root.detachAppender(appender);
            appender.stop();
        }
    }

    @Test
    void theAccessLogsOwnAppenderSwitchesToo() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger access = context.getLogger(RequestObserver.ACCESS_LOGGER);
        BatchedStderrAppender appender = new BatchedStderrAppender();
        appender.setContext(context);
        appender.setName("access-test");
        appender.setEncoder(LogFormat.text.encoder(context));
        appender.start();
        access.addAppender(appender);
        try {
            LogFormat.json.apply();
            assertThat(appender.getEncoder()).isInstanceOf(JsonEncoder.class);
            assertThat(appender.isStarted()).isTrue();

            LogFormat.text.apply();
            assertThat(appender.getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
            assertThat(appender.isStarted()).isTrue();
        } finally {
            access.detachAppender(appender);
            appender.stop();
        }
    }
}
