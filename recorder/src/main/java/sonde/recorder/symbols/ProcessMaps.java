package sonde.recorder.symbols;

import sonde.recorder.host.KernelFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The executable mappings of one process: seeded from /proc/PID/maps when first needed, then
 * kept up to date from PERF_RECORD_MMAP2 records, so frames of a process that has exited by
 * the time its samples are symbolized still resolve.
 */
final class ProcessMaps {
    /** One mapping: [start, end) of the address space, at offset pgoff of path. */
    record Mapping(long start, long end, long pgoff, String path) {
    }

    private final TreeMap<Long, Mapping> byStart = new TreeMap<>();

    static ProcessMaps fromProc(Path proc, int pid) {
        ProcessMaps m = new ProcessMaps();
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
                m.add(new Mapping(start, end, Long.parseUnsignedLong(f[2], 16), f.length == 6 ? f[5] : ""));
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read: what MMAP2 records say is all there is
        }
        return m;
    }

    /** A new mapping replaces whatever it overlaps. */
    void add(Mapping m) {
        Map.Entry<Long, Mapping> before = byStart.floorEntry(m.start());
        if (before != null && before.getValue().end() > m.start()) {
            byStart.remove(before.getKey());
        }
        byStart.subMap(m.start(), true, m.end(), false).clear();
        byStart.put(m.start(), m);
    }

    /** The mapping containing {@code address}, or null. */
    Mapping find(long address) {
        Map.Entry<Long, Mapping> e = byStart.floorEntry(address);
        return e == null || address >= e.getValue().end() ? null : e.getValue();
    }

    int size() {
        return byStart.size();
    }
}
