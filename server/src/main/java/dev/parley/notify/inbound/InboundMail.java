package dev.parley.notify.inbound;

import dev.parley.Platform;
import dev.parley.conversation.ConversationService;
import dev.parley.file.FileService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answering by e-mail: the entry point. With {@code --imap-url}, a {@link MailboxReader} on its
 * own thread reads the reply mailbox and turns replies to notification mails into messages
 * ({@link ReplyProcessor}); without it nothing is read, which the start log says once.
 */
public final class InboundMail {
    private static final Logger LOG = LoggerFactory.getLogger(InboundMail.class);

    private InboundMail() {
    }

    /**
     * The largest mail read: room for one attachment of the upload limit in base64 (4/3) and the
     * text, at least 25 MiB (what mail providers commonly accept).
     */
    static long maxMailBytes(long maxUploadBytes) {
        return Math.max(25L * 1024 * 1024, maxUploadBytes * 2 + 1024 * 1024);
    }

    public static void install(Platform platform, ConversationService conversations, FileService files) {
        InboundMailSettings settings = platform.config().inboundMail();
        if (!settings.enabled()) {
            LOG.info("Answering by e-mail is off (no --imap-url): no mailbox is read");
            return;
        }
        ReplyProcessor processor = new ReplyProcessor(platform.database(), conversations, files, settings);
        MailboxReader reader = new MailboxReader(settings, processor, maxMailBytes(platform.config().files().maxUploadBytes()));
        platform.onClose(reader);
        reader.start();
        LOG.info("Answering by e-mail: reading {} every {} for replies to {}", settings.maskedImapUrl(),
                settings.pollInterval(), settings.replyMailbox());
    }
}
