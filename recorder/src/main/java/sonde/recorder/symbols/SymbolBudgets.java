package sonde.recorder.symbols;

/**
 * The bytes each of the symbolizer's caches may hold. Whatever runs on the host (a fresh
 * 107k-symbol /tmp/libduckdb_java*.so per DuckDB run, JVMs writing perf maps), the recorder's
 * memory stays bounded: a table that does not fit is evicted or not kept, and its frames are
 * written as [unknown] in their module and counted, never an OutOfMemoryError.
 *
 * <p>Why these sizes: the recorder runs in a 256 MiB heap with the serial collector and must
 * stay under 300 MiB of RSS (issue 12). The JVM takes about 55 MiB outside the heap (classes,
 * code, thread stacks, perf rings); the serial collector grows the heap to about twice what is
 * live (40% of the old generation kept free, the young generation half the old one), so what
 * is live must stay under about 110 MiB, of which rows in flight and the Parquet writer take
 * about 20. The ELF tables get most of the rest: a library as large as DuckDB's is 11 MiB
 * compact, so 40 MiB holds three of those besides libc, libstdc++ and libjvm. Frames and stacks
 * are weighed with every object they hold, shared or not, so their budgets overstate them.
 */
public record SymbolBudgets(long elfTables, long jitMaps, long processes, long demangled, long frames, long stacks) {
    private static final long MIB = 1 << 20;

    public static final SymbolBudgets DEFAULT = new SymbolBudgets(40 * MIB, 8 * MIB, 4 * MIB, 2 * MIB, 4 * MIB,
            12 * MIB);

    /** Every budget added up: the most the symbolizer's caches hold. */
    public long total() {
        return elfTables + jitMaps + processes + demangled + frames + stacks;
    }
}
