package sonde.recorder;

import sonde.recorder.cli.Durations;
import sonde.recorder.cli.UserError;
import sonde.recorder.disk.DiskRows;
import sonde.recorder.disk.DiskSource;
import sonde.recorder.host.Devices;
import sonde.recorder.host.Host;
import sonde.recorder.host.TaskTracepoints;
import sonde.recorder.host.Tasks;
import sonde.recorder.perf.NativeException;
import sonde.recorder.profile.Profiler;
import sonde.recorder.sink.AsyncSink;
import sonde.recorder.sink.EventSink;
import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.recorder.sink.SequencedSink;
import sonde.recorder.sink.kafka.KafkaSink;
import sonde.recorder.tracefs.Privileges;
import sonde.recorder.tracefs.TraceSession;
import sonde.recorder.tracefs.Tracefs;
import sonde.recorder.vfs.VfsRows;
import sonde.recorder.vfs.VfsSource;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * One recording: a trace session with the block tracepoints and one reader thread that drains
 * every CPU's ring buffer, pairs requests in time order and hands rows to the writer thread,
 * until the duration ends or a signal arrives.
 */
final class Recorder {
    private static final int MAX_PAGES_PER_POLL = 256;
    private static final int QUEUE_ROWS = 65_536;

    private final RecordOptions o;
    private final PrintStream err;
    private final StopSignal signal = new StopSignal("record");

    Recorder(RecordOptions options, PrintStream err) {
        this.o = options;
        this.err = err;
    }

    int run() throws IOException, InterruptedException {
        Privileges.requireTracing();
        OutputDir out = o.kafka() == null ? OutputDir.prepare(o.out()) : null;
        Tracefs fs = Tracefs.locate();
        String host = o.host() != null ? o.host() : Host.name();
        Session s = new Session(o, host);
        EventSink target = out != null ? new ParquetSink(out, host, s.recordingId, o.rotateBytes(), o.rotateNs())
                : KafkaSink.open(o.kafka(), host);
        try (TraceSession trace = TraceSession.open(fs, o.bufferMb())) {
            AsyncSink sink = new AsyncSink(new SequencedSink(target), QUEUE_ROWS);
            Tasks tasks = new Tasks();
            TaskTracepoints.enable(trace, tasks);
            DiskRows rows = null;
            DiskSource disk = null;
            if (o.disk()) {
                rows = new DiskRows(s.recordingId, s.clockOffsetNs, new Devices(), o.pid(), o.comm(), sink::put);
                disk = DiskSource.enable(trace, o.dev(), o.comm(), tasks, rows, true);
            }
            VfsRows vfsRows = null;
            VfsSource vfs = null;
            if (o.vfs()) {
                vfsRows = new VfsRows(s.recordingId, s.clockOffsetNs, o.pid(), o.comm(), o.filesOnly(), sink::put);
                vfs = VfsSource.enable(trace, tasks, o.pid(), o.comm(), vfsRows);
            }
            Profiler profiler = null;
            if (o.profileHz() > 0) {
                profiler = Profiler.open(Host.onlineCpuList(), o.profileHz(), s.recordingId, s.clockOffsetNs, o.pid(),
                        o.comm(), sink::put);
            }
            signal.install();
            trace.start();
            if (profiler != null) {
                profiler.enable();
            }
            s.started(Host.onlineCpus());
            err.println(startMessage(s.cpus));
            String endedBy = loop(s, trace, disk, profiler, sink, o.vfs() ? 10 : 50);
            trace.stop();
            if (profiler != null) {
                profiler.finish();
            }
            s.ended(endedBy);
            trace.drain(MAX_PAGES_PER_POLL);
            if (disk != null) {
                disk.finish();
            }
            s.collect(trace, disk, rows, vfs, vfsRows, profiler);
            if (target instanceof KafkaSink) {
                err.println("Sending what is pending to kafka (waiting up to " + Durations.format(o.kafka().closeWaitMs() * 1_000_000L) + ") …");
            }
            try {
                sink.close();
                s.counters.putAll(target.counters());
                target.writeRecording(s.toRecording(target.outputs()));
            } catch (IOException e) {
                throw writeFailed(e);
            }
            s.printSummary(err, target instanceof KafkaSink k ? k.summary()
                    : List.of(s.wroteLine(target.outputs().size() + 1, target.bytesWritten())));
            return 0;
        } catch (NativeException e) {
            target.abandon();
            throw new UserError("reading the ring buffers failed: " + e.getMessage());
        } catch (RuntimeException | IOException | InterruptedException e) {
            target.abandon();
            throw e;
        }
    }

    /** @param idleMs sleep when the buffers were empty: short with vfs, to resolve descriptors while they are open */
    private String loop(Session s, TraceSession trace, DiskSource disk, Profiler profiler, AsyncSink sink, int idleMs)
            throws NativeException, InterruptedException {
        long deadline = o.durationNs() < 0 ? Long.MAX_VALUE : s.startMonoNs + o.durationNs();
        while (true) {
            long watermark = trace.poll(MAX_PAGES_PER_POLL);
            if (disk != null) {
                disk.advance(watermark);
            }
            if (profiler != null) {
                profiler.poll();
            }
            if (sink.failure() != null) {
                throw writeFailed(sink.failure());
            }
            if (signal.stopRequested()) {
                return signal.received();
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                return "duration";
            }
            int pages = trace.lastPollPages();
            if (pages < MAX_PAGES_PER_POLL) {
                Thread.sleep(Math.max(0, Math.min(pages == 0 ? idleMs : Math.min(idleMs, 10), (deadline - now) / 1_000_000)));
            }
        }
    }

    private UserError writeFailed(Throwable t) {
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        if (o.kafka() != null) {
            return new UserError("sending to kafka at " + o.kafka().bootstrap() + " failed: " + m, null, t);
        }
        if (m.contains("No space left")) {
            return new UserError("writing " + o.out() + " failed: no space left on device; files already closed are intact",
                    "free space or record to another file system with --out DIR");
        }
        return new UserError("writing " + o.out() + " failed: " + m + "; files already closed are intact", null, t);
    }

    private String startMessage(int cpus) {
        String when = o.durationNs() < 0 ? " — Ctrl-C to end"
                : " for " + Durations.format(o.durationNs()) + " — Ctrl-C to end early";
        String to = o.kafka() == null ? o.out().toString() : "kafka at " + o.kafka().bootstrap();
        return "Recording " + o.kinds() + " on " + cpus + " CPU" + (cpus == 1 ? "" : "s") + " to " + to + when;
    }
}
