package sonde.recorder.perf;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;

/** The few libc calls sonde needs, bound through JNA; errors raise LastErrorException with errno. */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int O_RDONLY = 0;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;

    int PROT_READ = 1;
    int PROT_WRITE = 2;
    int MAP_SHARED = 1;

    short POLLIN = 1;

    int open(String path, int flags) throws LastErrorException;

    int read(int fd, ByteBuffer buf, long count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int ioctl(int fd, long request, long arg) throws LastErrorException;

    int ioctl(int fd, long request, String arg) throws LastErrorException;

    Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

    int munmap(Pointer addr, long length) throws LastErrorException;

    int poll(byte[] fds, long nfds, int timeoutMs) throws LastErrorException;

    long syscall(long number, Object... args) throws LastErrorException;

    String strerror(int errnum);
}
