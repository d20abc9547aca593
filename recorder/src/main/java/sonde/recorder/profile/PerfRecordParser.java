package sonde.recorder.profile;

import sonde.recorder.host.Comm;
import sonde.recorder.perf.PerfRecords;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes perf ring-buffer records for the sample layout {@link CpuClockEvents} asks for:
 * PERF_SAMPLE_IP | TID | TIME | CPU | PERIOD | CALLCHAIN, in the kernel's fixed field order.
 * A record's body is {@code size} bytes at {@code at} of a buffer the caller reuses.
 */
final class PerfRecordParser {
    private static final int MISC_COMM_EXEC = 1 << 13;
    private static final int MAX_CHAIN = 1024;

    private PerfRecordParser() {
    }

    /** The process of a sample record, or -1 for other records. */
    static int samplePid(int type, ByteBuffer b, int at) {
        return type == PerfRecords.SAMPLE ? b.getInt(at + 8) : -1;
    }

    /** @return the record, or null for record types sonde does not use */
    static ProfileRecord parse(int cpu, int type, int misc, ByteBuffer b, int at, int size) {
        int end = at + size;
        if (type != PerfRecords.SAMPLE && size < 24) {
            return null; // a side-band record without its sample_id trailer: not one of ours
        }
        switch (type) {
            case PerfRecords.SAMPLE -> {
                // ip, pid, tid, time, cpu, res, period, nr, ips[nr]
                int pid = b.getInt(at + 8);
                int tid = b.getInt(at + 12);
                long time = b.getLong(at + 16);
                int sampleCpu = b.getInt(at + 24);
                long period = b.getLong(at + 32);
                int nr = (int) Math.min(b.getLong(at + 40), MAX_CHAIN);
                nr = Math.min(nr, (size - 48) / 8);
                long[] chain = new long[Math.max(nr, 0)];
                for (int i = 0; i < chain.length; i++) {
                    chain[i] = b.getLong(at + 48 + 8 * i);
                }
                if (chain.length == 0) {
                    chain = new long[] {b.getLong(at)};
                }
                return new ProfileRecord.Sample(sampleCpu, time, pid, tid, period, chain);
            }
            case PerfRecords.MMAP2 -> {
                // pid, tid, addr, len, pgoff, (maj, min, ino, ino_generation | build id), prot, flags, filename
                return new ProfileRecord.Mmap(time(b, end), b.getInt(at), b.getLong(at + 8), b.getLong(at + 16),
                        b.getLong(at + 24), string(b, at + 64, end));
            }
            case PerfRecords.MMAP -> {
                return new ProfileRecord.Mmap(time(b, end), b.getInt(at), b.getLong(at + 8), b.getLong(at + 16),
                        b.getLong(at + 24), string(b, at + 32, end));
            }
            case PerfRecords.COMM -> {
                return new ProfileRecord.Comm(time(b, end), b.getInt(at), b.getInt(at + 4), comm(b, at + 8, end),
                        (misc & MISC_COMM_EXEC) != 0);
            }
            case PerfRecords.EXIT -> {
                return new ProfileRecord.Exit(time(b, end), b.getInt(at), b.getInt(at + 8));
            }
            case PerfRecords.LOST -> {
                return new ProfileRecord.Lost(time(b, end), cpu, b.getLong(at + 8));
            }
            case PerfRecords.LOST_SAMPLES -> {
                return new ProfileRecord.Lost(time(b, end), cpu, b.getLong(at));
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
    private static long time(ByteBuffer b, int end) {
        return b.getLong(end - 16);
    }

    private static String string(ByteBuffer b, int at, int end) {
        return new String(bytes(b, at, end), StandardCharsets.UTF_8);
    }

    /** A task's name: the kernel's 15 bytes, as whole characters (see Comm). */
    private static String comm(ByteBuffer b, int at, int end) {
        byte[] bytes = bytes(b, at, end);
        return Comm.decode(bytes, 0, bytes.length);
    }

    /** The bytes from {@code at} up to the first NUL or {@code end}. */
    private static byte[] bytes(ByteBuffer b, int at, int end) {
        int stop = at;
        while (stop < end && b.get(stop) != 0) {
            stop++;
        }
        byte[] bytes = new byte[stop - at];
        b.get(at, bytes);
        return bytes;
    }
}
