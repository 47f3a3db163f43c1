package io.jetway.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything log4j2 logs in this JVM while it is open (Jetway, Kafka clients, and Hazelcast members in this
 * JVM with {@code hazelcast.logging.type=log4j2}): each event as {@code LEVEL logger - message}, followed
 * by the stack trace of its exception. Raises the given loggers to the given levels while open, and puts
 * their old levels back on {@link #close()}.
 */
public final class LogCapture implements AutoCloseable {

    private final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
    private final Map<String, Level> previousLevels = new HashMap<>();
    private final LoggerContext context;
    private final AbstractAppender appender;

    private LogCapture(Map<String, Level> levels) {
        this.context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        levels.keySet().forEach(name -> previousLevels.put(name, config.getLoggerConfig(name).getLevel()));
        this.appender = new AbstractAppender("jetway-log-capture-" + UUID.randomUUID(), null, null, false,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(render(event));
            }
        };
        appender.start();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        Configurator.setLevel(levels);
    }

    /**
     * Starts capturing, with {@code levels} (logger name to level, e.g. {@code "io.jetway" -> ALL}) in force
     * until {@link #close()}.
     */
    public static LogCapture start(Map<String, Level> levels) {
        return new LogCapture(levels);
    }

    /** What was captured so far, one event after another. */
    public String text() {
        return String.join(System.lineSeparator(), events);
    }

    /** How many events were captured so far. */
    public int eventCount() {
        return events.size();
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
        Configurator.setLevel(previousLevels);
    }

    private static String render(LogEvent event) {
        String line = event.getLevel() + " " + event.getLoggerName() + " - " + event.getMessage().getFormattedMessage();
        Throwable thrown = event.getThrown();
        if (thrown == null) {
            return line;
        }
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return line + System.lineSeparator() + trace;
    }
}
