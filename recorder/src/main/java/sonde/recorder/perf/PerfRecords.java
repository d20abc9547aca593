package sonde.recorder.perf;

/** PERF_RECORD_* types and PERF_RECORD_MISC_* bits used by sonde (linux/perf_event.h). */
public final class PerfRecords {
    public static final int MMAP = 1;
    public static final int LOST = 2;
    public static final int COMM = 3;
    public static final int EXIT = 4;
    public static final int THROTTLE = 5;
    public static final int UNTHROTTLE = 6;
    public static final int FORK = 7;
    public static final int SAMPLE = 9;
    public static final int MMAP2 = 10;
    public static final int LOST_SAMPLES = 13;

    public static final int MISC_CPUMODE_MASK = 7;
    public static final int MISC_KERNEL = 1;
    public static final int MISC_USER = 2;

    private PerfRecords() {
    }
}
