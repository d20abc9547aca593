package sonde.analyzer.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Finds the file a failed query tripped over when DuckDB did not name it: a footer that reads
 * well over data pages that do not (bytes overwritten in the middle of a file) fails only when
 * the pages are read, with Thrift's or the decompressor's message and no file name. Only run
 * after such a failure: it reads every column of the files again, halving the set each time.
 */
final class Damaged {
    private Damaged() {
    }

    /** The first damaged file among the recording's, and what DuckDB says of it; null if every file reads whole. */
    static OddFile find(Connection conn, RecordingDir rd) {
        for (List<Path> files : rd.allFiles()) {
            OddFile bad = find(conn, files);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private static OddFile find(Connection conn, List<Path> files) {
        if (files.isEmpty()) {
            return null;
        }
        String problem = readError(conn, files);
        if (problem == null) {
            return null;
        }
        if (files.size() == 1) {
            return new OddFile(files.get(0), problem);
        }
        int mid = files.size() / 2;
        OddFile bad = find(conn, files.subList(0, mid));
        return bad != null ? bad : find(conn, files.subList(mid, files.size()));
    }

    /** What reading every value of the files says, or null when it succeeds. */
    static String readError(Connection conn, List<Path> files) {
        // hash(t) of the whole row needs every column, so every page is read and decoded
        String sql = "SELECT count(*) FROM read_parquet(" + Views.fileList(files) + ", union_by_name = true) t"
                + " WHERE hash(t) = 0";
        try (Statement st = conn.createStatement()) {
            st.executeQuery(sql).close();
            return null;
        } catch (SQLException e) {
            return DuckErrors.problem(e);
        }
    }
}
