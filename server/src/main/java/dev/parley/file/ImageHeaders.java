package dev.parley.file;

import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.jpeg.JpegSegmentData;
import com.drew.imaging.jpeg.JpegSegmentReader;
import com.drew.imaging.jpeg.JpegSegmentType;
import com.drew.imaging.png.PngChunk;
import com.drew.imaging.png.PngChunkReader;
import com.drew.imaging.png.PngChunkType;
import com.drew.imaging.png.PngHeader;
import com.drew.metadata.Metadata;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.jpeg.JpegReader;
import com.drew.metadata.webp.WebpDirectory;
import com.drew.metadata.webp.WebpRiffHandler;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The width and height of an uploaded image, read from its header after walking its container
 * structure, without decoding a pixel: PNG chunks up to IEND (IHDR first), JPEG segments up to
 * the start of the scan (a SOF among them), GIF blocks up to the trailer, WebP's RIFF chunks (a
 * VP8, VP8L or VP8X header first). A file whose structure does not hold together (cut off, a
 * length running past the end, the wrong chunk first, no size header) is unreadable.
 *
 * <p>Reading is bounded by the file itself ({@link BoundedReader}): no length a file declares is
 * allocated or skipped before it is checked against what is there, so a malformed upload costs
 * one pass over at most its own bytes. The chunk and segment parsing is metadata-extractor's,
 * restricted to the headers: its whole-file reader would parse (and allocate for) every chunk.
 */
final class ImageHeaders {
    /** The SOF (start of frame) segments, which carry a JPEG's size; not DHT, JPG, DAC (0xC4, 0xC8, 0xCC). */
    private static final Set<JpegSegmentType> SOF = EnumSet.of(JpegSegmentType.SOF0, JpegSegmentType.SOF1,
            JpegSegmentType.SOF2, JpegSegmentType.SOF3, JpegSegmentType.SOF5, JpegSegmentType.SOF6,
            JpegSegmentType.SOF7, JpegSegmentType.SOF9, JpegSegmentType.SOF10, JpegSegmentType.SOF11,
            JpegSegmentType.SOF13, JpegSegmentType.SOF14, JpegSegmentType.SOF15);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageHeaders() {
    }

    /** An image's size in pixels. */
    record Size(int width, int height) {
    }

