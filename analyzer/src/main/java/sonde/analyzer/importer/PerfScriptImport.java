package sonde.analyzer.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import sonde.analyzer.flame.internal.ByteLines;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;
import sonde.recorder.sink.EventKinds;
import sonde.recorder.sink.OutputDir;
import sonde.recorder.sink.ParquetSink;
import sonde.schema.Recording;

/**
 * {@code perf script} text (what {@code perf record -g} then {@code perf script} print) into
 * a sonde recording directory: one cpu_sample row per sample, written through the recorder's
 * {@link ParquetSink}, and one recording row saying what was imported. Streams: memory holds
 * one sample, whatever the input's size.
 *
 * <p>Times are perf's as printed, in ns: perf_clock, seconds since boot (about CLOCK_MONOTONIC),
 * not wall-clock epoch ns as recorded rows have, unless perf recorded with {@code -k realtime};
 * the recording row's trace_clock says which ("perf", "realtime", or "none" when perf printed no
 * times, and every ts_ns is 0). period_ns is perf's period for cpu-clock and task-clock samples
 * (ns of CPU time) and 0 for other events, whose period counts cycles, faults, and so on. When
 * perf printed one number for the task, it is the thread id; it is then the pid too.
 */
public final class PerfScriptImport {
    /** Lines longer than this are skipped and counted (a symbol this long is not a symbol). */
    public static final int MAX_LINE_BYTES = 1 << 20;
    /** A sample whose task name is longer is not one perf printed (see PerfHeaderCheck). */
    public static final int MAX_COMM_BYTES = PerfHeaderCheck.MAX_COMM_BYTES;
    private static final long ROTATE_BYTES = 128L << 20;
    /** How a perf.data file begins (perf's header magic, "PERFILE2" since 2009). */
    private static final String PERF_DATA_MAGIC = "PERFILE";
    private static final long REALTIME_NS = 1_000_000_000L * 1_000_000_000L; // 2001-09-09: no uptime is that long
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * @param file        the input's name, for the recording row ("-" for stdin)
     * @param host        the host partition; null: perf's "# hostname" line if printed, else "unknown"
     * @param event       the event type to import; null: the first one seen
     * @param commandLine the sonde command line, for the recording row
     * @param version     sonde's version, for the recording row
     */
    public record Options(String file, String host, String event, String commandLine, String version) {
    }

    /** What an import did; {@code event} is null when no sample named one. */
    public record Result(String recordingId, String host, long samples, long lines, long skippedLines,
                         long unrecognizedLines, long droppedSamples, String event, long otherEventSamples,
                         String firstOtherEvent, List<String> files, Odd odd) {
    }

    /**
     * What the import left out or cut because it was not what perf prints: lines holding NUL
     * bytes (binary data), samples dropped for such a line or a task name that is not text,
     * samples whose header lacks its pid, and stacks cut at {@code maxFrames} frames.
     */
    public record Odd(long binaryLines, long binarySamples, long malformedSamples, long cutSamples, int maxFrames) {
    }

    private PerfScriptImport() {
    }

    /**
     * Imports all of {@code in} (not closed) into {@code outDir}. Throws {@link UserError} when
     * the input cannot be read or the output cannot be written; the files of a failed import are
     * removed.
     */
    public static Result run(InputStream in, Options o, Path outDir) {
        OutputDir out = OutputDir.prepare(outDir);
        String id = ID_TIME.format(Instant.now()) + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        LazySink sink = new LazySink(out, id, o.host());
        PerfSampleParser parser = new PerfSampleParser(id, o.event(), row -> sink.open().write(row));
        sink.perfHeader = parser.perfHeader();
        try {
            read(in, o.file(), parser);
            if (parser.samples == 0 && parser.binaryLines + parser.binarySamples > 0) {
                throw new UserError("nothing imported: " + shown(o.file()) + " is not perf script text ("
                        + (parser.binaryLines > 0 ? parser.binaryLines + " of " + parser.lines + " lines hold NUL bytes"
                        : parser.binarySamples + " sample header(s) name a task in bytes that are not UTF-8")
                        + ", as binary data does)", "perf script prints text: perf script -i perf.data > out.perf, then import out.perf");
            }
            ParquetSink s = sink.open();
            s.close();
            s.writeRecording(recording(parser, o, id, s.outputs()));
            return new Result(id, sink.host, parser.samples, parser.lines, parser.skippedLines, parser.unrecognizedLines,
                    parser.droppedSamples, parser.event(), parser.otherEventSamples, parser.firstOtherEvent, s.outputs(),
                    new Odd(parser.binaryLines, parser.binarySamples, parser.malformedSamples, parser.cutSamples,
                            PerfSampleParser.MAX_FRAMES));
        } catch (IOException e) {
            sink.abandon();
            throw new UserError("cannot write " + outDir + ": " + Reasons.of(e), null, e);
        } catch (RuntimeException e) {
            sink.abandon();
            throw e;
        }
    }

