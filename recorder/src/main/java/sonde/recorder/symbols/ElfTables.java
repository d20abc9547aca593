package sonde.recorder.symbols;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ELF symbol tables by file identity ({@link FileKey}, not path), least recently used evicted
 * to stay within a byte budget. A large table evicted (or too large to keep) is not read again
 * for {@link #REREAD_AFTER_NS}: when more large tables are in use than fit, reading a file again
 * for every new address would keep a CPU busy; its frames are left [unknown] meanwhile.
 */
final class ElfTables {
    static final long REREAD_AFTER_NS = 10_000_000_000L;
    /**
     * Tables smaller than this (or than an eighth of the budget) are cheap to read again, a
     * millisecond or two, and may be at once.
     */
    static final long LARGE_BYTES = 1 << 20;
    /** Files remembered as dropped; beyond that the oldest are forgotten (and may be read again sooner). */
    private static final int MAX_DROPPED = 4096;

    private final ByteLru<FileKey, ElfSymbols> tables;
    private final Map<FileKey, Long> dropped = new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<FileKey, Long> eldest) {
            return size() > MAX_DROPPED;
        }
    };
    private long tooLarge;
    private long reads;

    ElfTables(long budgetBytes) {
        tables = new ByteLru<>(budgetBytes, (key, table) -> {
            if (large(table.bytes(), budgetBytes)) {
                dropped.put(key, System.nanoTime());
            }
        });
    }

    /** The table of {@code key}'s file if it is held, now the most recently used; or null. */
    ElfSymbols cached(FileKey key) {
        return tables.get(key);
    }

    /** Reads the table of {@code key}'s file from {@code file}; null when it is over the budget (now or recently). */
    ElfSymbols read(FileKey key, Path file, long nowNs) {
        Long when = dropped.get(key);
        if (when != null && nowNs - when < REREAD_AFTER_NS) {
            return null;
        }
        dropped.remove(key);
        reads++;
        ElfSymbols t = ElfSymbols.read(file, tables.budget() - ByteLru.ENTRY_BYTES);
        if (t == null) {
            tooLarge++;
            dropped.put(key, nowNs);
            return null;
        }
        return tables.put(key, t, t.bytes()) ? t : null;
    }

    static boolean large(long bytes, long budgetBytes) {
        return bytes >= Math.min(LARGE_BYTES, budgetBytes / 8);
    }

    /** Tables evicted for room, or read and found too large to keep. */
    long evicted() {
        return tables.evictions() + tooLarge;
    }

    long reads() {
        return reads;
    }

    long bytes() {
        return tables.bytes();
    }
}
