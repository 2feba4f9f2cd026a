package dev.parley.events;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Keeps this node's view of the event log current when several nodes share one PostgreSQL:
 * {@code LISTEN parley_events} for latency, and a poll of the log's head every second so that
 * nothing is missed while the listening connection is down (it reconnects by itself). The same
 * poll runs what features asked for with {@link Signals#everyPoll} (the identity version).
 */
public final class EventListener implements AutoCloseable {
    public static final String CHANNEL = "parley_events";
    private static final Logger LOG = LoggerFactory.getLogger(EventListener.class);

    private final String jdbcUrl;
    private final EventLog events;
    private final Thread thread;
    private volatile boolean running = true;
    /** Whether the LISTEN connection is up (readiness: without it this node learns of other nodes' writes only by polling). */
    private volatile boolean connected;

    private final Signals signals;

    public EventListener(String jdbcUrl, EventLog events, Signals signals) {
        this.jdbcUrl = jdbcUrl;
        this.events = events;
        this.signals = signals;
        this.thread = new Thread(this::run, "parley-event-listener");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl, applicationName())) {
                try (Statement st = connection.createStatement()) {
                    st.execute("LISTEN " + CHANNEL);
                }
                connected = true;
                java.util.Set<String> listening = new java.util.HashSet<>();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    listenToNewChannels(connection, listening);
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            if (CHANNEL.equals(n.getName())) {
                                events.observed(Long.parseLong(n.getParameter()));
                            } else {
                                signals.deliver(n.getName(), n.getParameter());
                            }
                        }
                    }
                    events.observedHead(events.readLastPosition());
                    signals.polled();
                }
            } catch (Exception e) {
                connected = false;
                if (!running) {
                    return;
                }
                LOG.warn("Event listener lost its connection ({}); polling until it is back", e.getMessage());
                try {
                    events.observedHead(events.readLastPosition());
                    signals.polled();
                } catch (RuntimeException ignored) {
                    // the database itself is away; try again shortly
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Listens to the signal channels registered since the last look (features register theirs
     * after this thread started); what was signalled before counts as missed.
     */
    private void listenToNewChannels(Connection connection, java.util.Set<String> listening) throws java.sql.SQLException {
        for (String channel : signals.channels()) {
            if (listening.add(channel)) {
                try (Statement st = connection.createStatement()) {
                    st.execute("LISTEN " + channel);
                }
                signals.missed(channel);
            }
        }
    }

    /** Named like the pools' connections, so that operators (and tests) see and can end it alike. */
    private static java.util.Properties applicationName() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("ApplicationName", "parley");
        return properties;
    }

    /** Whether the listening connection is up now. */
    public boolean connected() {
        return connected && running;
    }

    @Override
    public void close() {
        running = false;
        connected = false;
        thread.interrupt();
    }
}
