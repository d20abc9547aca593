package sonde.recorder;

import sonde.recorder.cli.Durations;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;
import sonde.recorder.host.Host;
import sonde.recorder.perf.NativeException;
import sonde.recorder.sink.AsyncSink;
import sonde.recorder.sink.EventSink;
import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.recorder.sink.kafka.KafkaSink;
import sonde.recorder.tracefs.Privileges;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * One recording: a trace session with the block tracepoints and one reader thread that drains
 * every CPU's ring buffer, pairs requests in time order and hands rows to the writer thread,
 * until the duration ends or a signal arrives.
 */
final class Recorder {
    private final RecordOptions o;
    private final PrintStream err;
    private final StopSignal signal = new StopSignal("record");

    Recorder(RecordOptions options, PrintStream err) {
        this.o = options;
        this.err = err;
    }

    int run() throws IOException, InterruptedException {
        Warmup.start(o); // JNA and the Avro schemas, while this thread sets up tracing
        if (o.disk() || o.vfs()) {
            Privileges.requireTracing();
        } else {
            Privileges.requirePerf();
        }
        OutputDir out = o.kafka() == null ? OutputDir.prepare(o.out()) : null;
        String host = o.host() != null ? o.host() : Host.name();
        Session s = new Session(o, host);
        EventSink target = out != null ? new ParquetSink(out, host, s.recordingId, o.rotateBytes(), o.rotateNs())
                : KafkaSink.open(o.kafka(), host, err::println);
        AsyncSink sink = new AsyncSink(target);
        try (Sources sources = Sources.open(o, s, sink)) {
            signal.install();
            sources.start();
            s.started(Host.onlineCpus());
            err.println(startMessage(s.cpus));
            String endedBy = loop(s, sources, sink, o.vfs() ? 10 : 50);
            s.ended(endedBy);
            sources.finish();
            s.collect(sources);
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
            throw new UserError("reading the ring buffers failed: " + Reasons.of(e));
        } catch (RuntimeException | InterruptedException e) {
            target.abandon(); // a Kafka sink's spool: its lock, and its directory if empty, go
            throw e;
        }
    }

    /**
     * @param idleMs longest wait for a ring buffer to fill: short with vfs, to resolve
     *               descriptors while they are open
     */
    private String loop(Session s, Sources sources, AsyncSink sink, int idleMs)
            throws NativeException, InterruptedException {
        long deadline = o.durationNs() < 0 ? Long.MAX_VALUE : s.startMonoNs + o.durationNs();
        long last = System.nanoTime();
        while (true) {
            int pages = sources.poll();
            long polled = System.nanoTime();
            s.longestPollGapNs = Math.max(s.longestPollGapNs, polled - last);
            last = polled;
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
                sources.await((int) Math.max(0, Math.min(idleMs, (deadline - now) / 1_000_000)));
            }
        }
    }

    private UserError writeFailed(Throwable t) {
        String m = Reasons.of(t);
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
