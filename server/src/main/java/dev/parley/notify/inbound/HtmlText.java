package dev.parley.notify.inbound;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an HTML mail body (for mails without a text/plain part): scripts, styles and the
 * head dropped, quoted mails ({@code <blockquote>}, Gmail's and Outlook's quote containers from
 * their start) dropped, block elements and {@code <br>} as line breaks, other tags removed,
 * entities decoded. Not a renderer: enough for what a mail program writes into a reply.
 */
final class HtmlText {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern DROPPED = Pattern.compile(
            "<(head|style|script|title)\\b[^>]*>.*?</\\1\\s*>|<!--.*?-->", FLAGS);
    private static final Pattern BLOCKQUOTE = Pattern.compile("<blockquote\\b[^>]*>.*?</blockquote\\s*>", FLAGS);
    /** Everything from the quote container Gmail or Outlook put the earlier mail in. */
    private static final Pattern QUOTE_CONTAINER = Pattern.compile(
            "<div\\b[^>]*(class=\"[^\"]*(gmail_quote|moz-cite-prefix|yahoo_quoted)[^\"]*\"|id=\"(divRplyFwdMsg|appendonsend)\")[^>]*>.*",
            FLAGS);
    private static final Pattern BREAK = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern BLOCK_END = Pattern.compile(
            "</(p|div|li|tr|h[1-6]|table|ul|ol|pre)\\s*>|<(p|div|tr|li|h[1-6])\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("<[^>]*>", Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.of(
            "nbsp", " ", "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "ndash", "–", "mdash", "—",
            "hellip", "…", "euro", "€");

    private HtmlText() {
    }

    static String of(String html) {
        String s = DROPPED.matcher(html).replaceAll("");
        s = QUOTE_CONTAINER.matcher(s).replaceFirst("");
        s = BLOCKQUOTE.matcher(s).replaceAll("");
        s = s.replaceAll("[\\r\\n]+", " ");
        s = BREAK.matcher(s).replaceAll("\n");
        s = BLOCK_END.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        s = decode(s);
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            out.append(line.replaceAll("[ \\t\\u00a0]+", " ").strip()).append('\n');
        }
        return out.toString().replaceAll("\n{3,}", "\n\n").strip();
    }

    private static String decode(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String replacement;
            if (e.startsWith("#x") || e.startsWith("#X")) {
                replacement = codePoint(Integer.parseInt(e.substring(2), 16));
            } else if (e.startsWith("#")) {
                replacement = codePoint(Integer.parseInt(e.substring(1)));
            } else {
                replacement = NAMED.getOrDefault(e.toLowerCase(java.util.Locale.ROOT), m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String codePoint(int cp) {
        return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : "";
    }
}
