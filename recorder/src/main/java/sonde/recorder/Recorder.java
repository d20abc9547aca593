package sonde.recorder;

import sonde.recorder.cli.Durations;
import sonde.recorder.cli.UserError;
import sonde.recorder.host.Host;
import sonde.recorder.perf.NativeException;
import sonde.recorder.sink.AsyncSink;
import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.recorder.tracefs.Privileges;

import java.io.IOException;
import java.io.PrintStream;

/**
 * One recording: a trace session with the block tracepoints and one reader thread that drains
 * every CPU's ring buffer, pairs requests in time order and hands rows to the writer thread,
 * until the duration ends or a signal arrives.
 */
final class Recorder {
    private static final int QUEUE_ROWS = 65_536;

    private final RecordOptions o;
    private final PrintStream err;
    private final StopSignal signal = new StopSignal();

    Recorder(RecordOptions options, PrintStream err) {
        this.o = options;
        this.err = err;
    }

    int run() throws IOException, InterruptedException {
        if (o.disk() || o.vfs()) {
            Privileges.requireTracing();
        } else {
            Privileges.requirePerf();
        }
        OutputDir out = OutputDir.prepare(o.out());
        String host = Host.name();
        Session s = new Session(o, host);
        ParquetSink parquet = new ParquetSink(out, host, s.recordingId, o.rotateBytes(), o.rotateNs());
        AsyncSink sink = new AsyncSink(parquet, QUEUE_ROWS);
        try (Sources sources = Sources.open(o, s, sink::put)) {
            signal.install();
            sources.start();
            s.started(Host.onlineCpus());
            err.println(startMessage(s.cpus));
            String endedBy = loop(s, sources, sink, o.vfs() ? 10 : 50);
            s.ended(endedBy);
            sources.finish();
            s.collect(sources);
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

    /** @param idleMs sleep when the buffers were empty: short with vfs, to resolve descriptors while they are open */
    private String loop(Session s, Sources sources, AsyncSink sink, int idleMs)
            throws NativeException, InterruptedException {
        long deadline = o.durationNs() < 0 ? Long.MAX_VALUE : s.startMonoNs + o.durationNs();
        while (true) {
            int pages = sources.poll();
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
            if (pages < Sources.MAX_PAGES_PER_POLL) {
                Thread.sleep(Math.max(0, Math.min(pages == 0 ? idleMs : Math.min(idleMs, 10), (deadline - now) / 1_000_000)));
            }
        }
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
                : " for " + Durations.format(o.durationNs()) + " — Ctrl-C to end early";
        return "Recording " + o.kinds() + " on " + cpus + " CPU" + (cpus == 1 ? "" : "s") + " to " + o.out() + when;
    }
}
