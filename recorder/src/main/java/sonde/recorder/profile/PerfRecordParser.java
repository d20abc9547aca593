package sonde.recorder.profile;

import sonde.recorder.perf.PerfRecords;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes perf ring-buffer records for the sample layout {@link CpuClockEvents} asks for:
 * PERF_SAMPLE_IP | TID | TIME | CPU | PERIOD | CALLCHAIN, in the kernel's fixed field order.
 */
final class PerfRecordParser {
    private static final int MISC_COMM_EXEC = 1 << 13;
    private static final int MAX_CHAIN = 1024;

    private PerfRecordParser() {
    }

    /** The process of a sample record, or -1 for other records. */
    static int samplePid(int type, ByteBuffer b) {
        return type == PerfRecords.SAMPLE ? b.getInt(8) : -1;
    }

    /** @return the record, or null for record types sonde does not use */
    static ProfileRecord parse(int cpu, int type, int misc, ByteBuffer b) {
        switch (type) {
            case PerfRecords.SAMPLE -> {
                // ip, pid, tid, time, cpu, res, period, nr, ips[nr]
                int pid = b.getInt(8);
                int tid = b.getInt(12);
                long time = b.getLong(16);
                int sampleCpu = b.getInt(24);
                long period = b.getLong(32);
                int nr = (int) Math.min(b.getLong(40), MAX_CHAIN);
                nr = Math.min(nr, (b.limit() - 48) / 8);
                long[] chain = new long[Math.max(nr, 0)];
                for (int i = 0; i < chain.length; i++) {
                    chain[i] = b.getLong(48 + 8 * i);
                }
                if (chain.length == 0) {
                    chain = new long[] {b.getLong(0)};
                }
                return new ProfileRecord.Sample(sampleCpu, time, pid, tid, period, chain);
            }
            case PerfRecords.MMAP2 -> {
                // pid, tid, addr, len, pgoff, (maj, min, ino, ino_generation | build id), prot, flags, filename
                return new ProfileRecord.Mmap(time(b), b.getInt(0), b.getLong(8), b.getLong(16), b.getLong(24),
                        string(b, 64));
            }
            case PerfRecords.MMAP -> {
                return new ProfileRecord.Mmap(time(b), b.getInt(0), b.getLong(8), b.getLong(16), b.getLong(24),
                        string(b, 32));
            }
            case PerfRecords.COMM -> {
                return new ProfileRecord.Comm(time(b), b.getInt(0), b.getInt(4), string(b, 8),
                        (misc & MISC_COMM_EXEC) != 0);
            }
            case PerfRecords.EXIT -> {
                return new ProfileRecord.Exit(time(b), b.getInt(0), b.getInt(8));
            }
            case PerfRecords.LOST -> {
                return new ProfileRecord.Lost(time(b), cpu, b.getLong(8));
            }
            case PerfRecords.LOST_SAMPLES -> {
                return new ProfileRecord.Lost(time(b), cpu, b.getLong(0));
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The time in a side-band record's sample_id trailer, which for our sample_type is
     * {pid, tid} {time} {cpu, res}: 24 bytes at the end of the record.
     */
    private static long time(ByteBuffer b) {
        return b.limit() >= 24 ? b.getLong(b.limit() - 16) : 0;
    }

    private static String string(ByteBuffer b, int at) {
        int end = at;
        while (end < b.limit() && b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
