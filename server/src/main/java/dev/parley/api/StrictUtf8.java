package dev.parley.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Request text must be well-formed UTF-8, decoded strictly: an overlong form (C0 BC for
 * {@code <}), an encoded surrogate (ED A0 80), a code point above U+10FFFF, a byte that never
 * occurs in UTF-8 (C0, C1, F5–FF), a stray continuation byte or a sequence cut short is a 400,
 * never read leniently as some other character or replaced by U+FFFD. Lenient decoders (Jackson's
 * byte parser, {@code URLDecoder}) would let such bytes through as characters that checks made
 * on the raw bytes (a proxy's, a filter's) did not see.
 */
public final class StrictUtf8 {
    private StrictUtf8() {
    }

    /** A JSON body's bytes as text; a 400 {@code ValidationError} when they are not well-formed UTF-8. */
    public static String body(byte[] raw) {
        String text = decode(raw);
        if (text == null) {
            throw ApiError.validation("", "format", "Request body is not well-formed UTF-8",
                    Map.of("format", "utf-8"));
        }
        // a byte order mark, which the byte parser skipped before, is no part of the JSON
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Checks the query string as the client sent it: its percent-encoded bytes must decode as
     * UTF-8. Raw bytes above ASCII were decoded by Jetty already, an ill-formed sequence into
     * U+FFFD; so a raw U+FFFD is refused too (sent percent-encoded, it is accepted).
     */
    public static void checkQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String decodedName = percentDecode(name);
            if (decodedName == null) {
                throw notUtf8(".query");
            }
            if (equals >= 0 && percentDecode(pair.substring(equals + 1)) == null) {
                throw notUtf8(decodedName.matches("[A-Za-z0-9\\[\\]]{1,64}") ? "." + decodedName : ".query");
            }
        }
    }

    private static ApiError notUtf8(String path) {
        return ApiError.validation(path, "format", "must be percent-encoded, well-formed UTF-8",
                Map.of("format", "utf-8"));
    }

    /**
     * The text of one percent-encoded query component, or null when its bytes are not well-formed
     * UTF-8. A {@code %} not followed by two hex digits is kept as it is (what the parameter
     * parsing makes of it is checked there).
     */
    static String percentDecode(String component) {
        if (component.indexOf('%') < 0 && component.indexOf('\uFFFD') < 0) {
            return component;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '\uFFFD') {
                return null;
            }
            if (c == '%' && i + 2 < component.length() && hex(component.charAt(i + 1)) >= 0
                    && hex(component.charAt(i + 2)) >= 0) {
                bytes.write(hex(component.charAt(i + 1)) * 16 + hex(component.charAt(i + 2)));
                i += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < component.length()) {
                bytes.writeBytes(component.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return decode(bytes.toByteArray());
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** The text of {@code bytes}, or null when they are not well-formed UTF-8. */
    static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return null;
        }
        result = decoder.flush(out);
        if (result.isError()) {
            return null;
        }
        return out.flip().toString();
    }
}
