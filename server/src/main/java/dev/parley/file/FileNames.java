package dev.parley.file;

import java.text.Normalizer;

/**
 * File names as stored and served: the last path segment only, NFC-normalised, without control
 * or format characters, quotes or backslashes, and no longer than the rules allow (the
 * extension is kept when shortening).
 */
public final class FileNames {
    private FileNames() {
    }

    /** The safe form of a client's file name; empty when nothing usable is left. */
    public static String sanitise(String raw, int maxLength) {
        if (raw == null) {
            return "";
        }
        String name = raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        name = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean drop = Character.isISOControl(cp) || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE
                    || cp == '"' || cp == '\\' || cp == '/' || cp == ':' || cp == '*' || cp == '?' || cp == '<' || cp == '>' || cp == '|';
            if (!drop) {
                out.appendCodePoint(cp);
            }
        });
        String cleaned = out.toString().strip();
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1);
        }
        if (cleaned.codePointCount(0, cleaned.length()) > maxLength) {
            int dot = cleaned.lastIndexOf('.');
            String ext = dot > 0 && cleaned.length() - dot <= 10 ? cleaned.substring(dot) : "";
            String base = cleaned.substring(0, cleaned.length() - ext.length());
            int keep = maxLength - ext.codePointCount(0, ext.length());
            base = base.substring(0, base.offsetByCodePoints(0, Math.min(keep, base.codePointCount(0, base.length()))));
            cleaned = base.strip() + ext;
        }
        return cleaned;
    }

    /**
     * {@code name} as one URL path segment (RFC 3986): letters, digits and {@code -._~} stay,
     * everything else is percent-encoded as UTF-8 ({@code "Mein Bericht #1.pdf"} →
     * {@code Mein%20Bericht%20%231.pdf}), so that the segment can be put in a URL as it is
     * (friendlyUrl) and a path parameter decodes to the name again.
     */
    public static String urlSegment(String name) {
        StringBuilder out = new StringBuilder(name.length() + 16);
        for (byte b : name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
