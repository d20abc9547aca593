package sonde.recorder.perf;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * Waits until one of several descriptors is readable, or a timeout passes (poll(2)). For
 * trace_pipe_raw, readable means the CPU's ring buffer is at least the instance's
 * buffer_percent full: a quiet host wakes the reader only on the timeout.
 */
public final class Readiness {
    private static final short POLLIN = 1;
    private final Memory fds;
    private final int n;

    public Readiness(int[] descriptors) {
        n = descriptors.length;
        fds = new Memory(Math.max(1, n) * 8L);
        fds.clear();
        for (int i = 0; i < n; i++) {
            fds.setInt(i * 8L, descriptors[i]);
            fds.setShort(i * 8L + 4, POLLIN);
        }
    }

    /** @return true if a descriptor became readable before the timeout */
    public boolean await(int timeoutMs) throws NativeException {
        for (int i = 0; i < n; i++) {
            fds.setShort(i * 8L + 6, (short) 0);
        }
        int r = Sys.poll(fds, n, timeoutMs);
        if (r < 0) {
            int errno = Native.getLastError();
            if (errno == Errno.EINTR) {
                return false;
            }
            throw new NativeException("poll", errno);
        }
        return r > 0;
    }
}
