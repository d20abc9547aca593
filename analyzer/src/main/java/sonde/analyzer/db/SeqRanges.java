package sonde.analyzer.db;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The footer entry {@value #KEY} of an ingested file: per recording, the range of event_seq its
 * rows in the file have, how many there are, and whether they came in strictly increasing order.
 * A row held twice is then either in one file whose rows were not in order, or in two files whose
 * ranges of that recording overlap; the views de-duplicate only such files ({@link Duplicates}).
 * One line per recording: {@code RECORDING_ID MIN MAX COUNT ORDERED}, the id URL-encoded, ORDERED
 * 1 or 0.
 */
public final class SeqRanges {
    public static final String KEY = "sonde.seq.ranges";

    /** One recording's rows in one file. */
    public record Range(String recordingId, long min, long max, long count, boolean ordered) {
        /**
         * Rows of recorders older than event_seq (schema v1) all read as event_seq 0: they cannot
         * be told apart by it, so they are never de-duplicated by it.
         */
        boolean unnumbered() {
            return max == 0 && count > 1;
        }
    }

    private final Map<String, long[]> byRecording = new LinkedHashMap<>();

    /** Counts a row of the file being written. */
    public void add(String recordingId, long seq) {
        long[] r = byRecording.get(recordingId);
        if (r == null) {
            byRecording.put(recordingId, new long[] {seq, seq, 1, 1, seq});
            return;
        }
        r[0] = Math.min(r[0], seq);
        r[1] = Math.max(r[1], seq);
        r[2]++;
        if (seq <= r[4]) {
            r[3] = 0;
        }
        r[4] = seq;
    }

    public boolean isEmpty() {
        return byRecording.isEmpty();
    }

    /** The footer value. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        byRecording.forEach((id, r) -> sb.append(URLEncoder.encode(id, StandardCharsets.UTF_8)).append(' ').append(r[0]).append(' ')
                .append(r[1]).append(' ').append(r[2]).append(' ').append(r[3]).append('\n'));
        return sb.toString();
    }

    /** The ranges of a footer value; throws IllegalArgumentException if it is not one. */
    public static List<Range> parse(String value) {
        List<Range> ranges = new ArrayList<>();
        for (String line : value.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            if (f.length != 5) {
                throw new IllegalArgumentException("bad " + KEY + " line: " + line);
            }
            ranges.add(new Range(URLDecoder.decode(f[0], StandardCharsets.UTF_8), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), f[4].equals("1")));
        }
        return ranges;
    }
}
