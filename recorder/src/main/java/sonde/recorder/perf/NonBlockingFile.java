package sonde.recorder.perf;

import com.sun.jna.LastErrorException;

import java.io.Closeable;
import java.nio.ByteBuffer;

/**
 * A file opened with O_NONBLOCK, for tracefs's per-CPU trace_pipe_raw: a read of an empty
 * ring buffer returns 0 at once instead of sleeping until the buffer_percent watermark, so one
 * thread can serve every CPU and stop promptly. (Java's own file channels cannot do this.)
 */
public final class NonBlockingFile implements Closeable {
    private final String path;
    private int fd;

    private NonBlockingFile(String path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    public static NonBlockingFile open(String path) throws NativeException {
        try {
            return new NonBlockingFile(path, LibC.INSTANCE.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw Errno.wrap("open " + path, e);
        }
    }

    /**
     * Reads up to {@code buf.remaining()} bytes into a direct buffer at its position.
     *
     * @return bytes read; 0 when nothing is available now (EAGAIN) or at end of file
     */
    public int read(ByteBuffer buf) throws NativeException {
        if (!buf.isDirect()) {
            throw new IllegalArgumentException("direct buffer required");
        }
        try {
            ByteBuffer view = buf.slice();
            int n = LibC.INSTANCE.read(fd, view, buf.remaining());
            buf.position(buf.position() + n);
            return n;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EAGAIN || e.getErrorCode() == Errno.EINTR) {
                return 0;
            }
            throw Errno.wrap("read " + path, e);
        }
    }

    public String path() {
        return path;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            try {
                LibC.INSTANCE.close(fd);
            } catch (LastErrorException ignored) {
                // nothing useful to do: the descriptor is gone either way
            }
            fd = -1;
        }
    }
}
