package sonde.analyzer.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One group of latency.sql: its key, count, exact percentiles and maximum in ns, and its
 * non-empty buckets from low to high.
 *
 * @param key "all", a device, an op, "PID COMM", a file system type or a syscall
 */
public record LatencyGroup(String key, long count, long p50Ns, long p90Ns, long p99Ns, long p999Ns, long maxNs,
                           List<Bucket> buckets) {
    /**
     * @param index log2: bcc's slot (see {@link sonde.analyzer.hist.Log2Histogram}); linear: value / step
     * @param loNs  first ns of the bucket
     * @param hiNs  last ns of the bucket (inclusive)
     */
    public record Bucket(long index, long loNs, long hiNs, long count) {
    }

    public LatencyGroup {
        buckets = List.copyOf(buckets);
    }

    /** Reads latency.sql's rows (one per group and bucket, grouped in order) into groups. */
    public static List<LatencyGroup> readAll(ResultSet rs) throws SQLException {
        List<LatencyGroup> groups = new ArrayList<>();
        List<Bucket> buckets = new ArrayList<>();
        LatencyGroup head = null;
        while (rs.next()) {
            String key = rs.getString("grp");
            if (head == null || !head.key().equals(key)) {
                if (head != null) {
                    groups.add(head.with(buckets));
                    buckets.clear();
                }
                head = new LatencyGroup(key, rs.getLong("ios"), rs.getLong("p50_ns"), rs.getLong("p90_ns"),
                        rs.getLong("p99_ns"), rs.getLong("p999_ns"), rs.getLong("max_ns"), List.of());
            }
            buckets.add(new Bucket(rs.getLong("bucket"), rs.getLong("lo_ns"), rs.getLong("hi_ns"), rs.getLong("count")));
        }
        if (head != null) {
            groups.add(head.with(buckets));
        }
        return groups;
    }

    private LatencyGroup with(List<Bucket> b) {
        return new LatencyGroup(key, count, p50Ns, p90Ns, p99Ns, p999Ns, maxNs, b);
    }
}
