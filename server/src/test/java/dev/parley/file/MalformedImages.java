package dev.parley.file;

import dev.parley.testing.SampleFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Broken images made in code, each starting with its format's magic bytes (so that content
 * sniffing takes it for that image type) and broken in one way: cut off inside a header, a
 * length field claiming more than the file holds (up to 2 GiB), chunks in the wrong order, the
 * header that carries the dimensions missing. Also well-formed GIF and WebP files, which the
 * JDK cannot write.
 */
final class MalformedImages {
    /**
     * Just under 2 GiB: about the largest length a PNG chunk or a signed 32-bit field can claim,
     * and an array size the JVM would really try to allocate (at exactly 2^31 - 1 it refuses at once).
     */
    static final int TWO_GIB = Integer.MAX_VALUE - 1024;

    private MalformedImages() {
    }

    /** An upload: its file name (the extension of its type) and bytes. */
    record Sample(String name, String mimeType, byte[] bytes) {
    }

    /** Every broken variant of every image type, by a name saying what is wrong with it. */
    static Map<String, Sample> all() {
        Map<String, Sample> all = new LinkedHashMap<>();
        png().forEach((k, v) -> all.put(k, new Sample(k + ".png", "image/png", v)));
        jpeg().forEach((k, v) -> all.put(k, new Sample(k + ".jpg", "image/jpeg", v)));
        gif().forEach((k, v) -> all.put(k, new Sample(k + ".gif", "image/gif", v)));
        webp().forEach((k, v) -> all.put(k, new Sample(k + ".webp", "image/webp", v)));
        return all;
    }

