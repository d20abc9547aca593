package sonde.recorder.symbols;

import sonde.recorder.host.KernelFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The executable mappings of one process: seeded from /proc/PID/maps when first needed, then
 * kept up to date from PERF_RECORD_MMAP2 records, so frames of a process that has exited by
 * the time its samples are symbolized still resolve. Its version changes whenever what its
 * addresses mean may have changed (a mapping, a JIT map read), so that symbolized frames and
 * stacks can be cached under it.
 */
final class ProcessMaps {
    /** What one mapping costs: a tree node, a boxed start, the mapping and its path (counted separately). */
    private static final long MAPPING_BYTES = 40 + 16 + 48 + 40;

    /** One mapping: [start, end) of the address space, at offset pgoff of path. */
    static final class Mapping {
        final long start;
        final long end;
        final long pgoff;
        final String path;
        /** The mapped file, once looked at; {@link #NO_FILE} when it could not be. */
        FileKey file;

        Mapping(long start, long end, long pgoff, String path) {
            this.start = start;
            this.end = end;
            this.pgoff = pgoff;
            this.path = path;
        }
    }

    static final FileKey NO_FILE = new FileKey(-1, -1, -1, -1);

    private final TreeMap<Long, Mapping> byStart = new TreeMap<>();
    private long version;
    private long bytes = 64;

    ProcessMaps(long version) {
        this.version = version;
    }

    static ProcessMaps fromProc(Path proc, int pid, long version) {
        ProcessMaps m = new ProcessMaps(version);
        try {
            for (String line : KernelFiles.read(proc.resolve(pid + "/maps")).split("\n")) {
                // 55d1c6a00000-55d1c6a02000 r-xp 00002000 fd:01 1234   /usr/bin/cat
                String[] f = line.trim().split("\\s+", 6);
                if (f.length < 5 || f[1].indexOf('x') < 0) {
                    continue;
                }
                int dash = f[0].indexOf('-');
                long start = Long.parseUnsignedLong(f[0].substring(0, dash), 16);
                long end = Long.parseUnsignedLong(f[0].substring(dash + 1), 16);
                m.add(new Mapping(start, end, Long.parseUnsignedLong(f[2], 16), f.length == 6 ? f[5] : ""), version);
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read: what MMAP2 records say is all there is
        }
        return m;
    }

    /** A new mapping replaces whatever it overlaps; {@code version} is the new version. */
    void add(Mapping m, long version) {
        Map.Entry<Long, Mapping> before = byStart.floorEntry(m.start);
        if (before != null && before.getValue().end > m.start) {
            forget(byStart.remove(before.getKey()));
        }
        Map<Long, Mapping> overlapped = byStart.subMap(m.start, true, m.end, false);
        overlapped.values().forEach(this::forget);
        overlapped.clear();
        byStart.put(m.start, m);
        bytes += MAPPING_BYTES + m.path.length();
        this.version = version;
    }

    private void forget(Mapping m) {
        bytes -= MAPPING_BYTES + m.path.length();
    }

    /** The mapping containing {@code address}, or null. */
    Mapping find(long address) {
        Map.Entry<Long, Mapping> e = byStart.floorEntry(address);
        return e == null || address >= e.getValue().end ? null : e.getValue();
    }

    long version() {
        return version;
    }

    /** Something else that gives this process's addresses their meaning changed (its JIT map). */
    void changed(long version) {
        this.version = version;
    }

    long bytes() {
        return bytes;
    }

    int size() {
        return byStart.size();
    }
}
