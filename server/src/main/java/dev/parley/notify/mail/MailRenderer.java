package dev.parley.notify.mail;

import dev.parley.conversation.ConversationRepository;
import dev.parley.conversation.ConversationRow;
import dev.parley.conversation.TimelineEntry;
import dev.parley.conversation.TimelineRepository;
import dev.parley.desk.Markdown;
import dev.parley.file.FileRepository;
import dev.parley.file.FileRow;
import dev.parley.file.FileService;
import dev.parley.identity.Caller;
import dev.parley.identity.IdentityRepository;
import dev.parley.storage.Database;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One outbox row as the mail its recipient reads, rendered when it is sent (so the words are the
 * recipient's language and the content the message's current text): subject, a text part (the
 * message's Markdown as written) and an HTML part (the message rendered and sanitised by
 * {@link Markdown}, everything else escaped), attachments as links with access tokens, a link
 * to the conversation in the desk and one that turns this kind of mail off. Empty, with a
 * reason, when the recipient no longer gets it.
 */
final class MailRenderer {
    /** A mail ready to be handed to the SMTP server. */
    record Rendered(String toAddress, String toName, String subject, String text, String html, String unsubscribeUrl) {
    }

    /** Either a mail or why there is none. */
    record Result(Rendered mail, String dropReason) {
        static Result drop(String reason) {
            return new Result(null, reason);
        }
    }

    private final Database database;
    private final FileService files;
    private final MailSettings settings;
    private final String baseUrl;

