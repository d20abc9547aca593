package sonde.analyzer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Analyzer commands for tests in other packages, with their output read back. */
public final class SondeRun {
    /** One row of `sonde top --format json`. */
    public record TopRow(Long pid, String comm, String device, String op, long ios, long bytes, Long avgLatencyNs,
                         boolean writeback, long latencyLeftOut) {
    }

    private static final Pattern ROW = Pattern.compile("\\{(?:\"interval_start\":\"[^\"]*\",)?\"pid\":(null|\\d+),"
            + "\"comm\":(null|\"(?:[^\"\\\\]|\\\\.)*\"),\"device\":(null|\"[^\"]*\"),\"op\":\"(\\w)\",\"ios\":(\\d+),"
            + "\"bytes\":(\\d+),\"avg_latency_ns\":(null|\\d+),\"writeback\":(true|false),\"latency_left_out\":(\\d+)\\}");

    private SondeRun() {
    }

    /** A command's status and output. */
    public record Output(int status, String out, String err) {
    }

    public static Output run(String... args) {
        Sonde.Result r = Sonde.run(args);
        return new Output(r.status(), r.out(), r.err());
    }

    /** The one number a query over the recording gives (0 for NULL), through the analyzer's views. */
    public static long scalar(Path dir, String sql) {
        try (sonde.analyzer.db.Dataset ds = sonde.analyzer.db.Dataset.open(dir)) {
            return ds.query("q", sql, rs -> rs.next() ? rs.getLong(1) : -1L);
        }
    }

    /** `sonde top DIR --format json ARGS`, parsed; fails the test on a non-zero status. */
    public static List<TopRow> top(Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of("top", dir.toString(), "--format", "json"));
        all.addAll(List.of(args));
        Output o = run(all.toArray(String[]::new));
        if (o.status() != 0) {
            throw new AssertionError("sonde top failed (" + o.status() + "): " + o.err());
        }
        List<TopRow> rows = new ArrayList<>();
        for (String line : o.out().split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.add(new TopRow(m.group(1).equals("null") ? null : Long.parseLong(m.group(1)), unquote(m.group(2)),
                        unquote(m.group(3)), m.group(4), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)),
                        m.group(7).equals("null") ? null : Long.parseLong(m.group(7)), m.group(8).equals("true"),
                        Long.parseLong(m.group(9))));
            } else if (line.startsWith("{")) {
                throw new AssertionError("unexpected top json row: " + line);
            }
        }
        return rows;
    }

    /** `sonde cache DIR --format json`: per (pid, comm) the four byte counts, in key order. */
    public static java.util.Map<String, long[]> cache(Path dir) {
        Output o = run("cache", dir.toString(), "--format", "json", "-n", "100000");
        if (o.status() != 0) {
            throw new AssertionError("sonde cache failed (" + o.status() + "): " + o.err());
        }
        java.util.Map<String, long[]> rows = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("\\{\"pid\":(\\d+),\"comm\":\"((?:[^\"\\\\]|\\\\.)*)\",\"vfs_read_bytes\":(\\d+),"
                + "\"disk_read_bytes\":(\\d+),\"vfs_write_bytes\":(\\d+),\"disk_write_bytes\":(\\d+)\\}").matcher(o.out());
        while (m.find()) {
            rows.put(m.group(1) + " " + m.group(2), new long[] {Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)), Long.parseLong(m.group(6))});
        }
        return rows;
    }

    /** A JSON string's text (its \\uXXXX, \\" and \\\\ escapes undone), or null. */
    private static String unquote(String s) {
        if (s.equals("null")) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
            } else if (s.charAt(++i) == 'u') {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }
}
