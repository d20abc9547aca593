package sonde.analyzer.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.SqlFiles;
import sonde.analyzer.export.internal.Weights;
import sonde.analyzer.out.Json;

/**
 * cpu_sample in speedscope's file format (https://www.speedscope.app/file-format-schema.json,
 * jlfwong/speedscope src/lib/file-format-spec.ts). When every sample's period is known (cpu-clock),
 * a timeline: one "evented" profile per thread (pid, comm, tid), on one clock shared by all of
 * them (ns since the first sample exported: startValue 0 and the same endValue everywhere), a
 * sample's frames open at its time and close when the next sample's stack leaves them or at the
 * end of its period, so speedscope's Time Order view shows when each thread ran what, idle gaps
 * included (issue 18: each process started at 0 and gaps vanished). Otherwise (samples of unknown
 * period, e.g. imported from perf events other than cpu-clock): one "sampled" profile per process,
 * its samples in time order, weight 1 each, unit "none". Frames are indexes into
 * {@code shared.frames}, root first; a frame is a name and its module as "file".
 *
 * <p>Streams: a sample is written as the query (export_samples.sql) returns it. JSON does not
 * order an object's members, so each profile's unit and endValue follow its samples, and the
 * shared frames, known only at the end, follow the profiles. Held in memory: the frame table
 * and one profile's weights, run-length encoded.
 */
public final class Speedscope {
    static final String SQL = "export_samples.sql";
    static final String SCHEMA = "https://www.speedscope.app/file-format-schema.json";

    /** What was written; {@code profiles} is the number of threads (timeline) or processes. */
    public record Summary(long samples, int profiles, int frames, boolean timeline) {
    }

    private Speedscope() {
    }