    MailRenderer(Database database, FileService files, MailSettings settings, String baseUrl) {
        this.database = database;
        this.files = files;
        this.settings = settings;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    private record Read(MailUsers.MailUser recipient, Caller caller, ConversationRow conversation, String actorName,
                        TimelineEntry entry, List<FileRow> files, String unsubscribePath) {
    }

    Result render(Outbox.Mail mail) {
        Object read = database.readPrimary(h -> {
            Optional<ConversationRow> c = ConversationRepository.find(h, mail.conversationId());
            if (c.isEmpty()) {
                return "the conversation is gone";
            }
            MailUsers.MailUser recipient = MailUsers.find(h, List.of(mail.recipientId())).get(mail.recipientId());
            if (recipient == null || !recipient.reachable()) {
                return "the recipient is deactivated or has no e-mail address";
            }
            if (!Recipients.maySee(h, recipient.userId(), c.get())) {
                return "the recipient no longer sees the conversation";
            }
            if (MailUsers.optedOut(h, recipient.userId(), mail.kind())) {
                return "the recipient turned " + mail.kind().id() + " off";
            }
            String actorName = mail.actorId() == null ? "Parley"
                    : IdentityRepository.findUser(h, mail.actorId()).map(u -> u.clearName()).orElse("Parley");
            // a new conversation's mails (to staff, or to the customers staff opened it for) show its first message
            TimelineEntry entry = mail.kind() == MailKind.NEW_CONVERSATION || mail.kind() == MailKind.STAFF_OPENED
                    ? TimelineRepository.list(h, c.get().conversationId(), false).stream()
                    .filter(e -> "MESSAGE".equals(e.type())).findFirst().orElse(null)
                    : TimelineRepository.find(h, c.get().conversationId(), mail.subjectId()).orElse(null);
            if (entry != null && entry.internal()) {
                return "a staff note is never mailed";
            }
            List<FileRow> attached = entry == null || !"MESSAGE".equals(entry.type()) ? List.of()
                    : FileRepository.forMessages(h, List.of(entry.entryId())).getOrDefault(entry.entryId(), List.of())
                    .stream().filter(f -> !f.deleted()).toList();
            Caller caller = IdentityRepository.callerFor(h, IdentityRepository.findUser(h, recipient.userId()).orElseThrow(), "mail");
            return new Read(recipient, caller, c.get(), actorName, entry, attached,
                    UnsubscribeLinks.path(h, recipient.userId(), mail.kind()));
        });
        if (read instanceof String reason) {
            return Result.drop(reason);
        }
        Read r = (Read) read;
        MailTexts texts = MailTexts.of(r.recipient().language());
        ConversationRow c = r.conversation();
        String status = mail.kind() == MailKind.STATUS_CHANGE && r.entry() != null ? statusKey(r.entry().content()) : c.status();
        Map<String, String> values = new HashMap<>();
        values.put("shortId", c.shortId());
        values.put("title", c.title());
        values.put("actor", r.actorName());
        values.put("status", texts.get("status." + status));
        values.put("days", String.valueOf(Math.max(1, settings.fileLinkTtl().toDays())));
        String subject = texts.get("subject." + mail.kind().id(), values);
        String intro = texts.get("intro." + mail.kind().id(), values);
        String link = baseUrl + "/conversations/" + c.shortId();
        String unsubscribe = baseUrl + r.unsubscribePath();
        String markdown = r.entry() != null && "MESSAGE".equals(r.entry().type()) && r.entry().content() != null
                ? r.entry().content() : "";

        List<String[]> attachments = new ArrayList<>();
        for (FileRow f : r.files()) {
            String token = files.accessToken(r.caller(), c.conversationId(), f.fileId(), settings.fileLinkTtl()).token();
            attachments.add(new String[]{f.name(), baseUrl + "/v2/files/" + enc(f.fileId()) + "?token=" + enc(token)});
        }
        String why = texts.get(mail.kind().toStaff() ? "why.staff" : "why.customer");
        String reply = mail.replyTo() == null ? "" : texts.get("reply") + " ";

        StringBuilder textFiles = new StringBuilder();
        StringBuilder htmlFiles = new StringBuilder();
        if (!attachments.isEmpty()) {
            textFiles.append('\n').append(texts.get("attachments", values)).append('\n');
            htmlFiles.append("<p>").append(escape(texts.get("attachments", values))).append("</p>\n<ul>\n");
            for (String[] a : attachments) {
                textFiles.append("- ").append(a[0]).append(": ").append(a[1]).append('\n');
                htmlFiles.append("<li><a href=\"").append(escape(a[1])).append("\">").append(escape(a[0])).append("</a></li>\n");
            }
            htmlFiles.append("</ul>");
        }
        String text = MailTexts.layout(MailTexts.TEXT_LAYOUT, Map.ofEntries(
                Map.entry("intro", intro),
                Map.entry("message", markdown.isEmpty() ? "" : markdown.strip() + "\n"),
                Map.entry("attachments", textFiles.toString()),
                Map.entry("open", texts.get("open")),
                Map.entry("link", link),
                Map.entry("reply", reply),
                Map.entry("why", why),
                Map.entry("unsubscribe", texts.get("unsubscribe")),
                Map.entry("unsubscribeLink", unsubscribe)));
        String html = MailTexts.layout(MailTexts.HTML_LAYOUT, Map.ofEntries(
                Map.entry("lang", texts.language),
                Map.entry("subject", escape(subject)),
                Map.entry("intro", escape(intro)),
                Map.entry("message", Markdown.render(markdown)),
                Map.entry("attachments", htmlFiles.toString()),
                Map.entry("open", escape(texts.get("open"))),
                Map.entry("link", escape(link)),
                Map.entry("reply", escape(reply)),
                Map.entry("why", escape(why)),
                Map.entry("unsubscribe", escape(texts.get("unsubscribe"))),
                Map.entry("unsubscribeLink", escape(unsubscribe))));
        return new Result(new Rendered(r.recipient().email(), r.recipient().name(), subject, text, html, unsubscribe), null);
    }

    /** The status a STATUS_UPDATE's content names (STATUS_IN_PROGRESS → inProgress). */
    static String statusKey(String content) {
        if (content == null) {
            return "open";
        }
        return switch (content) {
            case "STATUS_ANSWERED" -> "answered";
            case "STATUS_CLOSED" -> "closed";
            case "STATUS_IN_PROGRESS" -> "inProgress";
            case "STATUS_WAITING" -> "waiting";
            default -> "open";
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
