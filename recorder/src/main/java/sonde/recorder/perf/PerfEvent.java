package sonde.recorder.perf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.Closeable;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One perf_event_open(2) file descriptor, optionally with its mmap ring buffer. Records are
 * read by {@link #drain}: the region between data_tail and data_head is copied out (unwrapping
 * the ring) and data_tail is advanced, so the kernel may reuse it.
 */
public final class PerfEvent implements Closeable {
    private static final long SYS_PERF_EVENT_OPEN = 298; // x86_64
    private static final long IOC_ENABLE = 0x2400;
    private static final long IOC_DISABLE = 0x2401;
    private static final long IOC_SET_FILTER = 0x40082406L;
    private static final int PAGE = 4096;
    private static final int DATA_HEAD = 1024;
    private static final int DATA_TAIL = 1032;

    private final String what;
    private int fd;
    private Pointer ring;
    private long ringBytes;
    private long dataBytes;
    private ByteBuffer scratch;

    private PerfEvent(String what, int fd) {
        this.what = what;
        this.fd = fd;
    }

    /**
     * @param what names the event in error messages ("tracepoint block:block_rq_complete")
     * @param pid  -1 for all tasks on {@code cpu}
     * @param cpu  -1 for any CPU the task runs on
     */
    public static PerfEvent open(String what, PerfEventAttr attr, int pid, int cpu) throws NativeException {
        ByteBuffer b = attr.toBytes();
        try {
            long fd = LibC.INSTANCE.syscall(SYS_PERF_EVENT_OPEN, Native.getDirectBufferPointer(b), (long) pid, (long) cpu, -1L, 8L /* PERF_FLAG_FD_CLOEXEC */);
            return new PerfEvent(what, (int) fd);
        } catch (LastErrorException e) {
            throw Errno.wrap("perf_event_open " + what + " on cpu " + cpu, e);
        }
    }

    /** Maps 2^n data pages (plus the control page) for sampled records. */
    public void mmap(int dataPages) throws NativeException {
        if (Integer.bitCount(dataPages) != 1) {
            throw new IllegalArgumentException("data pages must be a power of two: " + dataPages);
        }
        dataBytes = (long) dataPages * PAGE;
        ringBytes = dataBytes + PAGE;
        try {
            ring = LibC.INSTANCE.mmap(null, ringBytes, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
        } catch (LastErrorException e) {
            throw Errno.wrap("mmap perf ring buffer for " + what, e);
        }
        scratch = ByteBuffer.allocate((int) dataBytes).order(ByteOrder.nativeOrder());
    }

    public void enable() throws NativeException {
        ioctl("enable", IOC_ENABLE, 0);
    }

    public void disable() throws NativeException {
        ioctl("disable", IOC_DISABLE, 0);
    }

    /** A tracepoint filter in the syntax of tracefs's events/.../filter. */
    public void setFilter(String filter) throws NativeException {
        try {
            LibC.INSTANCE.ioctl(fd, IOC_SET_FILTER, filter);
        } catch (LastErrorException e) {
            throw Errno.wrap("set filter '" + filter + "' on " + what, e);
        }
    }

    /** The event's count, for counting-mode events (read_format 0). */
    public long readCount() throws NativeException {
        ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        try {
            int n = LibC.INSTANCE.read(fd, b, 8);
            if (n != 8) {
                throw new NativeException("read count of " + what + " (short read)", Errno.EINVAL);
            }
        } catch (LastErrorException e) {
            throw Errno.wrap("read count of " + what, e);
        }
        return b.getLong(0);
    }

    /**
     * Receives one record: its type (PERF_RECORD_*), misc bits, and the body after the 8-byte
     * header: {@code size} bytes at {@code at} in {@code buf} (reused once the call returns).
     */
    @FunctionalInterface
    public interface RecordConsumer {
        void accept(int type, int misc, ByteBuffer buf, int at, int size);
    }

    /**
     * Hands every complete record now in the ring to {@code consumer}, in order.
     * The body buffer is reused: consumers copy what they keep.
     *
     * @return the number of records
     */
    public int drain(RecordConsumer consumer) {
        long head = ring.getLong(DATA_HEAD);
        VarHandle.acquireFence();
        long tail = ring.getLong(DATA_TAIL);
        int available = (int) (head - tail);
        if (available <= 0) {
            return 0;
        }
        int start = (int) (tail % dataBytes);
        int first = (int) Math.min(available, dataBytes - start);
        byte[] bytes = scratch.array();
        ring.read(PAGE + start, bytes, 0, first);
        if (first < available) {
            ring.read(PAGE, bytes, first, available - first);
        }
        int records = 0;
        int pos = 0;
        while (pos + 8 <= available) {
            int type = scratch.getInt(pos);
            int misc = Short.toUnsignedInt(scratch.getShort(pos + 4));
            int size = Short.toUnsignedInt(scratch.getShort(pos + 6));
            if (size < 8 || pos + size > available) {
                break;
            }
            consumer.accept(type, misc, scratch, pos + 8, size - 8);
            pos += size;
            records++;
        }
        VarHandle.releaseFence();
        ring.setLong(DATA_TAIL, tail + pos);
        return records;
    }

    private void ioctl(String step, long request, long arg) throws NativeException {
        try {
            LibC.INSTANCE.ioctl(fd, request, arg);
        } catch (LastErrorException e) {
            throw Errno.wrap(step + " " + what, e);
        }
    }

    @Override
    public void close() {
        if (ring != null) {
            try {
                LibC.INSTANCE.munmap(ring, ringBytes);
            } catch (LastErrorException ignored) {
                // unmapping a mapping we made cannot fail in a way we could act on
            }
            ring = null;
        }
        if (fd >= 0) {
            try {
                LibC.INSTANCE.close(fd);
            } catch (LastErrorException ignored) {
                // the descriptor is gone either way
            }
            fd = -1;
        }
    }
}
