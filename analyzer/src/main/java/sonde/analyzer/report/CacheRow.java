package sonde.analyzer.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One row of cache.sql: a process's file system bytes next to its disk bytes. */
public record CacheRow(int pid, String comm, long vfsReadBytes, long diskReadBytes, long vfsWriteBytes,
                       long diskWriteBytes) {

    public static List<CacheRow> readAll(ResultSet rs) throws SQLException {
        List<CacheRow> rows = new ArrayList<>();
        while (rs.next()) {
            rows.add(new CacheRow(rs.getInt("pid"), rs.getString("comm"), rs.getLong("vfs_read_bytes"),
                    rs.getLong("disk_read_bytes"), rs.getLong("vfs_write_bytes"), rs.getLong("disk_write_bytes")));
        }
        return rows;
    }

    /**
     * Share of the file reads the page cache served, in percent: 100 × (1 − disk/vfs), floored
     * at 0 (readahead can read more than was asked); null without file reads.
     */
    public Double readAbsorbedPct() {
        if (vfsReadBytes == 0) {
            return null;
        }
        return Math.max(0, 100.0 * (1 - (double) diskReadBytes / vfsReadBytes));
    }
}
