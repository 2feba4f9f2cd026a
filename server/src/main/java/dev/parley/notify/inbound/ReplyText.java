package dev.parley.notify.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What someone wrote in a reply mail, without what their mail program added: the quoted earlier
 * mail and the signature. Cut at the first of
 * <ul>
 *   <li>an attribution line with a date or time in it or a quote after it: {@code On … wrote:} (also
 *       wrapped over two lines), {@code Am … schrieb …:},
 *       {@code Le … a écrit :}, {@code El … escribió:}, {@code Op … schreef …:};</li>
 *   <li>Outlook's separators: {@code -----Original Message-----}, {@code -----Ursprüngliche Nachricht-----},
 *       a line of underscores, or a header block ({@code From:}/{@code Von:} followed within a few lines
 *       by {@code Sent:}/{@code Gesendet:}/{@code Date:}/{@code Datum:}/{@code To:}/{@code An:}/{@code Subject:}/{@code Betreff:});</li>
 *   <li>the signature delimiter {@code -- } (also without its space), and mobile footers
 *       ({@code Sent from my iPhone}, {@code Von meinem iPhone gesendet});</li>
 *   <li>a "reply above this line" marker that a notification may carry.</li>
 * </ul>
 * Lines quoted with {@code >} are dropped wherever they are (an answer written between quotes keeps
 * its own lines). Blank lines at either end are removed and runs of blank lines shortened to one.
 */
public final class ReplyText {
    private static final Pattern ON_WROTE = Pattern.compile(
            "^\\s*(on|am|le|el|op|il|em|den)\\s.*\\b(wrote|schrieb|a écrit|escribió|schreef|ha scritto|escreveu|skrev)"
                    + "(\\s.*)?:\\s*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** The start of an attribution line that the mail program wrapped (its end is on the next line). */
    private static final Pattern ATTRIBUTION_START = Pattern.compile("^\\s*(on|am)\\s.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern WRAPPED_END = Pattern.compile(
            "^.*\\b(wrote|schrieb)(\\s.*)?:\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
            "^\\s*-{2,}\\s*(original message|ursprüngliche nachricht|originalnachricht|message d'origine|forwarded message"
                    + "|weitergeleitete nachricht)\\s*-{2,}\\s*$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern UNDERSCORES = Pattern.compile("^\\s*_{10,}\\s*$");
    private static final Pattern HEADER_FROM = Pattern.compile("^\\s*\\*?(from|von|de)\\s*:\\*?\\s.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADER_OTHER = Pattern.compile(
            "^\\s*\\*?(sent|gesendet|date|datum|to|an|subject|betreff|envoyé|cc)\\s*:\\*?(\\s.*)?$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern MOBILE_FOOTER = Pattern.compile(
            "^\\s*(sent from my \\S+.*|von meinem \\S+ gesendet.*|gesendet von meinem \\S+.*|get outlook for \\S+.*)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern REPLY_MARKER = Pattern.compile(
            ".*(reply above this line|antworten sie oberhalb dieser zeile|oberhalb dieser zeile antworten).*",
            Pattern.CASE_INSENSITIVE);

    private ReplyText() {
    }

    /** The reply's own text: quotes, attribution and everything after it, signature removed. */
    public static String strip(String mail) {
        if (mail == null) {
            return "";
        }
        String[] lines = mail.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        int end = cutAt(lines);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            String line = stripTrailing(lines[i]);
            if (line.stripLeading().startsWith(">")) {
                continue;
            }
            kept.add(line);
        }
        return tidy(kept);
    }

    /** The index of the first line that belongs to what the mail program added (lines.length if none). */
    private static int cutAt(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String plain = line.strip();
            if (plain.equals("--") || line.equals("-- ") || plain.equals("-- ")) {
                return i;
            }
            if (ON_WROTE.matcher(plain).matches() && (hasDigit(plain) || quoteFollows(lines, i + 1))
                    || ORIGINAL_MESSAGE.matcher(plain).matches()
                    || MOBILE_FOOTER.matcher(plain).matches() || REPLY_MARKER.matcher(plain).matches()) {
                return i;
            }
            if (ATTRIBUTION_START.matcher(plain).matches() && hasDigit(plain) && i + 1 < lines.length
                    && WRAPPED_END.matcher(lines[i + 1].strip()).matches() && !lines[i + 1].strip().startsWith(">")
                    && quoteFollows(lines, i + 2)) {
                return i;
            }
            if (UNDERSCORES.matcher(plain).matches() && headerBlockAt(lines, i + 1)) {
                return i;
            }
            if (headerBlockAt(lines, i)) {
                return i;
            }
        }
        return lines.length;
    }

    /** Whether the next non-blank line from {@code from} on is quoted (or the mail ends). */
    private static boolean quoteFollows(String[] lines, int from) {
        for (int i = from; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                return lines[i].stripLeading().startsWith(">");
            }
        }
        return true;
    }

    /** Outlook's header block: a From:/Von: line with another header line within the next four. */
    private static boolean headerBlockAt(String[] lines, int i) {
        if (i >= lines.length || !HEADER_FROM.matcher(lines[i].strip()).matches()) {
            return false;
        }
        int headers = 0;
        for (int j = i + 1; j < Math.min(lines.length, i + 5); j++) {
            if (HEADER_OTHER.matcher(lines[j].strip()).matches()) {
                headers++;
            }
        }
        return headers >= 1;
    }

    /** Attribution lines carry a date or time (or a quote follows); "Am Montag schrieb ich:" in a reply's own text does not. */
    private static boolean hasDigit(String line) {
        return line.chars().anyMatch(Character::isDigit);
    }

    private static String stripTrailing(String line) {
        return line.stripTrailing();
    }

    private static String tidy(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        StringBuilder out = new StringBuilder();
        boolean blank = false;
        for (String line : lines.subList(from, to)) {
            if (line.isBlank()) {
                blank = true;
                continue;
            }
            if (blank) {
                out.append("\n\n");
            } else if (out.length() > 0) {
                out.append('\n');
            }
            blank = false;
            out.append(line);
        }
        return out.toString();
    }
}
