package sonde.recorder.vfs;

import sonde.schema.VfsIo;

import java.util.function.Consumer;

/** Turns completed calls into vfs_io rows: wall-clock times, errno, and the -p / -c / --files-only filters. */
public final class VfsRows implements Consumer<VfsCall> {
    private final String recordingId;
    private final long clockOffsetNs;
    private final int pidFilter;
    private final String commFilter;
    private final boolean filesOnly;
    private final Consumer<VfsIo> out;
    private long rows;
    private long filtered;

    public VfsRows(String recordingId, long clockOffsetNs, int pidFilter, String commFilter, boolean filesOnly,
                   Consumer<VfsIo> out) {
        this.recordingId = recordingId;
        this.clockOffsetNs = clockOffsetNs;
        this.pidFilter = pidFilter;
        this.commFilter = commFilter;
        this.filesOnly = filesOnly;
        this.out = out;
    }

    @Override
    public void accept(VfsCall c) {
        VfsEvent in = c.enter();
        int pid = in.task().tgid();
        String comm = c.comm();
        if ((pidFilter >= 0 && pid != pidFilter) || (commFilter != null && !commFilter.equals(comm))
                || (filesOnly && c.file().notAFile())) {
            filtered++;
            return;
        }
        Syscall s = in.syscall();
        long ret = c.exit().value();
        FileInfo f = c.file();
        // event_seq 0: numbered in write order by the sink (SequencedSink), whichever thread made the row
        out.accept(new VfsIo(recordingId, 0L, in.tsNs() + clockOffsetNs, c.exit().tsNs() - in.tsNs(), pid,
                in.task().tid(), comm, s.call(), s.op(), in.fd(), s.hasPos() ? in.pos() : null,
                s.hasCount() ? in.value() : null, ret >= 0 ? ret : null, ret < 0 ? (int) -ret : null,
                c.cacheFillBytes(), f.kind(), f.path(), f.fsType(), f.devMajor(), f.devMinor(), f.device(), f.inode()));
        rows++;
    }

    public long rows() {
        return rows;
    }

    public long filtered() {
        return filtered;
    }
}
