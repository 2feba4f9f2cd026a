package dev.parley.file;

/**
 * Points on the paths that store and remove blobs where a test can hold one operation while it
 * runs another, to interleave an upload with a removal of the same content deterministically.
 * In production they do nothing.
 */
interface ContentSeams {
    ContentSeams NONE = new ContentSeams() {
    };

    /**
     * An upload's content was prepared in the blob store ({@link BlobStore#prepare}: written, in
     * the filesystem store); the file row that uses it is not written yet.
     */
    default void blobStored(String sha256) {
    }

    /** A removal found no file using the content and is about to remove its blob. */
    default void removingBlob(String sha256) {
    }
}
