package sonde.analyzer.ingest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.kafka.common.TopicPartition;

/**
 * The messages that closed but uncommitted files hold already (after a crash between closing
 * files and committing), by partition and host, from the {@link OpenFiles#OFFSETS} footers of
 * the files the ledgers name: such a message, read again, is skipped, so each is written once.
 */
final class Covered {
    private final Map<TopicPartition, Map<String, List<long[]>>> ranges = new HashMap<>();
    private int files;

    /** Empty: nothing to skip. */
    Covered() {
    }

    /** What the {@code closed} files (under {@code root}) hold of {@code partitions}. */
    static Covered of(Path root, List<Path> closed, Collection<TopicPartition> partitions) throws SQLException {
        Covered c = new Covered();
        if (closed.isEmpty() || partitions.isEmpty()) {
            return c;
        }
        StringJoiner list = new StringJoiner(", ", "[", "]");
        closed.forEach(f -> list.add("'" + f.toString().replace("'", "''").replaceAll("([\\[*?])", "[$1]") + "'"));
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT file_name, decode(value) FROM parquet_kv_metadata(" + list
                     + ") WHERE key = '" + OpenFiles.OFFSETS + "'::BLOB")) {
            while (rs.next()) {
                String host = host(root.relativize(Path.of(rs.getString(1))));
                boolean any = false;
                for (String line : rs.getString(2).split("\n")) {
                    String[] f = line.split(" ");
                    if (host == null || f.length != 4) {
                        continue;
                    }
                    TopicPartition tp = new TopicPartition(f[0], Integer.parseInt(f[1]));
                    if (partitions.contains(tp)) {
                        c.ranges.computeIfAbsent(tp, k -> new HashMap<>()).computeIfAbsent(host, k -> new ArrayList<>())
                                .add(new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                        any = true;
                    }
                }
                c.files += any ? 1 : 0;
            }
        }
        return c;
    }

    /** H of KIND/host=H/date=D/NAME, or null. */
    private static String host(Path relative) {
        return relative.getNameCount() == 4 && relative.getName(1).toString().startsWith("host=")
                ? relative.getName(1).toString().substring(5) : null;
    }

    /** Whether a file closed before the last commit holds the message of {@code host} at {@code offset}. */
    boolean covers(TopicPartition tp, String host, long offset) {
        Map<String, List<long[]>> byHost = ranges.get(tp);
        if (byHost == null) {
            return false;
        }
        List<long[]> rs = byHost.get(host);
        if (rs != null) {
            for (long[] r : rs) {
                if (offset >= r[0] && offset <= r[1]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How many files hold messages of the partitions asked for. */
    int files() {
        return files;
    }
}
