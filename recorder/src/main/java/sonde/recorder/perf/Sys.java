package sonde.recorder.perf;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * libc calls on the recorder's hot path, bound by JNA's direct mapping (a static native method
 * per call, no proxy and no reflection per call) and reporting failure by return value and
 * {@link Native#getLastError()} rather than by exception: an empty ring buffer answers EAGAIN
 * many times a second.
 */
final class Sys {
    static {
        Native.register("c");
    }

    private Sys() {
    }

    /** read(2): bytes read, or -1 with errno in {@link Native#getLastError()}. */
    static native long read(int fd, Pointer buf, long count);

    /** poll(2) over an array of struct pollfd (8 bytes each). */
    static native int poll(Pointer fds, long nfds, int timeoutMs);
}