    private static void read(InputStream in, String file, PerfSampleParser parser) throws IOException {
        ByteLines lines = new ByteLines(in, MAX_LINE_BYTES);
        long longLines = 0;
        while (true) {
            String line;
            try {
                line = lines.next();
            } catch (IOException e) {
                throw new UserError("cannot read " + file + ": " + Reasons.of(e), null, e);
            }
            if (parser.lines == 0 && line != null && line.startsWith(PERF_DATA_MAGIC)) {
                throw new UserError(shown(file) + " is a perf.data file, not perf script output",
                        "print it as text first, where it was recorded (for the symbols): perf script -i " + file
                                + " > out.perf, then import out.perf");
            }
            boolean afterLong = lines.skippedTooLong() != longLines;
            longLines = lines.skippedTooLong();
            if (line == null) {
                if (afterLong) {
                    parser.skippedLine();
                }
                break;
            }
            parser.accept(line, afterLong);
        }
        parser.finish();
    }

    private static String shown(String file) {
        return file.equals("-") ? "standard input" : file;
    }

    private static Recording recording(PerfSampleParser p, Options o, String id, List<String> files) {
        Map<String, String> header = p.perfHeader();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("source", "perf-script");
        options.put("file", o.file());
        options.put("event", p.event() == null ? "" : p.event());
        if (header.containsKey("cmdline")) {
            options.put("perf_cmdline", header.get("cmdline"));
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("import.lines", p.lines);
        counters.put("import.skipped_lines", p.skippedLines);
        counters.put("import.unrecognized_lines", p.unrecognizedLines);
        counters.put("import.dropped_samples", p.droppedSamples);
        counters.put("import.binary_lines", p.binaryLines);
        counters.put("import.binary_samples", p.binarySamples);
        counters.put("import.malformed_header_samples", p.malformedSamples);
        counters.put("import.cut_samples", p.cutSamples);
        counters.put("import.other_event_samples", p.otherEventSamples);
        counters.put("import.pid_from_tid", p.pidFromTid);
        boolean any = p.samples > 0;
        long start = any ? p.minTsNs : 0;
        String clock = !any || p.maxTsNs == 0 ? "none" : start >= REALTIME_NS ? "realtime" : "perf";
        return new Recording(id, o.version(), header.getOrDefault("os release", ""), cpus(p, header),
                (int) ProcessHandle.current().pid(), o.commandLine(), options, List.of(), start,
                any ? p.maxTsNs : 0, 0L, clock, Map.of(EventKinds.CPU_SAMPLE, p.samples), List.of(), 0L, counters,
                files, "end of input");
    }

    private static int cpus(PerfSampleParser p, Map<String, String> header) {
        try {
            return Integer.parseInt(header.getOrDefault("nrcpus online", "").strip());
        } catch (NumberFormatException e) {
            return p.cpus.length(); // highest CPU seen + 1
        }
    }

    /** The sink, opened at the first sample: by then perf's header, if printed, has named the host. */
    private static final class LazySink {
        private final OutputDir out;
        private final String id;
        private String host;
        private ParquetSink sink;
        Map<String, String> perfHeader = Map.of();

        LazySink(OutputDir out, String id, String host) {
            this.out = out;
            this.id = id;
            this.host = host;
        }

        ParquetSink open() {
            if (sink == null) {
                String h = host != null ? host : perfHeader.getOrDefault("hostname", "unknown");
                host = h.isEmpty() ? "unknown" : h.replaceAll("[^A-Za-z0-9._-]", "_");
                sink = new ParquetSink(out, host, id, ROTATE_BYTES, Long.MAX_VALUE);
            }
            return sink;
        }

        void abandon() {
            if (sink != null) {
                sink.abandon();
            }
        }
    }
}
