package sonde.recorder;

import sonde.recorder.cli.UserError;
import sonde.recorder.disk.BlockEvent;
import sonde.recorder.disk.BlockTracepoints;
import sonde.recorder.disk.DiskRows;
import sonde.recorder.disk.RequestTracker;
import sonde.recorder.event.EventMerger;
import sonde.recorder.host.Devices;
import sonde.recorder.host.Host;
import sonde.recorder.host.Tasks;
import sonde.recorder.perf.NativeException;
import sonde.recorder.sink.AsyncSink;
import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.recorder.tracefs.PageLayout;
import sonde.recorder.tracefs.Privileges;
import sonde.recorder.tracefs.TraceInstance;
import sonde.recorder.tracefs.TraceReader;
import sonde.recorder.tracefs.Tracefs;

import java.io.IOException;
import java.io.PrintStream;

/**
 * One recording: a private tracefs instance with the block tracepoints, one reader thread that
 * drains every CPU's ring buffer, pairs requests in time order and hands rows to the writer
 * thread, until the duration ends or a signal arrives.
 */
final class Recorder {
    private static final long EXPIRE_AFTER_NS = 60_000_000_000L;
    private static final int MAX_PAGES_PER_POLL = 256;
    private static final int QUEUE_ROWS = 65_536;

    private final RecordOptions o;
    private final PrintStream err;
    private final StopSignal signal = new StopSignal();

    Recorder(RecordOptions options, PrintStream err) {
        this.o = options;
        this.err = err;
    }

    int run() throws IOException, InterruptedException {
        Privileges.requireTracing();
        OutputDir out = OutputDir.prepare(o.out());
        Tracefs fs = Tracefs.locate();
        PageLayout layout = fs.pageLayout();
        String host = Host.name();
        Session s = new Session(o, host);
        try (TraceInstance instance = TraceInstance.create(fs)) {
            instance.write("tracing_on", "0");
            instance.write("buffer_size_kb", String.valueOf(o.bufferMb() * 1024));
            instance.write("trace_clock", "mono");
            instance.write("options/overwrite", "1");
            ParquetSink parquet = new ParquetSink(out, host, s.recordingId, o.rotateBytes(), o.rotateNs());
            AsyncSink sink = new AsyncSink(parquet, QUEUE_ROWS);
            DiskRows rows = new DiskRows(s.recordingId, s.clockOffsetNs, new Devices(), o.pid(), o.comm(), sink::put);
            RequestTracker tracker = new RequestTracker(rows);
            EventMerger<BlockEvent> merger = new EventMerger<>(tracker::onEvent);
            BlockTracepoints block = BlockTracepoints.enable(instance, o.dev(), o.comm(), new Tasks(), merger::add);
            try (TraceReader reader = new TraceReader(instance, layout, block.commonType(), instance.cpus())) {
                block.register(reader);
                signal.install();
                instance.write("tracing_on", "1");
                s.started(Host.onlineCpus());
                err.println(startMessage(Host.onlineCpus()));
                String endedBy = loop(s, reader, merger, tracker, sink);
                instance.write("tracing_on", "0");
                s.ended(endedBy);
                drain(reader, merger);
                tracker.finish();
                s.collect(instance, reader, tracker, rows, block.startTracepoint());
                try {
                    sink.close();
                } catch (IOException e) {
                    throw writeFailed(e);
                }
                parquet.writeRecording(s.toRecording(parquet.outputs()));
                s.printSummary(err, parquet.outputs().size() + 1, parquet.bytesWritten());
                return 0;
            } catch (NativeException e) {
                throw new UserError("reading the ring buffers failed: " + e.getMessage());
            }
        }
    }

    private String loop(Session s, TraceReader reader, EventMerger<BlockEvent> merger, RequestTracker tracker,
                        AsyncSink sink) throws NativeException, InterruptedException {
        long deadline = o.durationNs() < 0 ? Long.MAX_VALUE : s.startMonoNs + o.durationNs();
        long lastExpire = System.nanoTime();
        while (true) {
            long watermark = reader.poll(MAX_PAGES_PER_POLL);
            merger.releaseBefore(watermark);
            long now = System.nanoTime();
            if (now - lastExpire > 1_000_000_000L) {
                tracker.expire(watermark - EXPIRE_AFTER_NS);
                lastExpire = now;
            }
            if (sink.failure() != null) {
                throw writeFailed(sink.failure());
            }
            if (signal.stopRequested()) {
                return signal.received();
            }
            if (now >= deadline) {
                return "duration";
            }
            if (reader.lastPollPages() < MAX_PAGES_PER_POLL) {
                Thread.sleep(Math.max(0, Math.min(reader.lastPollPages() == 0 ? 50 : 10, (deadline - now) / 1_000_000)));
            }
        }
    }

    /** After tracing is off: everything still in the buffers, then everything held for ordering. */
    private static void drain(TraceReader reader, EventMerger<BlockEvent> merger) throws NativeException {
        do {
            reader.poll(MAX_PAGES_PER_POLL);
        } while (reader.lastPollPages() > 0);
        merger.releaseAll();
    }

    private UserError writeFailed(Throwable t) {
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        if (m.contains("No space left")) {
            return new UserError("writing " + o.out() + " failed: no space left on device; files already closed are intact",
                    "free space or record to another file system with --out DIR");
        }
        return new UserError("writing " + o.out() + " failed: " + m + "; files already closed are intact", null, t);
    }

    private String startMessage(int cpus) {
        String when = o.durationNs() < 0 ? " — Ctrl-C to end"
                : " for " + sonde.recorder.cli.Durations.format(o.durationNs()) + " — Ctrl-C to end early";
        return "Recording disk on " + cpus + " CPU" + (cpus == 1 ? "" : "s") + " to " + o.out() + when;
    }
}