    /** The size of the PNG, JPEG, GIF or WebP image in {@code file}; empty if it cannot be read. */
    static Optional<Size> read(Path file) {
        try {
            long length = Files.size(file);
            byte[] magic = new byte[12];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(magic, 0, magic.length);
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                BoundedReader reader = new BoundedReader(in, length);
                if (n >= 8 && Arrays.equals(Arrays.copyOf(magic, 8), PNG)) {
                    return png(reader);
                } else if (n >= 3 && (magic[0] & 0xff) == 0xff && (magic[1] & 0xff) == 0xd8) {
                    return jpeg(reader);
                } else if (n >= 6 && startsWith(magic, "GIF8")) {
                    return gif(reader);
                } else if (n == 12 && startsWith(magic, "RIFF") && "WEBP".equals(ascii(magic, 8, 4))) {
                    return webp(reader, length);
                }
                return Optional.empty();
            }
        } catch (IOException | ImageProcessingException | RuntimeException e) {
            // whatever a broken file makes a parser throw, it is a file whose size cannot be read
            return Optional.empty();
        }
    }

    /** IHDR first (the chunk reader insists), every chunk within the file, up to IEND. */
    private static Optional<Size> png(BoundedReader reader) throws IOException, ImageProcessingException {
        for (PngChunk chunk : new PngChunkReader().extract(reader, Set.of(PngChunkType.IHDR))) {
            PngHeader header = new PngHeader(chunk.getBytes());
            return Optional.of(new Size(header.getImageWidth(), header.getImageHeight()));
        }
        return Optional.empty();
    }

    /** Segments up to the scan, each within the file (a skip past the end stops the reader quietly). */
    private static Optional<Size> jpeg(BoundedReader reader) throws IOException, ImageProcessingException {
        JpegSegmentData segments = JpegSegmentReader.readSegments(reader, SOF);
        if (reader.overran()) {
            return Optional.empty();
        }
        for (JpegSegmentType type : SOF) {
            byte[] sof = segments.getSegment(type);
            if (sof != null) {
                Metadata metadata = new Metadata();
                new JpegReader().extract(sof, metadata, type);
                JpegDirectory directory = metadata.getFirstDirectoryOfType(JpegDirectory.class);
                return directory == null || directory.hasErrors() ? Optional.empty()
                        : size(directory.getInteger(JpegDirectory.TAG_IMAGE_WIDTH),
                        directory.getInteger(JpegDirectory.TAG_IMAGE_HEIGHT));
            }
        }
        return Optional.empty();
    }

    /** The logical screen's size; then every block (extensions, images with their data) up to the trailer. */
    private static Optional<Size> gif(BoundedReader reader) throws IOException {
        reader.setMotorolaByteOrder(false);
        String signature = ascii(reader.getBytes(6), 0, 6);
        if (!signature.equals("GIF87a") && !signature.equals("GIF89a")) {
            return Optional.empty();
        }
        int width = reader.getUInt16();
        int height = reader.getUInt16();
        int flags = reader.getUInt8();
        reader.skip(2); // background colour, pixel aspect ratio
        skipColourTable(reader, flags);
        while (true) {
            int block = reader.getUInt8();
            if (block == 0x3b) { // trailer
                return Optional.of(new Size(width, height));
            } else if (block == 0x21) { // extension: label, sub-blocks
                reader.skip(1);
                skipSubBlocks(reader);
            } else if (block == 0x2c) { // image: position and size, flags, colour table, LZW code size, data
                reader.skip(8);
                skipColourTable(reader, reader.getUInt8());
                reader.skip(1);
                skipSubBlocks(reader);
            } else {
                return Optional.empty();
            }
        }
    }

    private static void skipColourTable(BoundedReader reader, int flags) throws IOException {
        if ((flags & 0x80) != 0) {
            reader.skip(3L << ((flags & 0x07) + 1));
        }
    }

    private static void skipSubBlocks(BoundedReader reader) throws IOException {
        int size;
        while ((size = reader.getUInt8()) != 0) {
            reader.skip(size);
        }
    }

    /** RIFF chunks within the RIFF size, which is within the file; the first one an image header. */
    private static Optional<Size> webp(BoundedReader reader, long length) throws IOException {
        reader.setMotorolaByteOrder(false);
        reader.skip(4); // RIFF
        long end = 8 + reader.getUInt32();
        reader.skip(4); // WEBP
        if (end > length) {
            return Optional.empty();
        }
        Metadata metadata = new Metadata();
        boolean first = true;
        while (reader.getPosition() < end) {
            if (end - reader.getPosition() < 8) {
                return Optional.empty();
            }
            String fourCC = ascii(reader.getBytes(4), 0, 4);
            long size = reader.getUInt32();
            if (reader.getPosition() + size > end) {
                return Optional.empty();
            }
            if (first) {
                if (!fourCC.equals(WebpDirectory.CHUNK_VP8) && !fourCC.equals(WebpDirectory.CHUNK_VP8L)
                        && !fourCC.equals(WebpDirectory.CHUNK_VP8X)) {
                    return Optional.empty();
                }
                // the size fields are in the first 10 bytes of each of these headers
                int head = (int) Math.min(size, 10);
                new WebpRiffHandler(metadata).processChunk(fourCC, reader.getBytes(head));
                reader.skip(size - head);
                first = false;
            } else {
                reader.skip(size);
            }
            if ((size & 1) == 1 && reader.getPosition() < end) {
                reader.skip(1); // padding to an even size
            }
        }
        WebpDirectory directory = metadata.getFirstDirectoryOfType(WebpDirectory.class);
        return directory == null ? Optional.empty()
                : size(directory.getInteger(WebpDirectory.TAG_IMAGE_WIDTH), directory.getInteger(WebpDirectory.TAG_IMAGE_HEIGHT));
    }

    private static Optional<Size> size(Integer width, Integer height) {
        return width == null || height == null ? Optional.empty() : Optional.of(new Size(width, height));
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        return ascii(bytes, 0, prefix.length()).equals(prefix);
    }

    private static String ascii(byte[] bytes, int offset, int count) {
        return new String(bytes, offset, count, StandardCharsets.ISO_8859_1);
    }
}
