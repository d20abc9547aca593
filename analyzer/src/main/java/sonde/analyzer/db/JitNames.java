package sonde.analyzer.db;

/**
 * JIT frames named after the fact: when a recording has jit_symbol rows (addresses the recorder
 * named only after their samples were written), the cpu_sample view gives those frames their
 * names (cpu_sample_named.sql), so flame, report, sql and export all see them.
 */
final class JitNames {
    /** The kind whose frames are named, and the kind that names them. */
    static final String SAMPLES = "cpu_sample";
    static final String NAMES = "jit_symbol";
    private static final String SLOT = "{samples}";

    private JitNames() {
    }

    /** The cpu_sample view's query over {@code recorded}, the query of the files as recorded. */
    static String named(String recorded) {
        String sql = SqlFiles.load("cpu_sample_named.sql");
        int at = sql.indexOf(SLOT);
        return sql.substring(0, at) + recorded + sql.substring(at + SLOT.length());
    }
}
