package dev.parley.file;

import com.drew.lang.StreamReader;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A metadata-extractor reader over a file of known length that refuses, before allocating or
 * skipping anything, to read or skip past the end: a length field claiming 2 GiB in a file of
 * 141 bytes is an {@link EOFException} at once, not a 2 GiB array (the library's own stream
 * reader allocates what it is asked for first). Remembers whether anything tried to go past the
 * end, since some library readers stop quietly there ({@link #overran()}).
 */
final class BoundedReader extends StreamReader {
    private final long length;
    private boolean overran;

    BoundedReader(InputStream in, long length) {
        super(in);
        this.length = length;
    }

    /** Whether a read or skip was refused because it went past the end of the file. */
    boolean overran() {
        return overran;
    }

    private boolean fits(long count) {
        boolean fits = count >= 0 && getPosition() + count <= length;
        overran |= !fits;
        return fits;
    }

    private EOFException pastTheEnd(long count) {
        return new EOFException("Reading " + count + " bytes at " + getPosition() + " goes past the end (" + length + ")");
    }

    @Override
    public byte getByte() throws IOException {
        if (!fits(1)) {
            throw pastTheEnd(1);
        }
        return super.getByte();
    }

    @Override
    public byte[] getBytes(int count) throws IOException {
        if (!fits(count)) {
            throw pastTheEnd(count);
        }
        return super.getBytes(count);
    }

    @Override
    public void getBytes(byte[] buffer, int offset, int count) throws IOException {
        if (!fits(count)) {
            throw pastTheEnd(count);
        }
        super.getBytes(buffer, offset, count);
    }

    @Override
    public void skip(long n) throws IOException {
        if (!fits(n)) {
            throw pastTheEnd(n);
        }
        super.skip(n);
    }

    @Override
    public boolean trySkip(long n) throws IOException {
        return fits(n) && super.trySkip(n);
    }
}