    /**
     * Writes the samples that {@code ds}'s bound filters (pid, comm, from_ns, to_ns, no_idle)
     * select to {@code out} as UTF-8 JSON; {@code out} is flushed, not closed.
     *
     * @param name     the profile group's name, shown by speedscope
     * @param exporter who wrote it, "name@version" as the format suggests
     */
    public static Summary write(Dataset ds, String name, String exporter, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(1 << 12);
        sb.append("{\"$schema\":");
        Json.string(sb, SCHEMA);
        sb.append(",\n\"exporter\":");
        Json.string(sb, exporter);
        sb.append(",\n\"name\":");
        Json.string(sb, name);
        sb.append(",\n\"profiles\":[");
        String sql = SqlFiles.load(SQL);
        long[] span = ds.query("samples' span", "SELECT coalesce(min(ts_ns), 0), coalesce(max(ts_ns + period_ns), 0),"
                + " coalesce(bool_and(period_ns > 0), false) FROM (" + sql.strip().replaceAll(";$", "") + ")", rs -> {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2), rs.getBoolean(3) ? 1 : 0};
                });
        boolean timeline = span[2] == 1;
        ds.set("per_thread", timeline);
        Profiles p = new Profiles(w, sb, timeline, span[0], span[1]);
        try {
            ds.query(SQL, sql, rs -> {
                p.rows(rs);
                return null;
            });
            p.endProfile();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        sb.append("],\n\"activeProfileIndex\":").append(p.heaviest).append(",\n\"shared\":{\"frames\":[");
        for (int i = 0; i < p.frameJson.size(); i++) {
            sb.append(i == 0 ? "\n" : ",\n").append(p.frameJson.get(i));
            p.flushIfBig();
        }
        sb.append("]}}\n");
        w.write(sb.toString());
        w.flush();
        return new Summary(p.samples, p.profiles, p.frames.size(), timeline);
    }

    /** The state of the streaming write. */
    private static final class Profiles {
        private final Writer w;
        private final StringBuilder sb;
        private final boolean timeline;
        private final long originNs;
        private final long endNs;
        private Integer tid;
        /** Timeline: the frames open now, root first, and when the last sample's period ends. */
        private int[] open = new int[64];
        private int depth;
        private long lastAt;
        private long periodEnd = -1;
        private boolean firstEvent;
        final Map<String, Integer> frames = new HashMap<>();
        final List<String> frameJson = new ArrayList<>();
        private final Weights weights = new Weights();
        private Integer pid;
        private String comm;
        private long profileSamples;
        private long heaviestSamples = -1;
        int heaviest;
        int profiles;
        long samples;

        Profiles(Writer w, StringBuilder sb, boolean timeline, long originNs, long endNs) {
            this.w = w;
            this.sb = sb;
            this.timeline = timeline;
            this.originNs = originNs;
            this.endNs = endNs;
        }

        void rows(ResultSet rs) throws SQLException {
            while (rs.next()) {
                int rowPid = rs.getInt(1);
                String rowComm = rs.getString(2);
                int rowTid = rs.getInt(7);
                if (pid == null || pid != rowPid || !comm.equals(rowComm) || (timeline && tid != rowTid)) {
                    endProfile();
                    startProfile(rowPid, rowComm, rowTid);
                }
                Object[] names = list(rs.getArray(5));
                Object[] modules = list(rs.getArray(6));
                if (timeline) {
                    sample(rs.getLong(3) - originNs, rs.getLong(4), names, modules);
                    continue;
                }
                sb.append(profileSamples == 0 ? "\n[" : ",\n[");
                for (int i = 0; i < names.length; i++) {
                    sb.append(i == 0 ? "" : ",").append(frame((String) names[i], (String) modules[i]));
                }
                sb.append(']');
                weights.add(rs.getLong(4));
                profileSamples++;
                samples++;
                flushIfBig();
            }
        }

        private void startProfile(int rowPid, String rowComm, int rowTid) {
            pid = rowPid;
            comm = rowComm;
            tid = rowTid;
            profileSamples = 0;
            weights.clear();
            sb.append(profiles == 0 ? "\n" : ",\n").append(timeline ? "{\"type\":\"evented\",\"name\":"
                    : "{\"type\":\"sampled\",\"name\":");
            Json.string(sb, rowComm + " (pid " + rowPid + (timeline ? ", tid " + rowTid : "") + ")");
            sb.append(timeline ? ",\"events\":[" : ",\"samples\":[");
            depth = 0;
            lastAt = 0;
            periodEnd = -1;
            firstEvent = true;
        }

        /**
         * One sample of the thread on the timeline, {@code at} ns after the origin: after a gap
         * (the last period ended before it) every open frame closes at the period's end; then the
         * frames the new stack no longer holds close, and its others open, at its time.
         */
        private void sample(long at, long periodNs, Object[] names, Object[] modules) {
            at = Math.max(at, lastAt); // events in time order, whatever the clock did
            if (periodEnd >= 0 && periodEnd < at) {
                closeTo(0, periodEnd);
            }
            int common = 0;
            while (common < depth && common < names.length
                    && open[common] == frame((String) names[common], (String) modules[common])) {
                common++;
            }
            closeTo(common, at);
            for (int i = common; i < names.length; i++) {
                int f = frame((String) names[i], (String) modules[i]);
                event('O', f, at);
                if (depth == open.length) {
                    open = java.util.Arrays.copyOf(open, depth * 2);
                }
                open[depth++] = f;
            }
            periodEnd = at + periodNs;
            profileSamples++;
            samples++;
            flushIfBig();
        }

        private void closeTo(int keep, long at) {
            while (depth > keep) {
                event('C', open[--depth], at);
            }
        }

        private void event(char type, int frame, long at) {
            sb.append(firstEvent ? "\n" : ",\n").append("{\"type\":\"").append(type)
                    .append("\",\"frame\":").append(frame).append(",\"at\":").append(at).append('}');
            lastAt = Math.max(lastAt, at);
            firstEvent = false;
        }

        void endProfile() {
            if (pid == null) {
                return;
            }
            if (timeline) {
                closeTo(0, Math.max(periodEnd, lastAt));
                sb.append("],\n\"unit\":\"nanoseconds\",\"startValue\":0,\"endValue\":").append(endNs - originNs)
                        .append('}');
            } else {
                boolean timed = weights.allPositive();
                sb.append("],\n\"weights\":[");
                weights.appendJson(sb, !timed, this::flushIfBig);
                sb.append("],\n\"unit\":\"").append(timed ? "nanoseconds" : "none").append("\",\"startValue\":0,\"endValue\":")
                        .append(timed ? weights.sum() : profileSamples).append('}');
            }
            if (profileSamples > heaviestSamples) {
                heaviestSamples = profileSamples;
                heaviest = profiles;
            }
            profiles++;
            pid = null;
            flushIfBig();
        }

        private int frame(String name, String module) {
            String key = name + '\0' + module;
            Integer i = frames.get(key);
            if (i == null) {
                i = frames.size();
                frames.put(key, i);
                StringBuilder f = new StringBuilder("{\"name\":");
                Json.string(f, name);
                f.append(",\"file\":");
                Json.string(f, module);
                frameJson.add(f.append('}').toString());
            }
            return i;
        }

        void flushIfBig() {
            if (sb.length() >= 1 << 16) {
                try {
                    w.write(sb.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sb.setLength(0);
            }
        }
    }

    private static Object[] list(Array a) throws SQLException {
        return a == null ? new Object[0] : (Object[]) a.getArray();
    }
}
