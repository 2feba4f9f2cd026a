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
}
