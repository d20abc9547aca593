package sonde.recorder;

import sonde.recorder.disk.DiskRows;
import sonde.recorder.disk.DiskSource;
import sonde.recorder.host.Devices;
import sonde.recorder.host.Host;
import sonde.recorder.host.TaskTracepoints;
import sonde.recorder.host.Tasks;
import sonde.recorder.perf.NativeException;
import sonde.recorder.profile.JvmPerfMaps;
import sonde.recorder.profile.Profiler;
import sonde.recorder.sink.AsyncSink;
import sonde.recorder.sink.Rows;
import sonde.recorder.tracefs.TraceSession;
import sonde.recorder.tracefs.Tracefs;
import sonde.recorder.vfs.VfsRows;
import sonde.recorder.vfs.VfsSource;
import sonde.recorder.sink.table.Table;


/**
 * What one recording reads from: a trace session with the disk and vfs tracepoints (none when
 * only profiling), and the CPU profiler. Each is null when its kind is not recorded.
 */
final class Sources implements AutoCloseable {
    static final int MAX_PAGES_PER_POLL = 256;

    final TraceSession trace;
    final DiskSource disk;
    final DiskRows diskRows;
    final VfsSource vfs;
    final VfsRows vfsRows;
    final Profiler profiler;

    private Sources(TraceSession trace, DiskSource disk, DiskRows diskRows, VfsSource vfs, VfsRows vfsRows,
                    Profiler profiler) {
        this.trace = trace;
        this.disk = disk;
        this.diskRows = diskRows;
        this.vfs = vfs;
        this.vfsRows = vfsRows;
        this.profiler = profiler;
    }

    /** Rows per batch (a Parquet row group) and batches in circulation per kind: bounded memory. */
    private static final int BATCH_ROWS = 32_768;
    private static final int SAMPLE_BATCH_ROWS = 8_192;
    /** Named JIT addresses come a few hundred at a time (a JVM's map read at its exit). */
    private static final int JIT_BATCH_ROWS = 4_096;
    private static final int BATCHES = 4;
    /** Rows wait at most this long before they go to the writer (files rotate on time; a crash loses little). */
    private static final long FLUSH_AFTER_NS = 1_000_000_000L;

    static Sources open(RecordOptions o, Session s, AsyncSink sink) {
        TraceSession trace = o.disk() || o.vfs() ? TraceSession.open(Tracefs.locate(), o.bufferMb()) : null;
        try {
            Tasks tasks = new Tasks();
            DiskRows diskRows = null;
            DiskSource disk = null;
            VfsRows vfsRows = null;
            VfsSource vfs = null;
            TaskTracepoints taskEvents = trace == null ? null : TaskTracepoints.enable(trace, tasks);
            if (o.disk()) {
                diskRows = new DiskRows(s.recordingId, s.clockOffsetNs, new Devices(), o.pid(), o.comm(),
                        sink.rows(Table.DISK_IO, BATCHES, BATCH_ROWS));
                disk = DiskSource.enable(trace, o.dev(), o.comm(), tasks, diskRows, true);
            }
            if (o.vfs()) {
                vfsRows = new VfsRows(s.recordingId, s.clockOffsetNs, o.pid(), o.comm(), o.filesOnly(),
                        sink.rows(Table.VFS_IO, BATCHES, BATCH_ROWS));
                vfs = VfsSource.enable(trace, tasks, taskEvents, o.pid(), o.comm(), vfsRows);
            }
            Profiler profiler = o.profileHz() <= 0 ? null : Profiler.open(Host.onlineCpuList(), o.profileHz(),
                    s.recordingId, s.clockOffsetNs, o.pid(), o.comm(),
                    sink.rows(Table.CPU_SAMPLE, BATCHES, SAMPLE_BATCH_ROWS),
                    sink.rows(Table.JIT_SYMBOL, 2, JIT_BATCH_ROWS), o.jvmPerfmap() ? new JvmPerfMaps() : null);
            return new Sources(trace, disk, diskRows, vfs, vfsRows, profiler);
        } catch (RuntimeException e) {
            if (trace != null) {
                trace.close();
            }
            throw e;
        }
    }

    void start() throws NativeException {
        if (trace != null) {
            trace.start();
        }
        if (profiler != null) {
            profiler.enable();
        }
    }

    /** One round over every ring buffer; returns how many tracefs pages it read. */
    int poll() throws NativeException {
        int pages = 0;
        if (trace != null) {
            if (vfs != null) {
                vfs.beforeRead();
            }
            long watermark = trace.poll(MAX_PAGES_PER_POLL);
            if (disk != null) {
                disk.advance(watermark);
            }
            pages = trace.lastPollPages();
        }
        flushRows(FLUSH_AFTER_NS);
        if (profiler != null) {
            profiler.poll();
        }
        return pages;
    }

    /** Waits until a ring buffer fills up to its wake-up mark, or {@code timeoutMs}. */
    void await(int timeoutMs) throws NativeException, InterruptedException {
        if (trace != null) {
            trace.await(timeoutMs);
        } else {
            Thread.sleep(timeoutMs);
        }
    }

    /** Stops tracing and sampling, then handles everything still in the buffers. */
    void finish() throws NativeException, InterruptedException {
        if (trace != null) {
            trace.stop();
        }
        if (profiler != null) {
            profiler.finish();
        }
        if (trace != null) {
            if (vfs != null) {
                vfs.beforeRead();
            }
            trace.drain(MAX_PAGES_PER_POLL);
        }
        if (disk != null) {
            disk.finish();
        }
        flushRows(0);
    }

    /** Hands waiting rows to the writer if the oldest is older than {@code maxAgeNs}; all of them if 0. */
    private void flushRows(long maxAgeNs) {
        long now = System.nanoTime();
        for (Rows r : new Rows[] {diskRows == null ? null : diskRows.output(), vfsRows == null ? null : vfsRows.output()}) {
            if (r != null && maxAgeNs == 0) {
                r.flush();
            } else if (r != null) {
                r.flushOlderThan(maxAgeNs, now);
            }
        }
    }

    @Override
    public void close() {
        if (trace != null) {
            trace.close();
        }
        if (vfs != null) {
            vfs.close();
        }
    }
}