    // ---- PNG ----------------------------------------------------------------------------------

    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static Map<String, byte[]> png() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] valid = SampleFiles.pngClaiming(30, 20);
        m.put("png-truncated-at-8", Arrays.copyOf(valid, 8));
        m.put("png-truncated-at-16", Arrays.copyOf(valid, 16));
        m.put("png-truncated-at-20", Arrays.copyOf(valid, 20));
        m.put("png-truncated-in-idat", Arrays.copyOf(valid, 33 + 10));
        m.put("png-without-iend", Arrays.copyOf(valid, valid.length - 12));
        m.put("png-ihdr-length-2gib", concat(PNG_SIGNATURE, int32(TWO_GIB), ascii("IHDR"), ihdr(30, 20), new byte[64]));
        m.put("png-ihdr-length-negative", concat(PNG_SIGNATURE, int32(0xfffffff0), ascii("IHDR"), ihdr(30, 20), new byte[64]));
        m.put("png-ihdr-length-short", concat(PNG_SIGNATURE, pngChunk("IHDR", Arrays.copyOf(ihdr(30, 20), 8)), iend()));
        m.put("png-first-chunk-not-ihdr", concat(PNG_SIGNATURE, pngChunk("tEXt", ascii("Comment\0hello")),
                pngChunk("IHDR", ihdr(30, 20)), idat(), iend()));
        m.put("png-no-ihdr", concat(PNG_SIGNATURE, idat(), iend()));
        m.put("png-chunk-type-not-letters", concat(PNG_SIGNATURE, pngChunk("IHDR", ihdr(30, 20)),
                pngChunk("\0\1\2\3", new byte[4]), idat(), iend()));
        for (String type : new String[]{"iCCP", "zTXt", "iTXt", "tEXt"}) {
            // 2 GiB claimed by a file of about 140 bytes, before and after the header
            byte[] claim = concat(int32(TWO_GIB), ascii(type), ascii("icc\0\0"), new byte[60]);
            m.put("png-" + type + "-2gib-before-ihdr", concat(PNG_SIGNATURE, claim, pngChunk("IHDR", ihdr(30, 20)), iend()));
            m.put("png-" + type + "-2gib-after-ihdr", concat(PNG_SIGNATURE, pngChunk("IHDR", ihdr(30, 20)), claim,
                    idat(), iend()));
        }
        return m;
    }

    static byte[] ihdr(int width, int height) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0)
                .put((byte) 0).put((byte) 0).array();
    }

    private static byte[] idat() {
        return pngChunk("IDAT", new byte[]{0x78, (byte) 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01});
    }

    private static byte[] iend() {
        return pngChunk("IEND", new byte[0]);
    }

    static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return concat(int32(data.length), typeBytes, data, int32((int) crc.getValue()));
    }

    // ---- JPEG ---------------------------------------------------------------------------------

    static Map<String, byte[]> jpeg() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] valid = SampleFiles.jpeg(30, 20);
        int sof = segmentOffset(valid, 0xC0);
        int app0 = segmentOffset(valid, 0xE0);
        m.put("jpeg-truncated-after-soi", new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff});
        m.put("jpeg-truncated-at-marker", new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0});
        m.put("jpeg-truncated-in-app0", Arrays.copyOf(valid, app0 + 9));
        m.put("jpeg-truncated-before-sof", Arrays.copyOf(valid, sof));
        m.put("jpeg-truncated-in-sof", Arrays.copyOf(valid, sof + 6));
        m.put("jpeg-truncated-in-sof-length", Arrays.copyOf(valid, sof + 3));
        // APP1 claiming 65535 bytes in a file of a few dozen; then the same in front of a real image
        m.put("jpeg-app1-longer-than-file", concat(new byte[]{(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe1,
                (byte) 0xff, (byte) 0xff}, ascii("Exif\0\0"), new byte[40]));
        m.put("jpeg-app1-longer-than-rest", concat(Arrays.copyOf(valid, 2), new byte[]{(byte) 0xff, (byte) 0xe1,
                (byte) 0xff, (byte) 0xff}, Arrays.copyOfRange(valid, 2, Math.min(valid.length, 2000))));
        m.put("jpeg-segment-length-below-2", concat(Arrays.copyOf(valid, 2), new byte[]{(byte) 0xff, (byte) 0xe1, 0, 1},
                Arrays.copyOfRange(valid, 2, valid.length)));
        m.put("jpeg-without-sof", withoutSegment(valid, sof));
        byte[] shortSof = concat(Arrays.copyOf(valid, sof), new byte[]{(byte) 0xff, (byte) 0xc0, 0, 5, 8, 0, 20},
                Arrays.copyOfRange(valid, sof + 2 + segmentLength(valid, sof), valid.length));
        m.put("jpeg-sof-too-short", shortSof);
        return m;
    }

    /** Where the first segment with this marker starts (its 0xFF), walking the segments. */
    static int segmentOffset(byte[] jpeg, int marker) {
        int at = 2;
        while (at + 4 <= jpeg.length) {
            int m = jpeg[at + 1] & 0xff;
            if (m == marker) {
                return at;
            }
            at += 2 + segmentLength(jpeg, at);
        }
        throw new IllegalStateException("No segment " + Integer.toHexString(marker));
    }

    private static int segmentLength(byte[] jpeg, int at) {
        return ((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff);
    }

    private static byte[] withoutSegment(byte[] jpeg, int at) {
        int end = at + 2 + segmentLength(jpeg, at);
        return concat(Arrays.copyOf(jpeg, at), Arrays.copyOfRange(jpeg, end, jpeg.length));
    }

    // ---- GIF ----------------------------------------------------------------------------------

    static byte[] validGif(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "gif", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Map<String, byte[]> gif() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] valid = validGif(30, 20);
        m.put("gif-truncated-at-6", Arrays.copyOf(valid, 6));
        m.put("gif-truncated-at-8", Arrays.copyOf(valid, 8));
        m.put("gif-truncated-at-12", Arrays.copyOf(valid, 12));
        m.put("gif-truncated-in-colour-table", Arrays.copyOf(valid, 20));
        m.put("gif-truncated-in-image", Arrays.copyOf(valid, valid.length - 4));
        m.put("gif-without-trailer", Arrays.copyOf(valid, valid.length - 1));
        m.put("gif-unknown-block", concat(Arrays.copyOf(valid, valid.length - 1), new byte[]{0x42, 0x3b}));
        // a comment extension whose sub-block says 255 bytes follow, in a file that ends after 10
        byte[] header = Arrays.copyOf(valid, 13); // no global colour table flag kept: cleared below
        header[10] = 0;
        m.put("gif-sub-block-longer-than-file", concat(header, new byte[]{0x21, (byte) 0xfe, (byte) 0xff}, new byte[10]));
        return m;
    }

    // ---- WebP ---------------------------------------------------------------------------------

    /** A RIFF WEBP file of the given chunks, with a correct RIFF size. */
    static byte[] riff(byte[]... chunks) {
        byte[] body = concat(chunks);
        return concat(ascii("RIFF"), le32(4 + body.length), ascii("WEBP"), body);
    }

    static byte[] riffChunk(String fourCC, byte[] payload) {
        byte[] padded = payload.length % 2 == 0 ? payload : Arrays.copyOf(payload, payload.length + 1);
        return concat(ascii(fourCC), le32(payload.length), padded);
    }

    /** A lossless WebP header (VP8L) of the given size followed by some (undecoded) data. */
    static byte[] validWebpLossless(int width, int height) {
        int w = width - 1;
        int h = height - 1;
        byte[] vp8l = {0x2f, (byte) w, (byte) (((w >> 8) & 0x3f) | ((h & 0x3) << 6)), (byte) (h >> 2),
                (byte) ((h >> 10) & 0x0f), 0, 0, 0, 0, 0};
        return riff(riffChunk("VP8L", vp8l));
    }

    /** A lossy WebP (VP8 key frame header) of the given size. */
    static byte[] validWebpLossy(int width, int height) {
        byte[] vp8 = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x10).put((byte) 0x02)
                .put((byte) 0).put((byte) 0x9d).put((byte) 0x01).put((byte) 0x2a)
                .putShort((short) width).putShort((short) height).array();
        return riff(riffChunk("VP8 ", vp8));
    }

    /** An extended WebP (VP8X canvas header, then the image). */
    static byte[] validWebpExtended(int width, int height) {
        byte[] vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putInt(0).array();
        put24(vp8x, 4, width - 1);
        put24(vp8x, 7, height - 1);
        byte[] lossless = validWebpLossless(width, height);
        return riff(riffChunk("VP8X", vp8x), Arrays.copyOfRange(lossless, 12, lossless.length));
    }

    static Map<String, byte[]> webp() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] lossless = validWebpLossless(30, 20);
        byte[] extended = validWebpExtended(30, 20);
        m.put("webp-truncated-at-16", Arrays.copyOf(lossless, 16));
        m.put("webp-truncated-at-20", Arrays.copyOf(lossless, 20));
        m.put("webp-riff-size-2gib", concat(ascii("RIFF"), le32(TWO_GIB), Arrays.copyOfRange(lossless, 8, lossless.length)));
        m.put("webp-vp8l-size-2gib", concat(Arrays.copyOf(lossless, 16), le32(TWO_GIB), Arrays.copyOfRange(lossless, 20,
                lossless.length)));
        m.put("webp-vp8l-size-negative", concat(Arrays.copyOf(lossless, 16), le32(0xfffffff0),
                Arrays.copyOfRange(lossless, 20, lossless.length)));
        m.put("webp-vp8-size-2gib", concat(ascii("RIFF"), le32(40), ascii("WEBP"), ascii("VP8 "), le32(TWO_GIB), new byte[24]));
        m.put("webp-vp8l-header-truncated", riff(riffChunk("VP8L", new byte[]{0x2f, 29, 0x40})));
        m.put("webp-vp8-header-truncated", riff(riffChunk("VP8 ", new byte[]{0x10, 0x02, 0, (byte) 0x9d, 0x01, 0x2a, 30})));
        m.put("webp-vp8x-header-truncated", riff(riffChunk("VP8X", new byte[]{0, 0, 0, 0, 29, 0})));
        m.put("webp-vp8-without-start-code", riff(riffChunk("VP8 ", new byte[20])));
        m.put("webp-vp8l-without-signature", riff(riffChunk("VP8L", new byte[10])));
        m.put("webp-first-chunk-not-an-image", riff(riffChunk("EXIF", new byte[8]),
                Arrays.copyOfRange(lossless, 12, lossless.length)));
        // the RIFF size counts the claiming chunk's header and the 30 bytes that follow it
        m.put("webp-exif-2gib-after-image", concat(ascii("RIFF"), le32(extended.length - 8 + 8 + 30),
                Arrays.copyOfRange(extended, 8, extended.length), ascii("EXIF"), le32(TWO_GIB), new byte[30]));
        m.put("webp-iccp-2gib-after-vp8x", concat(ascii("RIFF"), le32(4 + 18 + 8 + 30),
                Arrays.copyOfRange(extended, 8, 30), ascii("ICCP"), le32(TWO_GIB), new byte[30]));
        return m;
    }

    private static void put24(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >> 8);
        b[at + 2] = (byte) (value >> 16);
    }

    // ---- bytes --------------------------------------------------------------------------------

    static byte[] int32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
