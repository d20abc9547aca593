package sonde.recorder.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Which file a mapping maps, independent of the path it was reached by: its device and inode,
 * and its size and modification time, because an inode number is reused as soon as a file is
 * deleted (a library replaced by a package upgrade, a fresh /tmp/libduckdb_java*.so per run).
 * Two processes mapping one library share its symbol table; a replaced file gets a new one.
 */
record FileKey(long dev, long ino, long size, long mtimeNs) {
    @Override
    public boolean equals(Object o) { // not the record's: method handles, which C1 does not inline
        return o instanceof FileKey k && k.ino == ino && k.dev == dev && k.size == size && k.mtimeNs == mtimeNs;
    }

    @Override
    public int hashCode() {
        return Long.hashCode((ino * 31 + dev) * 0x9E3779B97F4A7C15L + mtimeNs);
    }

    /** The key of the file at {@code path}, or null when it cannot be looked at. */
    static FileKey of(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime");
            return new FileKey((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
                    ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
