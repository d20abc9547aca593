package sonde.analyzer.flame;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import sonde.analyzer.flame.internal.ByteLines;
import sonde.analyzer.flame.internal.FrameLineCache;
import sonde.analyzer.flame.internal.FrameNames;
import sonde.analyzer.flame.internal.PerfFrameLine;
import sonde.analyzer.flame.internal.PerfHeader;
import sonde.analyzer.flame.internal.PerlChars;
import sonde.analyzer.flame.internal.PerlSum;
import sonde.analyzer.flame.internal.StackTable;

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
 * and the output repeats those bytes. Fast where perf output repeats itself: a frame line seen
 * before is looked up by its bytes ({@link FrameLineCache}), frames are numbered, and a stack is
 * a sequence of frame numbers until the output is written. Not thread-safe.
 */
public final class Collapse {
    /** Lines longer than this are skipped and counted; perf never prints one. */
    public static final int MAX_LINE_BYTES = 16 << 20;

    private final CollapseOptions options;
    private final FrameNames frameNames;
    private final List<String> chain = new ArrayList<>(4);
    // frame names and process-name parts, numbered
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> nameIds = new HashMap<>();
    private final Map<String, int[]> pnameIds = new HashMap<>();
    private final FrameLineCache plainFrames = new FrameLineCache();
    private final FrameLineCache javaFrames = new FrameLineCache();
    private final StackTable stacks = new StackTable();
    // the sample being built: its frames' ids, leaf first (each line's chain reversed)
    private int[] frames = new int[64];
    private int frameCount;
    private int[] key = new int[64];
    private String eventFilter;
    private boolean eventDefaulted;
    private String otherEvent;
    private String pname;
    private boolean javaProcess;
    private String period;
    private Map<String, PerlSum> merged;   // after absorb: the stacks of this and later parts
    private long unrecognized;
    private long crBlank;
    private long skippedLong;

    public Collapse(CollapseOptions options) {
        this.options = options;
        this.frameNames = new FrameNames(options.annotateKernel(), options.annotateJit(), options.includeAddrs());
        this.eventFilter = options.eventFilter() == null ? "" : options.eventFilter();
    }

    /**
     * A part of a larger input that starts after a blank line, when the whole input's first
     * event type, {@code firstEvent}, defaulted the event filter.
     */
    Collapse(CollapseOptions options, String firstEvent) {
        this(options);
        this.eventFilter = firstEvent;
        this.eventDefaulted = true;
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
        while (lines.advance()) {
            foldLine(lines.buffer(), lines.start(), lines.end());
        }
        skippedLong += lines.skippedTooLong();
    }

