package sonde.recorder.perf;

import java.io.IOException;

/** A failed system call: the step ("open /sys/.../trace_pipe_raw") and errno. */
public final class NativeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public NativeException(String step, int errno) {
        super(step + ": " + Errno.name(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
