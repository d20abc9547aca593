package sonde.recorder.profile;

/**
 * What a CPU's perf ring buffer holds, decoded: samples and the side-band records symbolization
 * needs, each with its CLOCK_MONOTONIC time (side-band records carry it in the sample_id trailer).
 */
public sealed interface ProfileRecord {
    long tsNs();

    /** A PERF_RECORD_SAMPLE; {@code chain} is the callchain as the kernel gives it (leaf first, with context markers). */
    record Sample(int cpu, long tsNs, int pid, int tid, long periodNs, long[] chain) implements ProfileRecord {
    }

    /** A PERF_RECORD_MMAP2 of an executable mapping. */
    record Mmap(long tsNs, int pid, long start, long length, long pgoff, String path) implements ProfileRecord {
    }

    /** A PERF_RECORD_COMM: a thread's new name; {@code exec} when it came from execve. */
    record Comm(long tsNs, int pid, int tid, String comm, boolean exec) implements ProfileRecord {
    }

    /** A PERF_RECORD_EXIT. */
    record Exit(long tsNs, int pid, int tid) implements ProfileRecord {
    }

    /** PERF_RECORD_LOST / LOST_SAMPLES: the kernel dropped this many records on this CPU. */
    record Lost(long tsNs, int cpu, long count) implements ProfileRecord {
    }
}