    /** One line of raw perf script bytes, without its '\n'. */
    public void acceptBytes(byte[] bytes, int offset, int length) {
        foldLine(bytes, offset, offset + length);
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

    /**
     * One line, {@code b[from, to)}. A frame line (it starts with a blank, so it cannot be a
     * header) whose text from the symbol on was seen before takes the cached frames; anything
     * else goes through {@link #foldLine(String)}.
     */
    private void foldLine(byte[] b, int from, int to) {
        if (pname != null && from < to && PerlChars.isSpace(b[from])) {
            int p0 = from;
            while (p0 < to && PerlChars.isSpace(b[p0])) {
                p0++;
            }
            if (p0 < to && PerlChars.isWord(b[p0])) {
                int p1 = p0;
                while (p1 < to && PerlChars.isWord(b[p1])) {
                    p1++;
                }
                int p2 = p1;
                while (p2 < to && PerlChars.isSpace(b[p2])) {
                    p2++;
                }
                // the address matters only for --addrs (it names [unknown] frames)
                int keyFrom = options.includeAddrs() ? p0 : p2;
                FrameLineCache cache = javaProcess ? javaFrames : plainFrames;
                int h = FrameLineCache.hash(b, keyFrom, to);
                int[] ids = cache.get(b, keyFrom, to, h);
                if (ids == null) {
                    String line = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
                    PerfFrameLine frame = PerfFrameLine.parse(line);
                    if (frame == null) {
                        unrecognized(line);
                        return;
                    }
                    ids = idsOf(frame);
                    if (symbolStartsAt(line, p2 - from)) {
                        cache.put(b, keyFrom, to, h, ids);
                    }
                }
                push(ids);
                return;
            }
        }
        foldLine(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /**
     * Whether the frame's symbol starts at {@code at}, after the address and its blanks: then
     * the parse depends on the text from there on only (and the same text parses the same).
     * Otherwise the match backtracked into the blanks or the address, and is not cached.
     */
    private static boolean symbolStartsAt(String line, int at) {
        int lastParen = line.lastIndexOf(')');
        return line.lastIndexOf(" (", lastParen - 2) - 1 >= at;
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
            unrecognized(line);
        } else if (pname != null) {
            push(idsOf(frame));
        }
    }

    private void unrecognized(String line) {
        unrecognized++;
        if (line.equals("\r")) {
            crBlank++;
        }
    }

    /** The ids of the names {@code frame} folds to in the current process, caller first. */
    private int[] idsOf(PerfFrameLine frame) {
        chain.clear();
        frameNames.append(frame, javaProcess, chain);
        int[] ids = new int[chain.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = idOf(chain.get(i));
        }
        return ids;
    }

    private int idOf(String name) {
        Integer id = nameIds.get(name);
        if (id == null) {
            id = names.size();
            names.add(name);
            nameIds.put(name, id);
        }
        return id;
    }

    /** Adds a line's frames (caller first) to the sample: they go above the frames so far. */
    private void push(int[] ids) {
        if (frameCount + ids.length > frames.length) {
            frames = Arrays.copyOf(frames, Math.max(frames.length * 2, frameCount + ids.length));
        }
        for (int i = ids.length - 1; i >= 0; i--) {
            frames[frameCount++] = ids[i];
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
        javaProcess = pname.startsWith("java");
    }

    private void endOfSample() {
        if (pname == null) {
            return;
        }
        // the stack is "pname;frame;frame...", root first; a ';' in the process name splits it
        // into parts here as it would in the text, so equal texts are equal id sequences
        int[] head = pnameIds.computeIfAbsent(pname, p -> {
            String[] parts = p.split(";", -1);
            int[] ids = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                ids[i] = idOf(parts[i]);
            }
            return ids;
        });
        int len = head.length + frameCount;
        if (len > key.length) {
            key = new int[Math.max(len, key.length * 2)];
        }
        System.arraycopy(head, 0, key, 0, head.length);
        for (int i = 0; i < frameCount; i++) {
            key[head.length + i] = frames[frameCount - 1 - i];
        }
        stacks.sumOf(key, len).addDigits(period);
        frameCount = 0;
        pname = null;
    }

    /**
     * Adds what {@code next} folded from the part of the input that follows this one's (it
     * began after a blank line, with the same event filter): true when merged; false when a
     * total went beyond exact integers, where the order of additions matters, and then this is
     * spoiled: fold the input in one pass instead. Afterwards this takes no more input.
     */
    boolean absorb(Collapse next) {
        Map<String, PerlSum> mine = texts();
        for (Map.Entry<String, PerlSum> e : next.texts().entrySet()) {
            PerlSum sum = mine.putIfAbsent(e.getKey(), e.getValue());
            if (sum != null && !sum.addExact(e.getValue())) {
                return false;
            }
        }
        merged = mine;
        unrecognized += next.unrecognized;
        crBlank += next.crBlank;
        skippedLong += next.skippedLong;
        if (otherEvent == null) {
            otherEvent = next.otherEvent;
        }
        if (eventFilter.isEmpty()) {
            eventFilter = next.eventFilter;
            eventDefaulted = next.eventDefaulted;
        }
        return true;
    }

    private Map<String, PerlSum> texts() {
        return merged != null ? merged : stackTexts();
    }

    /** The folded stacks as byte strings (ISO-8859-1 Java strings) and their totals. */
    private Map<String, PerlSum> stackTexts() {
        Map<String, PerlSum> texts = new HashMap<>(stacks.size() * 2);
        StringBuilder sb = new StringBuilder();
        stacks.forEach((ids, sum) -> {
            sb.setLength(0);
            for (int i = 0; i < ids.length; i++) {
                if (i > 0) {
                    sb.append(';');
                }
                sb.append(names.get(ids[i]));
            }
            texts.put(sb.toString(), sum);
        });
        return texts;
    }

    /** Writes the folded stacks in the reference's order and bytes. */
    public void writeTo(OutputStream out) throws IOException {
        Map<String, PerlSum> texts = texts();
        List<String> keys = new ArrayList<>(texts.keySet());
        // one char per byte, so String order is Perl's byte-wise sort
        Collections.sort(keys);
        for (String k : keys) {
            out.write((k + " " + texts.get(k) + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /**
     * The folded stacks as text (bytes decoded as UTF-8), in {@link FoldedStacks#ORDER}, the
     * byte order of their UTF-8 form. Counts beyond Long.MAX_VALUE saturate.
     */
    public SortedMap<String, Long> folded() {
        SortedMap<String, Long> m = new TreeMap<>(FoldedStacks.ORDER);
        for (Map.Entry<String, PerlSum> e : texts().entrySet()) {
            String text = new String(e.getKey().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            m.merge(text, e.getValue().toLong(), FoldedStacks::saturatedAdd);
        }
        return m;
    }

    /** Distinct stacks so far. */
    public int size() {
        return merged != null ? merged.size() : stacks.size();
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
