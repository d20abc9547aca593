package sonde.recorder.symbols;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JIT symbols a runtime writes to /tmp/perf-PID.map, one "START SIZE name" line (hex) per
 * compiled method: Java with -XX:+PreserveFramePointer and `jcmd PID Compiler.perfmap`, Node with
 * --perf-basic-prof. Read again when the file has grown.
 */
final class PerfMap {
    private final Path path;
    private long loadedSize = -1;
    private SortedSymbols symbols = new SortedSymbols(List.of());

    PerfMap(Path path) {
        this.path = path;
    }

    static PerfMap of(int pid) {
        return new PerfMap(Path.of("/tmp/perf-" + pid + ".map"));
    }

    /** The method at {@code address}, or null. */
    String lookup(long address) {
        String name = symbols.lookup(address);
        if (name == null) {
            reloadIfGrown();
            name = symbols.lookup(address);
        }
        return name;
    }

    private void reloadIfGrown() {
        try {
            long size = Files.size(path);
            if (size == loadedSize) {
                return;
            }
            List<SortedSymbols.Entry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(path)) {
                String[] f = line.split(" ", 3);
                if (f.length == 3) {
                    try {
                        entries.add(new SortedSymbols.Entry(Long.parseUnsignedLong(strip(f[0]), 16),
                                Long.parseUnsignedLong(strip(f[1]), 16), f[2]));
                    } catch (NumberFormatException e) {
                        // not a symbol line
                    }
                }
            }
            symbols = new SortedSymbols(entries);
            loadedSize = size;
        } catch (IOException e) {
            loadedSize = -1;
        }
    }

    private static String strip(String hex) {
        return hex.startsWith("0x") ? hex.substring(2) : hex;
    }
}
