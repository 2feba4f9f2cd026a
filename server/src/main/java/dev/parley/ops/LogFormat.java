package dev.parley.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-format text|json}: every log line (Parley's, the access log's, the libraries')
 * either in the text layout of {@link LoggingDefaults} or as one JSON object per line, written by logback's
 * own {@link JsonEncoder} (timestamp, level, loggerName, message, the MDC's requestId and the
 * access log's key-value pairs, the throwable). Applied at start, before the server logs.
 */
public enum LogFormat {
    text, json;

    /** The text layout: time, level, logger, message. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %level %logger - %msg%n";

    /**
     * Switches the stream appenders of the root logger and of the access log to this format. Text
     * leaves an appender's own layout alone (Parley's default, or an operator's logback
     * configuration) and only undoes an earlier switch to JSON.
     */
    public void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend (an embedding application's): its own configuration rules
        }
        apply(context, context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
        apply(context, context.getLogger(RequestObserver.ACCESS_LOGGER));
    }

    private void apply(LoggerContext context, Logger logger) {
        logger.iteratorForAppenders().forEachRemaining(appender -> {
            if (appender instanceof OutputStreamAppender<ILoggingEvent> stream
                    && (this == json || stream.getEncoder() instanceof JsonEncoder)) {
                Encoder<ILoggingEvent> encoder = encoder(context);
                stream.stop();
                stream.setEncoder(encoder);
                stream.start();
            }
        });
    }

    /** A started encoder of this format (the text one is also Parley's default, {@link LoggingDefaults}). */
    Encoder<ILoggingEvent> encoder(LoggerContext context) {
        Encoder<ILoggingEvent> encoder;
        if (this == json) {
            JsonEncoder e = new JsonEncoder();
            e.setWithSequenceNumber(false);
            e.setWithNanoseconds(false);
            e.setWithContext(false);
            e.setWithMessage(false); // the formatted message instead of the pattern and its arguments
            e.setWithArguments(false);
            e.setWithFormattedMessage(true);
            encoder = e;
        } else {
            PatternLayoutEncoder e = new PatternLayoutEncoder();
            e.setPattern(TEXT_PATTERN);
            encoder = e;
        }
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }
}
