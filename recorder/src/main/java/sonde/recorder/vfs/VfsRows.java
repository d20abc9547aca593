package sonde.recorder.vfs;

import sonde.recorder.sink.table.Table;

import sonde.recorder.sink.RowBatch;
import sonde.recorder.sink.Rows;

/** Turns completed calls into vfs_io rows: wall-clock times, errno, and the -p / -c / --files-only filters. */
public final class VfsRows {
    private final String recordingId;
    private final long clockOffsetNs;
    private final int pidFilter;
    private final String commFilter;
    private final boolean filesOnly;
    private final Rows out;
    private long rows;
    private long uncertainRows;
    private long filtered;

    public VfsRows(String recordingId, long clockOffsetNs, int pidFilter, String commFilter, boolean filesOnly,
                   Rows out) {
        this.recordingId = recordingId;
        this.clockOffsetNs = clockOffsetNs;
        this.pidFilter = pidFilter;
        this.commFilter = commFilter;
        this.filesOnly = filesOnly;
        this.out = out;
    }

    /** One completed call (valid until this returns). */
    void row(SyscallPairer.Call c, long exitNs, long ret) {
        int pid = c.task.tgid();
        String comm = c.comm;
        FileInfo f = c.file;
        if ((pidFilter >= 0 && pid != pidFilter) || (commFilter != null && !commFilter.equals(comm))
                || (filesOnly && f.notAFile())) {
            filtered++;
            return;
        }
        Syscall s = c.syscall;
        RowBatch b = out.next();
        b.set(C.RECORDING_ID, recordingId);
        b.set(C.TS, c.enterNs + clockOffsetNs);
        b.set(C.LATENCY, exitNs - c.enterNs);
        b.set(C.PID, pid);
        b.set(C.TID, c.tid);
        b.set(C.COMM, comm);
        b.set(C.SYSCALL, s.call());
        b.set(C.OP, s.op());
        b.set(C.FD, c.fd);
        if (s.hasPos()) {
            b.set(C.OFFSET, c.pos);
        } else {
            b.setNull(C.OFFSET);
        }
        if (s.hasCount()) {
            b.set(C.REQUESTED, c.count);
        } else {
            b.setNull(C.REQUESTED);
        }
        if (ret >= 0) {
            b.set(C.BYTES, ret);
            b.setNull(C.ERRNO);
        } else {
            b.setNull(C.BYTES);
            b.set(C.ERRNO, (int) -ret);
        }
        b.set(C.PAIRING_UNCERTAIN, c.uncertain);
        b.set(C.CACHE_MISS, c.cacheFill);
        b.set(C.FILE_KIND, f.kind());
        setOrNull(b, C.PATH, f.path());
        b.set(C.FS_TYPE, f.fsType());
        if (f.devMajor() == null) {
            b.setNull(C.DEV_MAJOR);
            b.setNull(C.DEV_MINOR);
        } else {
            b.set(C.DEV_MAJOR, f.devMajor().intValue());
            b.set(C.DEV_MINOR, f.devMinor().intValue());
        }
        setOrNull(b, C.DEVICE, f.device());
        if (f.inode() == null) {
            b.setNull(C.INODE);
        } else {
            b.set(C.INODE, f.inode().longValue());
        }
        out.commit();
        rows++;
        if (c.uncertain) {
            uncertainRows++;
        }
    }

    private static void setOrNull(RowBatch b, int field, String s) {
        if (s == null) {
            b.setNull(field);
        } else {
            b.set(field, s);
        }
    }

    /** vfs_io field numbers. */
    private static final class C {
        static final int RECORDING_ID = pos("recording_id");
        static final int TS = pos("ts_ns");
        static final int LATENCY = pos("latency_ns");
        static final int PID = pos("pid");
        static final int TID = pos("tid");
        static final int COMM = pos("comm");
        static final int SYSCALL = pos("syscall");
        static final int OP = pos("op");
        static final int FD = pos("fd");
        static final int OFFSET = pos("offset_bytes");
        static final int REQUESTED = pos("requested_bytes");
        static final int BYTES = pos("bytes");
        static final int ERRNO = pos("errno");
        static final int PAIRING_UNCERTAIN = pos("pairing_uncertain");
        static final int CACHE_MISS = pos("cache_miss_bytes");
        static final int FILE_KIND = pos("file_kind");
        static final int PATH = pos("path");
        static final int FS_TYPE = pos("fs_type");
        static final int DEV_MAJOR = pos("dev_major");
        static final int DEV_MINOR = pos("dev_minor");
        static final int DEVICE = pos("device");
        static final int INODE = pos("inode");

        private static int pos(String name) {
            return Table.VFS_IO.pos(name);
        }
    }

    /** Where the rows go (flushed by the reader loop now and then). */
    public Rows output() {
        return out;
    }

    public long rows() {
        return rows;
    }

    /** Rows written with pairing_uncertain: events were lost while the call was open. */
    public long uncertainRows() {
        return uncertainRows;
    }

    public long filtered() {
        return filtered;
    }
}
