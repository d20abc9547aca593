package sonde.recorder.perf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct perf_event_attr (linux/perf_event.h), built field by field into the byte layout of
 * PERF_ATTR_SIZE_VER7 (128 bytes); the kernel accepts any size it knows and zero-extends.
 */
public final class PerfEventAttr {
    public static final int TYPE_HARDWARE = 0;
    public static final int TYPE_SOFTWARE = 1;
    public static final int TYPE_TRACEPOINT = 2;

    public static final long SW_CPU_CLOCK = 0;
    public static final long SW_TASK_CLOCK = 1;

    public static final long SAMPLE_IP = 1L;
    public static final long SAMPLE_TID = 1L << 1;
    public static final long SAMPLE_TIME = 1L << 2;
    public static final long SAMPLE_ADDR = 1L << 3;
    public static final long SAMPLE_READ = 1L << 4;
    public static final long SAMPLE_CALLCHAIN = 1L << 5;
    public static final long SAMPLE_ID = 1L << 6;
    public static final long SAMPLE_CPU = 1L << 7;
    public static final long SAMPLE_PERIOD = 1L << 8;
    public static final long SAMPLE_STREAM_ID = 1L << 9;
    public static final long SAMPLE_RAW = 1L << 10;

    // bit positions in the flags word at offset 40
    public static final long FLAG_DISABLED = 1L;
    public static final long FLAG_INHERIT = 1L << 1;
    public static final long FLAG_EXCLUDE_USER = 1L << 4;
    public static final long FLAG_EXCLUDE_KERNEL = 1L << 5;
    public static final long FLAG_EXCLUDE_HV = 1L << 6;
    public static final long FLAG_EXCLUDE_IDLE = 1L << 7;
    public static final long FLAG_MMAP = 1L << 8;
    public static final long FLAG_COMM = 1L << 9;
    public static final long FLAG_FREQ = 1L << 10;
    public static final long FLAG_TASK = 1L << 13;
    public static final long FLAG_WATERMARK = 1L << 14;
    public static final long FLAG_SAMPLE_ID_ALL = 1L << 18;
    public static final long FLAG_MMAP2 = 1L << 23;
    public static final long FLAG_COMM_EXEC = 1L << 24;
    public static final long FLAG_USE_CLOCKID = 1L << 25;

    public static final int SIZE = 128;
    public static final int CLOCK_MONOTONIC = 1;

    private int type;
    private long config;
    private long samplePeriodOrFreq;
    private long sampleType;
    private long readFormat;
    private long flags;
    private int wakeupEventsOrWatermark;
    private int clockId;
    private short sampleMaxStack;

    public PerfEventAttr type(int type) {
        this.type = type;
        return this;
    }

    public PerfEventAttr config(long config) {
        this.config = config;
        return this;
    }

    /** Sample every N events (0 = counting only). */
    public PerfEventAttr samplePeriod(long period) {
        this.samplePeriodOrFreq = period;
        this.flags &= ~FLAG_FREQ;
        return this;
    }

    /** Sample at N Hz (sets the freq flag). */
    public PerfEventAttr sampleFrequency(long hz) {
        this.samplePeriodOrFreq = hz;
        this.flags |= FLAG_FREQ;
        return this;
    }

    public PerfEventAttr sampleType(long sampleType) {
        this.sampleType = sampleType;
        return this;
    }

    public PerfEventAttr readFormat(long readFormat) {
        this.readFormat = readFormat;
        return this;
    }

    public PerfEventAttr flags(long flags) {
        this.flags |= flags;
        return this;
    }

    public PerfEventAttr wakeupEvents(int n) {
        this.wakeupEventsOrWatermark = n;
        return this;
    }

    /** Timestamps from this clock (CLOCK_MONOTONIC, like tracefs's mono trace_clock). */
    public PerfEventAttr clockId(int clockId) {
        this.clockId = clockId;
        this.flags |= FLAG_USE_CLOCKID;
        return this;
    }

    public PerfEventAttr sampleMaxStack(int frames) {
        this.sampleMaxStack = (short) frames;
        return this;
    }

    public long sampleType() {
        return sampleType;
    }

    /** The struct bytes, native order, in a direct buffer for the system call. */
    ByteBuffer toBytes() {
        ByteBuffer b = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
        b.putInt(0, type);
        b.putInt(4, SIZE);
        b.putLong(8, config);
        b.putLong(16, samplePeriodOrFreq);
        b.putLong(24, sampleType);
        b.putLong(32, readFormat);
        b.putLong(40, flags);
        b.putInt(48, wakeupEventsOrWatermark);
        b.putInt(92, clockId);
        b.putShort(108, sampleMaxStack);
        return b;
    }
}
