package sonde.analyzer.verify;

import sonde.analyzer.db.Dataset;

/**
 * What the recording says, through the same views and columns the canned reports use (the
 * semantics of sonde top, cache and flame), for one process or device.
 */
final class Measure {
    private final Dataset ds;

    Measure(Dataset ds) {
        this.ds = ds;
    }

    /** Block-layer bytes and requests of a process (writeback counted for the dirtier) for an op on a device. */
    long[] disk(long pid, String op, String device) {
        return disk(pid, op, device, false);
    }

    /**
     * Block-layer bytes and requests the process issued itself (direct I/O, or writes it made in
     * its own context), for an op on a device: what O_DIRECT I/O is, without the write-back of
     * metadata it dirtied (on a file system without a journal, block bitmaps and inode tables are
     * dirtied by the writer and later written back for it).
     */
    long[] issued(long pid, String op, String device) {
        return disk(pid, op, device, true);
    }

    private long[] disk(long pid, String op, String device, boolean ownOnly) {
        ds.set("v_pid", pid);
        ds.set("v_own", ownOnly);
        ds.set("v_op", op);
        ds.set("v_device", device);
        return ds.query("disk", "SELECT coalesce(sum(bytes), 0)::BIGINT, count(*) FROM disk_io"
                + " WHERE (CASE WHEN getvariable('v_own') THEN pid = getvariable('v_pid') AND writeback_pid IS NULL"
                + " ELSE coalesce(writeback_pid, pid) = getvariable('v_pid') END) AND op = getvariable('v_op')"
                + " AND (getvariable('v_device') IS NULL OR device = getvariable('v_device'))",
                rs -> rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2]);
    }

    /** Bytes a flusher thread wrote back for a process. */
    long writeback(long pid) {
        ds.set("v_pid", pid);
        return ds.query("writeback", "SELECT coalesce(sum(bytes), 0)::BIGINT FROM disk_io"
                + " WHERE writeback_pid = getvariable('v_pid') AND op = 'W'", rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /** File bytes a process read through read/pread/readv calls (sonde cache's VFS read column). */
    long vfsRead(long pid) {
        ds.set("v_pid", pid);
        return ds.query("vfs", "SELECT coalesce(sum(bytes), 0)::BIGINT FROM vfs_io WHERE pid = getvariable('v_pid')"
                + " AND op = 'R' AND file_kind IN ('file', 'blockdev')", rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /** Recorded bytes per op on a device, all processes. */
    long deviceBytes(String device, String op) {
        ds.set("v_device", device);
        ds.set("v_op", op);
        return ds.query("device", "SELECT coalesce(sum(bytes), 0)::BIGINT FROM disk_io WHERE device = getvariable('v_device')"
                + " AND op = getvariable('v_op')", rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /**
     * Samples of a thread between two times (wall clock, epoch ns), and how many of them have a
     * leaf frame whose name contains {@code function}.
     */
    long[] samples(long tid, String function, long fromNs, long toNs) {
        ds.set("v_tid", tid);
        ds.set("v_fn", function);
        ds.set("v_from", fromNs);
        ds.set("v_to", toNs);
        return ds.query("samples", "SELECT count(*), count(*) FILTER (WHERE contains(frames[-1].name, getvariable('v_fn')))"
                + " FROM cpu_sample WHERE tid = getvariable('v_tid')"
                + " AND ts_ns BETWEEN getvariable('v_from') AND getvariable('v_to')",
                rs -> rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2]);
    }

    long lostEvents() {
        return ds.query("lost", "SELECT coalesce(sum(lost_events_total), 0)::BIGINT FROM recording",
                rs -> rs.next() ? rs.getLong(1) : 0L);
    }
}
