package sonde.analyzer.importer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import sonde.analyzer.flame.internal.PerfFrameLine;
import sonde.analyzer.flame.internal.PerfHeader;
import sonde.schema.CpuSample;
import sonde.schema.Frame;

/**
 * perf script lines in, cpu_sample rows out, one sample at a time: memory is one sample's
 * frames. Lines are matched as stackcollapse-perf.pl matches them ({@link PerfHeader},
 * {@link PerfFrameLine}), and a sample counts, as there, only when a blank line ends it: one
 * cut off by the end of the input or by the next header is dropped. Only one event type is
 * imported, by default the first one seen, as the script does. Not thread-safe.
 *
 * <p>Unlike the script, which folds whatever matches, the import stores names, so it is
 * stricter about what a sample is: a line holding a NUL byte is binary data, never perf script
 * text (perf prints C strings), and a sample it falls in is dropped; so is a sample whose header
 * is not one perf prints ({@link PerfHeaderCheck}). A stack deeper than {@link #MAX_FRAMES} is
 * cut to its frames nearest the leaf, as the kernel cuts one at perf_event_max_stack.
 */
final class PerfSampleParser {
    /** Receives each complete sample. */
    @FunctionalInterface
    interface Rows {
        void write(CpuSample row) throws IOException;
    }

    /**
     * The deepest stack kept: the most a perf event can ask of the kernel (sample_max_stack is
     * a 16-bit field of perf_event_attr). A deeper one keeps its first MAX_FRAMES frames as perf
     * printed them, leaf first, and loses its outermost callers, as the kernel's cut does.
     */
    static final int MAX_FRAMES = 65_535;
    /** A stack is also cut once its lines add up to this many bytes (a row holds it whole). */
    static final long MAX_SAMPLE_BYTES = 64L << 20;

    /** Why a sample was left out; each is counted and named in the import's notes. */
    private enum Drop { NONE, CUT_SHORT, BINARY, MALFORMED_HEADER }

    private final String recordingId;
    private final Rows rows;
    private String event;
    private final PerfHeaderLines perfHeader = new PerfHeaderLines();
    private final List<Frame> frames = new ArrayList<>();
    private PerfHeader header;
    private String headerLine;
    private long sampleLines;
    private long sampleBytes;
    private boolean damaged;
    private Drop drop = Drop.NONE;
    private boolean cut;
    private boolean otherEvent;
    final BitSet cpus = new BitSet();
    long lines;
    long samples;
    long skippedLines;
    long unrecognizedLines;
    long droppedSamples;
    /** Lines holding a NUL byte: binary data, not perf script text. */
    long binaryLines;
    /** Samples dropped because a line of theirs was binary, or their task name is not text. */
    long binarySamples;
    /** Samples dropped because their header is not one perf prints (see PerfHeaderCheck). */
    long malformedSamples;
    /** Samples deeper than MAX_FRAMES (or MAX_SAMPLE_BYTES), kept cut to their leaf-most frames. */
    long cutSamples;
    long otherEventSamples;
    long pidFromTid;
    String firstOtherEvent;
    long minTsNs = Long.MAX_VALUE;
    long maxTsNs = Long.MIN_VALUE;

    /** @param event the event type to import; null for the first one seen */
    PerfSampleParser(String recordingId, String event, Rows rows) {
        this.recordingId = recordingId;
        this.event = event == null || event.isEmpty() ? null : event;
        this.rows = rows;
    }

    /**
     * One line (a byte string, one char per byte, without its '\n'; a '\r' before it is
     * ignored). {@code afterLongLine}: a line too long to hold was skipped just before this one.
     */
    void accept(String rawLine, boolean afterLongLine) throws IOException {
        lines++;
        if (afterLongLine) {
            skippedLine();
            damaged = header != null;
        }
        String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
        if (line.indexOf('\0') >= 0) {
            binaryLines++;
            skippedLine();
            if (header != null && drop == Drop.NONE) {
                drop = Drop.BINARY;
            }
            return;
        }
        if (line.startsWith("#")) {
            if (samples == 0 && header == null) {
                perfHeader.accept(line);
            }
        } else if (line.isEmpty()) {
            end();
        } else {
            PerfHeader h = PerfHeader.parse(line);
            if (h != null) {
                start(h, line);
            } else {
                frame(line);
            }
        }
    }

    /** Ends the input: a sample still open had no blank line after it and is dropped. */
    void finish() {
        if (header != null) {
            drop();
        }
    }

    private void start(PerfHeader h, String line) {
        if (header != null) {
            drop();
        }
        header = h;
        headerLine = line;
        sampleLines = 1;
        sampleBytes = line.length();
        damaged = false;
        drop = PerfHeaderCheck.problem(h) == null ? Drop.NONE
                : PerfHeaderCheck.isText(h.comm()) ? Drop.MALFORMED_HEADER : Drop.BINARY;
        cut = false;
        frames.clear();
        otherEvent = false;
        if (h.event() != null) {
            if (event == null) {
                event = h.event();
            } else if (!h.event().equals(event)) {
                otherEvent = true;
                firstOtherEvent = firstOtherEvent == null ? h.event() : firstOtherEvent;
            }
        }
    }

    private void frame(String line) {
        PerfFrameLine f = PerfFrameLine.parse(line);
        if (f == null || header == null) {
            skippedLine();
            return;
        }
        sampleLines++;
        sampleBytes += line.length();
        if (otherEvent || damaged || drop != Drop.NONE || cut) {
            return;
        }
        if (frames.size() >= MAX_FRAMES || sampleBytes > MAX_SAMPLE_BYTES) {
            cut = true;
            return;
        }
        PerfFrames.append(f, frames);
    }

    /** A line that is neither comment, blank, header nor a frame inside a sample; or one too long. */
    void skippedLine() {
        skippedLines++;
        unrecognizedLines++;
    }

    private void end() throws IOException {
        if (header == null) {
            return;
        }
        if (otherEvent || damaged || drop != Drop.NONE) {
            drop();
        } else {
            emit();
        }
        header = null;
        frames.clear();
    }

    private void drop() {
        if (otherEvent) {
            otherEventSamples++;
        } else {
            switch (damaged || drop == Drop.NONE ? Drop.CUT_SHORT : drop) {
                case BINARY -> binarySamples++;
                case MALFORMED_HEADER -> malformedSamples++;
                default -> droppedSamples++;
            }
            skippedLines += sampleLines;
        }
        header = null;
        frames.clear();
    }

    private void emit() throws IOException {
        boolean trimmed = frames.size() > MAX_FRAMES; // an inline chain went past the cut
        if (trimmed) {
            frames.subList(MAX_FRAMES, frames.size()).clear();
        }
        CpuSample row = SampleRows.row(recordingId, samples, header, headerLine, frames);
        if (row == null) {
            drop();
            return;
        }
        rows.write(row);
        samples++;
        cutSamples += cut || trimmed ? 1 : 0;
        pidFromTid += header.tid() == null ? 1 : 0;
        if (row.getCpu() >= 0) {
            cpus.set(row.getCpu());
        }
        minTsNs = Math.min(minTsNs, row.getTsNs());
        maxTsNs = Math.max(maxTsNs, row.getTsNs());
    }

    /** What perf's header said (hostname, os release, nrcpus online, cmdline), if it was printed. */
    Map<String, String> perfHeader() {
        return perfHeader.values();
    }

    /** The event type imported, or null when no sample named one. */
    String event() {
        return event;
    }
}
