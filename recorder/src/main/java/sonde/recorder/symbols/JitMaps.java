package sonde.recorder.symbols;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JIT maps (/tmp/perf-PID.map) of the processes seen, least recently used evicted to stay
 * within a byte budget, dropped when their process exits. As with ELF tables, a large map
 * evicted is not read again for {@link ElfTables#REREAD_AFTER_NS}.
 */
final class JitMaps {
    private static final int MAX_DROPPED = 4096;

    private final ByteLru<Integer, PerfMap> maps;
    private final Path dir;
    private final Map<Integer, Long> dropped = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
            return size() > MAX_DROPPED;
        }
    };

    /** @param dir where the perf-PID.map files are: /tmp */
    JitMaps(long budgetBytes, Path dir) {
        this.maps = new ByteLru<>(budgetBytes, (pid, map) -> {
            if (ElfTables.large(map.bytes(), budgetBytes)) {
                dropped.put(pid, System.nanoTime());
            }
        });
        this.dir = dir;
    }

    /** What one map may hold: all of the budget but its entry's cost. */
    long maxMapBytes() {
        return maps.budget() - 2 * ByteLru.ENTRY_BYTES;
    }

    /** The process's map, made if need be; null when it was evicted recently. */
    PerfMap of(int pid, long nowNs) {
        PerfMap m = maps.get(pid);
        if (m != null) {
            return m;
        }
        Long when = dropped.get(pid);
        if (when != null && nowNs - when < ElfTables.REREAD_AFTER_NS) {
            return null;
        }
        dropped.remove(pid);
        m = new PerfMap(dir.resolve("perf-" + pid + ".map"), maxMapBytes());
        return maps.put(pid, m, m.bytes()) ? m : null;
    }

    /** The process's map if it is held, without making one. */
    PerfMap peek(int pid) {
        return maps.get(pid);
    }

    /** Reads what the process's map gained, if it is time; whether it changed (and is still held). */
    boolean refresh(int pid, PerfMap m, long nowNs) {
        return refresh(pid, m, nowNs, false);
    }

    /** As above; {@code now}: whatever the time since the last look. */
    boolean refresh(int pid, PerfMap m, long nowNs, boolean now) {
        if (!m.refresh(nowNs, now)) {
            return false;
        }
        maps.resize(pid, m.bytes());
        return true;
    }

    /** The process exited or exec'd: its map is gone (a new process may get the pid). */
    void remove(int pid) {
        maps.remove(pid);
        dropped.remove(pid);
    }

    long evicted() {
        return maps.evictions();
    }

    long bytes() {
        return maps.bytes();
    }
}
