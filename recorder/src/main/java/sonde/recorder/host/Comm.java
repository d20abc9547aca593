package sonde.recorder.host;

import sonde.recorder.util.Utf8;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A task's command name as sonde records it everywhere (disk_io, vfs_io, cpu_sample, the -c
 * filters): the kernel's comm, which keeps the first 15 bytes of the name (TASK_COMM_LEN 16,
 * with the NUL), read as whole UTF-8 characters. A multi-byte character that the 15th byte
 * cuts is left out whole, so "ддддддддд" (18 bytes) is "ддддддд" (14) wherever it is read.
 */
public final class Comm {
    /** Bytes of a name the kernel keeps. */
    public static final int MAX_BYTES = 15;

    private Comm() {
    }

    /** The comm of a task named {@code name} (a program's file name, a -c argument). */
    public static String of(String name) {
        return Utf8.cut(name, MAX_BYTES);
    }

    /** /proc/TID/comm: the name, then a newline. */
    public static String readProc(Path file) throws IOException {
        byte[] b = KernelFiles.readBytes(file);
        int len = b.length;
        while (len > 0 && b[len - 1] == '\n') {
            len--;
        }
        return decode(b, 0, len);
    }

    /** A comm as the kernel hands it out: {@code len} bytes, up to its NUL (or line end in /proc). */
    public static String decode(byte[] b, int start, int len) {
        return Utf8.decodeWhole(b, start, len);
    }
}
