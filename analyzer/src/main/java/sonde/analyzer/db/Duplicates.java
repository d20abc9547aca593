package sonde.analyzer.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The files of a kind that may hold a row twice, which the view then de-duplicates by
 * (recording_id, event_seq), and only those: DISTINCT ON over every file would cost every query
 * a hash of every row. A local recording's files never repeat a row; an ingester's may, when a
 * recorder sent a row again after an acknowledgement was lost (the ingester itself writes each
 * message once, see sonde.analyzer.ingest.Ingester). Its files say, in {@link SeqRanges}, which
 * event_seq of which recording they hold: a row held twice lies in one file whose rows were out
 * of order, or in two files whose ranges overlap. Ingested files without that entry (older
 * ingesters) are all de-duplicated.
 */
final class Duplicates {
    /** What ingesters name their files: ingest-INSTANCE-TIME-PID-HEX-SEQ.parquet. */
    private static final String INGESTED = "ingest-";

    private Duplicates() {
    }

    private record Held(Path file, SeqRanges.Range range) {
    }

    /** The files of {@code files} to de-duplicate, in their order; reads the footers of the ingested ones. */
    static List<Path> suspects(Connection conn, List<Path> files) throws SQLException {
        List<Path> ingested = files.stream().filter(f -> f.getFileName().toString().startsWith(INGESTED)).toList();
        if (ingested.isEmpty()) {
            return List.of();
        }
        Map<Path, String> ranges = footers(conn, ingested);
        Set<Path> suspect = new LinkedHashSet<>();
        Map<String, List<Held>> byRecording = new HashMap<>();
        for (Path f : ingested) {
            String value = ranges.get(key(f));
            List<SeqRanges.Range> rs;
            try {
                rs = value == null ? null : SeqRanges.parse(value);
            } catch (IllegalArgumentException e) {
                rs = null;
            }
            if (rs == null) {
                suspect.add(f);
                continue;
            }
            for (SeqRanges.Range r : rs) {
                if (r.unnumbered()) {
                    continue;
                }
                if (!r.ordered()) {
                    suspect.add(f);
                }
                byRecording.computeIfAbsent(r.recordingId(), k -> new ArrayList<>()).add(new Held(f, r));
            }
        }
        byRecording.values().forEach(held -> overlapping(held, suspect));
        return files.stream().filter(suspect::contains).toList();
    }

    /**
     * Adds the files whose ranges of one recording overlap: sorted by start, a range overlaps an
     * earlier one exactly when it starts before the furthest end so far, and the range with that
     * end then overlaps it too (any other earlier one it overlaps overlapped that one already).
     */
    private static void overlapping(List<Held> held, Set<Path> suspect) {
        held.sort(Comparator.comparingLong(h -> h.range().min()));
        Held furthest = null;
        for (Held h : held) {
            if (furthest != null && h.range().min() <= furthest.range().max()) {
                suspect.add(h.file());
                suspect.add(furthest.file());
            }
            if (furthest == null || h.range().max() > furthest.range().max()) {
                furthest = h;
            }
        }
    }

    /** The {@link SeqRanges#KEY} entry of each file that has one, by {@link #key}. */
    private static Map<Path, String> footers(Connection conn, List<Path> files) throws SQLException {
        StringJoiner list = new StringJoiner(", ", "[", "]");
        files.forEach(f -> list.add(Views.literal(Views.globLiteral(key(f).toString()))));
        Map<Path, String> out = new HashMap<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT file_name, decode(value) FROM parquet_kv_metadata(" + list
                     + ") WHERE key = " + Views.literal(SeqRanges.KEY) + "::BLOB")) {
            while (rs.next()) {
                out.put(Path.of(rs.getString(1)), rs.getString(2));
            }
        }
        return out;
    }

    private static Path key(Path f) {
        return f.toAbsolutePath().normalize();
    }
}
