package sonde.analyzer.flame;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import sonde.analyzer.flame.internal.ByteLines;
import sonde.analyzer.flame.internal.FrameNames;
import sonde.analyzer.flame.internal.PerfFrameLine;
import sonde.analyzer.flame.internal.PerfHeader;
import sonde.analyzer.flame.internal.PerlSum;

/**
 * Folds {@code perf script} output into one line per distinct stack, byte for byte as
 * FlameGraph's stackcollapse-perf.pl (commit 41fee1f, 2024-10-21) does: frames root-first
 * joined by ';' after the process name, a space, and the summed sample periods.
 *
 * <p>Streaming: lines are pushed one at a time ({@link #read}, {@link #acceptBytes},
 * {@link #acceptLine}) and only the distinct stacks are kept. Quirks kept from the reference:
 * a stack counts only when a blank line ends it, so a last stack with no blank line after it is
 * dropped; samples of other event types than the filter (by default the first type seen) are
 * skipped without ending the stack being built; frame lines before any header are ignored.
 *
 * <p>Text is handled as bytes, as Perl does: perf prints symbols in UTF-8 or anything else,
 * and the output repeats those bytes. Not thread-safe.
 */
public final class Collapse {
    /** Lines longer than this are skipped and counted; perf never prints one. */
    public static final int MAX_LINE_BYTES = 16 << 20;

    private final CollapseOptions options;
    private final FrameNames frameNames;
    private final Map<String, PerlSum> stacks = new HashMap<>();
    private final ArrayDeque<String> stack = new ArrayDeque<>();
    private final List<String> chain = new ArrayList<>(4);
    private String eventFilter;
    private boolean eventDefaulted;
    private String otherEvent;
    private String pname;
    private String period;
    private long unrecognized;
    private long crBlank;
    private long skippedLong;

    public Collapse(CollapseOptions options) {
        this.options = options;
        this.frameNames = new FrameNames(options.annotateKernel(), options.annotateJit(), options.includeAddrs());
        this.eventFilter = options.eventFilter() == null ? "" : options.eventFilter();
    }

    /** Folds all of {@code in} (not closed): the stacks as {@link #folded()} gives them. */
    public static SortedMap<String, Long> fold(InputStream in, CollapseOptions options) throws IOException {
        Collapse c = new Collapse(options);
        c.read(in);
        return c.folded();
    }

    /** Folds everything {@code in} holds; does not close it. */
    public void read(InputStream in) throws IOException {
        ByteLines lines = new ByteLines(in, MAX_LINE_BYTES);
        for (String line = lines.next(); line != null; line = lines.next()) {
            foldLine(line);
        }
        skippedLong += lines.skippedTooLong();
    }

    /** One line of raw perf script bytes, without its '\n'. */
    public void acceptBytes(byte[] bytes, int offset, int length) {
        foldLine(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
    }

    /**
     * One line of text, folded as its UTF-8 bytes. A '\n' inside ends a line, as in a file:
     * {@code "a\nb"} is two lines and a final '\n' only terminates.
     */
    public void acceptLine(String line) {
        if (line.isEmpty()) {
            foldLine(line);
            return;
        }
        int start = 0;
        for (int nl = line.indexOf('\n'); nl >= 0; nl = line.indexOf('\n', start)) {
            foldLine(bytesOf(line.substring(start, nl)));
            start = nl + 1;
        }
        if (start < line.length()) {
            foldLine(bytesOf(line.substring(start)));
        }
    }

    private static String bytesOf(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private void foldLine(String line) {
        if (line.startsWith("#")) {
            return;
        }
        if (line.isEmpty()) {
            endOfSample();
            return;
        }
        PerfHeader header = PerfHeader.parse(line);
        if (header != null) {
            startSample(header);
            return;
        }
        PerfFrameLine frame = PerfFrameLine.parse(line);
        if (frame == null) {
            unrecognized++;
            if (line.equals("\r")) {
                crBlank++;
            }
        } else if (pname != null) {
            chain.clear();
            frameNames.append(frame, pname.startsWith("java"), chain);
            for (int i = chain.size() - 1; i >= 0; i--) {
                stack.addFirst(chain.get(i));
            }
        }
    }

    private void startSample(PerfHeader h) {
        String pid = h.pid();
        String tid = h.tid();
        if (tid == null || tid.equals("0")) {
            tid = pid;
            pid = "?";
        }
        String p = null;
        if (h.event() != null) {
            p = h.period();
            if (eventFilter.isEmpty()) {
                // merging instructions with cycles would mislead: default to the first type
                eventFilter = h.event();
                eventDefaulted = true;
            } else if (!h.event().equals(eventFilter)) {
                if (eventDefaulted && otherEvent == null) {
                    otherEvent = h.event();
                }
                return;
            }
        }
        // Perl truth: an absent, empty or "0" period counts 1, but "00" counts 0
        period = p == null || p.isEmpty() || p.equals("0") ? "1" : p;
        String name = options.includeTid() ? h.comm() + "-" + pid + "/" + tid
                : options.includePid() ? h.comm() + "-" + pid : h.comm();
        pname = name.replace(' ', '_');
    }

    private void endOfSample() {
        if (pname == null) {
            return;
        }
        stack.addFirst(pname);
        stacks.computeIfAbsent(String.join(";", stack), k -> new PerlSum()).addDigits(period);
        stack.clear();
        pname = null;
    }

    /** Writes the folded stacks in the reference's order and bytes. */
    public void writeTo(OutputStream out) throws IOException {
        List<String> keys = new ArrayList<>(stacks.keySet());
        // one char per byte, so String order is Perl's byte-wise sort
        Collections.sort(keys);
        for (String k : keys) {
            out.write((k + " " + stacks.get(k) + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * The folded stacks as text (bytes decoded as UTF-8), in {@link FoldedStacks#ORDER}, the
     * byte order of their UTF-8 form. Counts beyond Long.MAX_VALUE saturate.
     */
    public SortedMap<String, Long> folded() {
        SortedMap<String, Long> m = new TreeMap<>(FoldedStacks.ORDER);
        for (Map.Entry<String, PerlSum> e : stacks.entrySet()) {
            String text = new String(e.getKey().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            m.merge(text, e.getValue().toLong(), FoldedStacks::saturatedAdd);
        }
        return m;
    }

    /** Distinct stacks so far. */
    public int size() {
        return stacks.size();
    }

    /** Lines that were neither comment, blank, sample header nor frame. */
    public long unrecognizedLines() {
        return unrecognized;
    }

    /**
     * Unrecognized lines that are just "\r": CRLF text, whose blank lines do not end samples
     * (nor do they for the reference, which then prints nothing).
     */
    public long crlfBlankLines() {
        return crBlank;
    }

    /** Lines over {@link #MAX_LINE_BYTES}, skipped. */
    public long skippedLongLines() {
        return skippedLong;
    }

    /** The event filter in force: given, defaulted from the first sample, or "" before any. */
    public String eventFilter() {
        return eventFilter;
    }

    /** When the filter was defaulted: the first other event type skipped, else null. */
    public String firstSkippedEvent() {
        return otherEvent;
    }
}
