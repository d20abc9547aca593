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
 * jlfwong/speedscope src/lib/file-format-spec.ts): one "sampled" profile per process (pid and
 * comm), its samples in time order, each a list of indexes into {@code shared.frames}, root
 * first, weighted by period_ns in nanoseconds (unit "none", weight 1, when a process has
 * samples of unknown period, e.g. imported from perf events other than cpu-clock). A frame is
 * a name and its module as "file". startValue is 0 and endValue the total weight, as
 * speedscope's own exporter writes them.
 *
 * <p>Streams: a sample is written as the query (export_samples.sql) returns it. JSON does not
 * order an object's members, so each profile's unit and endValue follow its samples, and the
 * shared frames, known only at the end, follow the profiles. Held in memory: the frame table
 * and one profile's weights, run-length encoded.
 */
public final class Speedscope {
    static final String SQL = "export_samples.sql";
    static final String SCHEMA = "https://www.speedscope.app/file-format-schema.json";

    /** What was written; {@code profiles} is the number of processes. */
    public record Summary(long samples, int profiles, int frames) {
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
        Profiles p = new Profiles(w, sb);
        try {
            ds.query(SQL, SqlFiles.load(SQL), rs -> {
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
        return new Summary(p.samples, p.profiles, p.frames.size());
    }

    /** The state of the streaming write. */
    private static final class Profiles {
        private final Writer w;
        private final StringBuilder sb;
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

        Profiles(Writer w, StringBuilder sb) {
            this.w = w;
            this.sb = sb;
        }

        void rows(ResultSet rs) throws SQLException {
            while (rs.next()) {
                int rowPid = rs.getInt(1);
                String rowComm = rs.getString(2);
                if (pid == null || pid != rowPid || !comm.equals(rowComm)) {
                    endProfile();
                    startProfile(rowPid, rowComm);
                }
                Object[] names = list(rs.getArray(5));
                Object[] modules = list(rs.getArray(6));
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

        private void startProfile(int rowPid, String rowComm) {
            pid = rowPid;
            comm = rowComm;
            profileSamples = 0;
            weights.clear();
            sb.append(profiles == 0 ? "\n" : ",\n").append("{\"type\":\"sampled\",\"name\":");
            Json.string(sb, rowComm + " (pid " + rowPid + ")");
            sb.append(",\"samples\":[");
        }

        void endProfile() {
            if (pid == null) {
                return;
            }
            boolean timed = weights.allPositive();
            sb.append("],\n\"weights\":[");
            weights.appendJson(sb, !timed, this::flushIfBig);
            sb.append("],\n\"unit\":\"").append(timed ? "nanoseconds" : "none").append("\",\"startValue\":0,\"endValue\":")
                    .append(timed ? weights.sum() : profileSamples).append('}');
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
