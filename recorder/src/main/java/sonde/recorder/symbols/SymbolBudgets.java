package sonde.recorder.symbols;

/**
 * The bytes each of the symbolizer's caches may hold. Whatever runs on the host (a fresh
 * 107k-symbol /tmp/libduckdb_java*.so per DuckDB run, JVMs writing perf maps), the recorder's
 * memory stays bounded: a table that does not fit is evicted or not kept, and its frames are
 * written as [unknown] in their module and counted, never an OutOfMemoryError.
 *
 * <p>Why these sizes: the recorder runs in a 256 MiB heap with the serial collector and must
 * stay under 300 MiB of RSS (issue 12). Measured here (ProfileMemoryBoundTest, and six minutes
 * of 1,200 fresh 100,000-function libraries): RSS is the committed heap plus about 60 MiB
 * (classes, code, thread stacks, perf rings), and the serial collector keeps the committed heap
 * at 2.5 to 3 times what is live after a full collection (40% of the old generation kept free,
 * a young generation half the old one, and a table being read counts as live). So what is live
 * must stay under about 80 MiB, of which the recorder's own (rows in flight, the Parquet writer,
 * kallsyms) takes about 25: the caches get 58 MiB. Most of it is for ELF tables: a library as
 * large as DuckDB's is 10.5 MiB compact, so 32 MiB holds two of those besides libc, libstdc++
 * and libjvm. Frames and stacks are weighed with every object they hold, shared or not, so
 * their budgets overstate them.
 */
public record SymbolBudgets(long elfTables, long jitMaps, long processes, long demangled, long frames, long stacks) {
    private static final long MIB = 1 << 20;

    public static final SymbolBudgets DEFAULT = new SymbolBudgets(32 * MIB, 8 * MIB, 4 * MIB, 2 * MIB, 4 * MIB,
            8 * MIB);

    /** Every budget added up: the most the symbolizer's caches hold. */
    public long total() {
        return elfTables + jitMaps + processes + demangled + frames + stacks;
    }
}
