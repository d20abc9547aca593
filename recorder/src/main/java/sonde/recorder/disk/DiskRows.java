package sonde.recorder.disk;

import sonde.recorder.host.Devices;
import sonde.recorder.writeback.WritebackAttribution;
import sonde.schema.DiskIo;

import java.util.function.Consumer;

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
    private final Consumer<DiskIo> out;
    private long rows;
    private long incompleteRows;
    private long filtered;

    /**
     * @param pidFilter  keep only this tgid, or -1
     * @param commFilter keep only this command name (compared on its first 15 characters), or null
     */
    public DiskRows(String recordingId, long clockOffsetNs, Devices devices, int pidFilter, String commFilter,
                    Consumer<DiskIo> out) {
        this.recordingId = recordingId;
        this.clockOffsetNs = clockOffsetNs;
        this.devices = devices;
        this.pidFilter = pidFilter;
        this.commFilter = commFilter == null ? null : truncateComm(commFilter);
        this.out = out;
    }

    /** The kernel keeps 15 characters of a command name. */
    public static String truncateComm(String comm) {
        return comm.length() > 15 ? comm.substring(0, 15) : comm;
    }

    @Override
    public void accept(Request r) {
        WritebackAttribution.Dirtier by = r.dirtier();
        int pid = by == null ? r.pid() : by.pid();
        String comm = by == null ? r.comm() : by.comm();
        if ((pidFilter >= 0 && pid != pidFilter) || (commFilter != null && !commFilter.equals(comm))) {
            filtered++;
            return;
        }
        Long issue = wall(r.issueNs());
        Long complete = wall(r.completeNs());
        Long latency = r.issueNs() >= 0 && r.completeNs() >= 0 ? r.completeNs() - r.issueNs() : null;
        Long queue = r.startNs() >= 0 && r.issueNs() >= 0 ? r.issueNs() - r.startNs() : null;
        WritebackAttribution.Dirtier d = r.dirtier();
        // event_seq 0: numbered in write order by the sink (SequencedSink), whichever thread made the row
        DiskIo row = new DiskIo(recordingId, 0L, r.firstSeenNs() + clockOffsetNs, issue, complete, latency, queue,
                r.dev(), Devices.major(r.dev()), Devices.minor(r.dev()), devices.name(r.dev()), r.sector(),
                r.bytes(), r.rwbs(), Request.op(r.rwbs()), r.completed() ? r.error() : null,
                r.pid(), r.tid(), r.comm(), r.kernelThread(), r.requeues(), r.partials(),
                d == null ? null : d.pid(), d == null ? null : d.comm(), d == null ? null : d.ino(),
                d == null ? null : d.bdi());
        rows++;
        if (!r.completed()) {
            incompleteRows++;
        }
        out.accept(row);
    }

    private Long wall(long monoNs) {
        return monoNs < 0 ? null : monoNs + clockOffsetNs;
    }

    public long rows() {
        return rows;
    }

    public long incompleteRows() {
        return incompleteRows;
    }

    /** Requests left out by -p / -c. */
    public long filtered() {
        return filtered;
    }
}
