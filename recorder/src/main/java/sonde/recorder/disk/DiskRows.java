package sonde.recorder.disk;

import sonde.recorder.host.Comm;
import sonde.recorder.host.Devices;
import sonde.recorder.writeback.WritebackAttribution;
import sonde.recorder.sink.table.Table;

import java.util.function.Consumer;

import sonde.recorder.sink.RowBatch;
import sonde.recorder.sink.Rows;

/**
 * Turns finished requests into disk_io rows: monotonic times mapped to wall clock, device
 * names resolved, and the -p / -c filters applied to the submitting process.
 */
public final class DiskRows implements Consumer<Request> {
    private final String recordingId;
    private final long clockOffsetNs;
    private final Devices devices;
    private final int pidFilter;
    private final String commFilter;
    private final Rows out;
    private long rows;
    private long incompleteRows;
    private long uncertainRows;
    private long filtered;
    private long shareRows;
    /** The recorder's own process: its I/O (writing the recording, loading classes) is left out. */
    private final int self = (int) ProcessHandle.current().pid();
    private long own;

    /**
     * @param pidFilter  keep only this tgid, or -1
     * @param commFilter keep only this command name (as the kernel keeps it, see {@link Comm}), or null
     */
    public DiskRows(String recordingId, long clockOffsetNs, Devices devices, int pidFilter, String commFilter,
                    Rows out) {
        this.recordingId = recordingId;
        this.clockOffsetNs = clockOffsetNs;
        this.devices = devices;
        this.pidFilter = pidFilter;
        this.commFilter = commFilter == null ? null : Comm.of(commFilter);
        this.out = out;
    }

    /**
     * One row for the request's creator (or the dirtier its flusher wrote for), with its own bytes,
     * and one for each other process whose bios the kernel merged into it (merged_bio), with theirs.
     */
    @Override
    public void accept(Request r) {
        WritebackAttribution.Dirtier by = r.dirtier();
        long own = r.shares() == null ? r.bytes() : Math.max(0, r.bytes() - r.sharedBytes());
        if (!r.creatorLeftOut() && (own > 0 || r.shares() == null)) {
            row(r, by == null ? r.pid() : by.pid(), by == null ? r.comm() : by.comm(), r.pid(), r.tid(), r.comm(),
                    r.kernelThread(), r.sector(), own, by, false);
        }
        for (Share s = r.shares(); s != null; s = s.next()) {
            row(r, s.pid(), s.comm(), s.pid(), s.tid(), s.comm(), s.kernelThread(), s.sector(), s.bytes(), null, true);
        }
    }

