package dev.parley.notify.inbound;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Reads the reply mailbox on a thread of its own: every poll interval it opens the folder, hands
 * each unseen mail to the {@link MailHandler} ({@link ReplyProcessor}) and then marks it {@code \Seen}. Mails are read
 * with {@code peek}, so a mail becomes seen only once it is processed (accepted, refused, or
 * found processed already); a crash in between leaves it unseen, and the next read finds its row
 * in {@code inbound_mails} and only marks it. Mails stay in the folder (nothing is moved or
 * deleted). Each mail is fetched whole in one request and read in memory; a mail larger than
 * {@code maxMailBytes} is refused ({@code too-large}) from its headers alone. A failure to connect
 * or read is logged when it first happens and when it changes.
 */
final class MailboxReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxReader.class);
    private static final int TIMEOUT_MILLIS = 30_000;
    /** Reads of one mail that may fail (the database away, a bug) before it is refused as {@code failed}. */
    static final int MAX_ATTEMPTS = 5;

    private final InboundMailSettings.ImapUrl url;
    private final InboundMailSettings settings;
    private final MailHandler processor;
    private final long maxMailBytes;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-mail-in");
        t.setDaemon(true);
        return t;
    });
    private final Object pause = new Object();
    private volatile boolean closed;
    private Store store;
    private String lastFailure;
    /** Failed reads per mail (by Message-ID / header hash), on this node since it started. */
    private final java.util.Map<String, Integer> failures = new java.util.HashMap<>();

    MailboxReader(InboundMailSettings settings, MailHandler processor, long maxMailBytes) {
        this.settings = settings;
        this.maxMailBytes = maxMailBytes;
        this.url = InboundMailSettings.ImapUrl.parse(settings.imapUrl());
        this.processor = processor;
    }

    void start() {
        thread.execute(this::run);
    }

    private void run() {
        try {
            loop();
        } finally {
            disconnect(); // on this thread, which alone uses the store
        }
    }

    private void loop() {
        while (!closed) {
            try {
                readOnce();
                if (lastFailure != null) {
                    LOG.info("Reading the reply mailbox {} works again", url.masked());
                    lastFailure = null;
                }
            } catch (MessagingException | RuntimeException e) {
                failed(e);
                disconnect();
            }
            synchronized (pause) {
                if (!closed) {
                    try {
                        pause.wait(settings.pollInterval().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** One read: every unseen mail of the folder processed and marked seen. */
    private void readOnce() throws MessagingException {
        Store connected = store();
        Folder folder = connected.getFolder(url.folder());
        folder.open(Folder.READ_WRITE);
        try {
            Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
            for (Message message : unseen) {
                if (closed) {
                    return;
                }
                if (process((MimeMessage) message)) {
                    message.setFlag(Flags.Flag.SEEN, true);
                }
            }
        } finally {
            if (folder.isOpen()) {
                folder.close(false);
            }
        }
    }

    /**
     * Whether the mail is done with (to be marked seen). A failure to read or store it leaves it
     * for the next read, up to {@link #MAX_ATTEMPTS} times; then it is refused as {@code failed}.
     */
    private boolean process(MimeMessage message) throws MessagingException {
        try {
            int size = message.getSize();
            if (size > maxMailBytes) {
                processor.refuseUnread(message, "too-large");
            } else {
                // the whole mail in one fetch (with peek), then read locally: no round trip per header or part
                processor.process(new MimeMessage(message));
            }
            if (!failures.isEmpty()) {
                failures.remove(InboundMailLog.key(message));
            }
            return true;
        } catch (jakarta.mail.FolderClosedException | jakarta.mail.StoreClosedException e) {
            throw e; // the connection, not the mail: reconnect at the next read
        } catch (MessagingException | java.io.IOException | RuntimeException e) {
            String key = InboundMailLog.key(message);
            int attempts = failures.merge(key, 1, Integer::sum);
            if (attempts < MAX_ATTEMPTS) {
                LOG.warn("A mail in the reply mailbox could not be processed (attempt {} of {}, tried again at the "
                        + "next read): {}", attempts, MAX_ATTEMPTS, e.toString());
                return false;
            }
            failures.remove(key);
            LOG.warn("A mail in the reply mailbox could not be processed in {} attempts; refused: {}", MAX_ATTEMPTS,
                    e.toString());
            processor.refuseUnread(message, "failed");
            return true;
        }
    }

    private Store store() throws MessagingException {
        if (store != null && store.isConnected()) {
            return store;
        }
        String protocol = url.tls() ? "imaps" : "imap";
        Properties p = new Properties();
        p.setProperty("mail.store.protocol", protocol);
        p.setProperty("mail." + protocol + ".peek", "true");
        p.setProperty("mail." + protocol + ".connectiontimeout", String.valueOf(TIMEOUT_MILLIS));
        p.setProperty("mail." + protocol + ".timeout", String.valueOf(TIMEOUT_MILLIS));
        p.setProperty("mail." + protocol + ".writetimeout", String.valueOf(TIMEOUT_MILLIS));
        if (url.tls()) {
            p.setProperty("mail.imaps.ssl.checkserveridentity", "true");
        } else {
            p.setProperty("mail.imap.starttls.enable", "true");
        }
        Store fresh = Session.getInstance(p).getStore(protocol);
        fresh.connect(url.host(), url.port(), url.user(), url.password());
        store = fresh;
        return fresh;
    }

    private void failed(Exception e) {
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (!message.equals(lastFailure)) {
            LOG.warn("Reading the reply mailbox {} failed (tried again every {}): {}", url.masked(),
                    settings.pollInterval(), message);
        }
        lastFailure = message;
    }

    private void disconnect() {
        try {
            if (store != null) {
                store.close();
            }
        } catch (MessagingException ignored) {
            // already gone
        }
        store = null;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (pause) {
            pause.notifyAll();
        }
        thread.shutdown();
        try {
            // a read in progress finishes its mail (or its network timeout ends it: the thread is a daemon)
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The reply mailbox reader did not stop within 10 s; left to end by itself");
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
