package sonde.recorder.tracefs;

/**
 * The kernel's per-CPU ring buffer counters (per_cpu/cpuN/stats): overrun counts events
 * overwritten before they were read, dropped counts events refused when the buffer was full in
 * non-overwrite mode.
 */
public record CpuStats(long entries, long overrun, long commitOverrun, long dropped, long read) {

    static CpuStats parse(String text) {
        return new CpuStats(value(text, "entries"), value(text, "overrun"), value(text, "commit overrun"),
                value(text, "dropped events"), value(text, "read events"));
    }

    private static long value(String text, String key) {
        for (String line : text.split("\n")) {
            if (line.startsWith(key + ":")) {
                try {
                    return Long.parseLong(line.substring(key.length() + 1).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** Every event the kernel lost on this CPU, by its own count. */
    public long lost() {
        return overrun + commitOverrun + dropped;
    }
}
