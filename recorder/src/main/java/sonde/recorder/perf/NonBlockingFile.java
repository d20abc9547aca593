package sonde.recorder.perf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.Closeable;
import java.nio.ByteBuffer;

/**
 * A file opened with O_NONBLOCK, for tracefs's per-CPU trace_pipe_raw: a read of an empty
 * ring buffer returns at once instead of sleeping, so one thread can serve every CPU and stop
 * promptly. (Java's own file channels cannot do this.)
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
        int n = read(Native.getDirectBufferPointer(buf).share(buf.position()), buf.remaining());
        buf.position(buf.position() + n);
        return n;
    }

    /**
     * Reads up to {@code count} bytes to native memory at {@code to}.
     *
     * @return bytes read; 0 when nothing is available now (EAGAIN) or at end of file
     */
    public int read(Pointer to, int count) throws NativeException {
        long n = Sys.read(fd, to, count);
        if (n >= 0) {
            return (int) n;
        }
        int errno = Native.getLastError();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return 0;
        }
        throw new NativeException("read " + path, errno);
    }

    public int fd() {
        return fd;
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
