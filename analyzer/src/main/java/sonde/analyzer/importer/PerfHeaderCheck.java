package sonde.analyzer.importer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import sonde.analyzer.flame.internal.PerfHeader;
import sonde.recorder.util.Utf8;

/**
 * Whether a line that {@link PerfHeader} matched is a header perf prints. The match is
 * stackcollapse-perf.pl's, made for folding whatever looks like a sample: a header without its
 * pid ({@code dd [001] 100.000001: 250000 cpu-clock:}) matches with comm {@code "dd [001]
 * 100.000001:"} and the period as the pid, and a line of binary data matches with its bytes as
 * the comm. The import stores the comm, so it leaves such samples out (and counts them).
 */
final class PerfHeaderCheck {
    /**
     * The longest task name perf prints: the kernel keeps 15 bytes of a task's name, but perf
     * takes the names of tasks that ran before it started from /proc/PID/status, where a kernel
     * worker's name carries its workqueue ("kworker/u8:2-events_unbound"), up to 63 bytes.
     */
    static final int MAX_COMM_BYTES = 63;

    private PerfHeaderCheck() {
    }

    /** What is wrong with the header, or null when perf could have printed it. */
    static String problem(PerfHeader h) {
        String comm = h.comm();
        if (!isText(comm)) {
            return "its task name is not UTF-8 text";
        }
        if (comm.length() > MAX_COMM_BYTES) {
            return "its task name is longer than " + MAX_COMM_BYTES + " bytes";
        }
        for (String word : comm.split(" ")) {
            if (isCpu(word) || isTime(word)) {
                return "its task name holds perf's field '" + word + "' (the pid is missing)";
            }
        }
        return null;
    }

    /**
     * A byte string (one char per byte) that is UTF-8 text: no NUL and no malformed bytes, but
     * for a last character the kernel's 15-byte cut split (see Comm).
     */
    static boolean isText(String bytes) {
        byte[] b = bytes.getBytes(StandardCharsets.ISO_8859_1);
        for (byte x : b) {
            if (x == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, 0, Utf8.wholeLength(b, 0, b.length)));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** perf's CPU field: {@code [003]}. */
    private static boolean isCpu(String w) {
        return w.length() > 2 && w.charAt(0) == '[' && w.charAt(w.length() - 1) == ']' && digits(w, 1, w.length() - 1);
    }

    /** perf's time field: {@code 4794564.109216:}. */
    private static boolean isTime(String w) {
        int dot = w.indexOf('.');
        return w.length() > 3 && w.endsWith(":") && dot > 0 && digits(w, 0, dot) && digits(w, dot + 1, w.length() - 1);
    }

    private static boolean digits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
