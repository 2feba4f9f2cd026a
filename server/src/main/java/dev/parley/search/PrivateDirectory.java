package dev.parley.search;

import dev.parley.storage.PrivateFiles;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.store.Lock;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The index directory with every file private to its owner ({@code 0600}), like the rest of the
 * data directory: Lucene creates its files with the process's default mode, so each is
 * restricted as soon as it is created (the directory itself is {@code 0700}, so nothing is
 * readable by others in between).
 */
final class PrivateDirectory extends FilterDirectory {
    private final Path path;

    PrivateDirectory(FSDirectory in) {
        super(in);
        this.path = in.getDirectory();
    }

    @Override
    public IndexOutput createOutput(String name, IOContext context) throws IOException {
        IndexOutput out = super.createOutput(name, context);
        PrivateFiles.restrict(path.resolve(name));
        return out;
    }

    @Override
    public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
        IndexOutput out = super.createTempOutput(prefix, suffix, context);
        PrivateFiles.restrict(path.resolve(out.getName()));
        return out;
    }

    @Override
    public Lock obtainLock(String name) throws IOException {
        Lock lock = super.obtainLock(name);
        PrivateFiles.restrict(path.resolve(name));
        return lock;
    }
}