    /** @param pid, comm whose the row is, for the filters: the dirtier's when a flusher wrote for it */
    private void row(Request r, int pid, String comm, int submitterPid, int tid, String submitterComm,
                     boolean kernelThread, long sector, long bytes, WritebackAttribution.Dirtier by, boolean share) {
        if (pid == self) {
            own++;
            return;
        }
        if ((pidFilter >= 0 && pid != pidFilter) || (commFilter != null && !commFilter.equals(comm))) {
            filtered++;
            return;
        }
        RowBatch b = out.next();
        b.set(C.RECORDING_ID, recordingId);
        b.set(C.TS, r.firstSeenNs() + clockOffsetNs);
        wall(b, C.ISSUE_TS, r.issueNs());
        wall(b, C.COMPLETE_TS, r.completeNs());
        if (r.issueNs() >= 0 && r.completeNs() >= 0) {
            b.set(C.LATENCY, r.completeNs() - r.issueNs());
        } else {
            b.setNull(C.LATENCY);
        }
        if (r.startNs() >= 0 && r.issueNs() >= 0) {
            b.set(C.QUEUE, r.issueNs() - r.startNs());
        } else {
            b.setNull(C.QUEUE);
        }
        b.set(C.DEV, r.dev());
        b.set(C.DEV_MAJOR, Devices.major(r.dev()));
        b.set(C.DEV_MINOR, Devices.minor(r.dev()));
        b.set(C.DEVICE, devices.name(r.dev()));
        b.set(C.SECTOR, sector);
        b.set(C.BYTES, bytes);
        b.set(C.RWBS, r.rwbs());
        b.set(C.OP, Request.op(r.rwbs()));
        if (r.completed()) {
            b.set(C.ERROR, r.error());
        } else {
            b.setNull(C.ERROR);
        }
        b.set(C.PID, submitterPid);
        b.set(C.TID, tid);
        b.set(C.COMM, submitterComm);
        b.set(C.KERNEL_THREAD, kernelThread);
        b.set(C.REQUEUES, r.requeues());
        b.set(C.PARTIALS, r.partials());
        b.set(C.PAIRING_UNCERTAIN, r.pairingUncertain());
        b.set(C.MERGED_BIO, share);
        if (by == null) {
            b.setNull(C.WB_PID);
            b.setNull(C.WB_COMM);
            b.setNull(C.WB_INO);
            b.setNull(C.WB_BDI);
        } else {
            b.set(C.WB_PID, by.pid());
            b.set(C.WB_COMM, by.comm());
            b.set(C.WB_INO, by.ino());
            b.set(C.WB_BDI, by.bdi());
        }
        out.commit();
        rows++;
        if (share) {
            shareRows++;
        }
        if (!r.completed()) {
            incompleteRows++;
        }
        if (r.pairingUncertain()) {
            uncertainRows++;
        }
    }

    private void wall(RowBatch b, int field, long monoNs) {
        if (monoNs < 0) {
            b.setNull(field);
        } else {
            b.set(field, monoNs + clockOffsetNs);
        }
    }

    /** disk_io field numbers. */
    private static final class C {
        static final int RECORDING_ID = pos("recording_id");
        static final int TS = pos("ts_ns");
        static final int ISSUE_TS = pos("issue_ts_ns");
        static final int COMPLETE_TS = pos("complete_ts_ns");
        static final int LATENCY = pos("latency_ns");
        static final int QUEUE = pos("queue_ns");
        static final int DEV = pos("dev");
        static final int DEV_MAJOR = pos("dev_major");
        static final int DEV_MINOR = pos("dev_minor");
        static final int DEVICE = pos("device");
        static final int SECTOR = pos("sector");
        static final int BYTES = pos("bytes");
        static final int RWBS = pos("rwbs");
        static final int OP = pos("op");
        static final int ERROR = pos("error");
        static final int PID = pos("pid");
        static final int TID = pos("tid");
        static final int COMM = pos("comm");
        static final int KERNEL_THREAD = pos("kernel_thread");
        static final int REQUEUES = pos("requeues");
        static final int PARTIALS = pos("partial_completions");
        static final int PAIRING_UNCERTAIN = pos("pairing_uncertain");
        static final int MERGED_BIO = pos("merged_bio");
        static final int WB_PID = pos("writeback_pid");
        static final int WB_COMM = pos("writeback_comm");
        static final int WB_INO = pos("writeback_ino");
        static final int WB_BDI = pos("writeback_bdi");

        private static int pos(String name) {
            return Table.DISK_IO.pos(name);
        }
    }

    /** Where the rows go (flushed by the reader loop now and then). */
    public Rows output() {
        return out;
    }

    /** Rows of bytes merged into a request another process created (merged_bio). */
    public long shareRows() {
        return shareRows;
    }

    public long rows() {
        return rows;
    }

    public long incompleteRows() {
        return incompleteRows;
    }

    /** Rows written with pairing_uncertain: events were lost while the request was open. */
    public long uncertainRows() {
        return uncertainRows;
    }

    /**
     * Requests of the recorder itself, left out. (Not in the kernel: a block completion fires in
     * whatever task is current, so a per-task filter there would drop other processes' completions.)
     */
    public long own() {
        return own;
    }

    /** Requests left out by -p / -c. */
    public long filtered() {
        return filtered;
    }
}
