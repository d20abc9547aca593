package sonde.analyzer.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sonde.analyzer.out.Csv;
import sonde.analyzer.out.Json;

/**
 * sonde latency for scripts. Both list the non-empty buckets only, bounds in ns whatever the
 * unit (lo_ns and hi_ns both inclusive).
 *
 * <ul>
 * <li>json, one line: {@code {"layer":"disk","unit":"usecs","groups":[{"key":"vda","count":4,
 * "p50_ns":…,"p90_ns":…,"p99_ns":…,"p999_ns":…,"max_ns":…,"buckets":[{"lo_ns":…,"hi_ns":…,
 * "count":…}]}]},"left_out":0}}; no data is {@code "groups":[]}; left_out counts the rows
 * the groups leave out because they are marked pairing_uncertain (open while the kernel lost
 * events).
 * <li>csv: RFC 4180, header {@code group,lo_ns,hi_ns,count}, one row per bucket.
 * </ul>
 */
public final class LatencyExport {
    private LatencyExport() {
    }

    public static void json(List<LatencyGroup> groups, Layer layer, LatencyUnit unit, long leftOut, PrintStream out) {
        List<Object> list = new ArrayList<>();
        for (LatencyGroup g : groups) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", g.key());
            m.put("count", g.count());
            m.put("p50_ns", g.p50Ns());
            m.put("p90_ns", g.p90Ns());
            m.put("p99_ns", g.p99Ns());
            m.put("p999_ns", g.p999Ns());
            m.put("max_ns", g.maxNs());
            List<Object> buckets = new ArrayList<>();
            for (LatencyGroup.Bucket b : g.buckets()) {
                Map<String, Object> bm = new LinkedHashMap<>();
                bm.put("lo_ns", b.loNs());
                bm.put("hi_ns", b.hiNs());
                bm.put("count", b.count());
                buckets.add(bm);
            }
            m.put("buckets", buckets);
            list.add(m);
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("layer", layer.word());
        top.put("unit", unit.label());
        top.put("groups", list);
        top.put("left_out", leftOut);
        StringBuilder sb = new StringBuilder();
        Json.append(sb, top);
        out.println(sb);
    }

    public static void csv(List<LatencyGroup> groups, PrintStream out) {
        out.print(Csv.record(List.of("group", "lo_ns", "hi_ns", "count")));
        for (LatencyGroup g : groups) {
            for (LatencyGroup.Bucket b : g.buckets()) {
                out.print(Csv.record(List.of(g.key(), Long.toString(b.loNs()), Long.toString(b.hiNs()), Long.toString(b.count()))));
            }
        }
    }
}
