package sonde.recorder.profile;

/** What a CPU's perf ring buffer holds, decoded: samples and the side-band records symbolization needs. */
public sealed interface ProfileRecord {
    /** A PERF_RECORD_SAMPLE; {@code chain} is the callchain as the kernel gives it (leaf first, with context markers). */
    record Sample(int cpu, long tsNs, int pid, int tid, long periodNs, long[] chain) implements ProfileRecord {
    }

    /** A PERF_RECORD_MMAP2 of an executable mapping. */
    record Mmap(int pid, long start, long length, long pgoff, String path) implements ProfileRecord {
    }

    /** A PERF_RECORD_COMM: a thread's new name; {@code exec} when it came from execve. */
    record Comm(int pid, int tid, String comm, boolean exec) implements ProfileRecord {
    }

    /** A PERF_RECORD_EXIT. */
    record Exit(int pid, int tid) implements ProfileRecord {
    }

    /** PERF_RECORD_LOST / LOST_SAMPLES: the kernel dropped this many records on this CPU. */
    record Lost(int cpu, long count) implements ProfileRecord {
    }
}
