package sonde.analyzer.importer;

import java.util.ArrayList;
import java.util.List;
import sonde.analyzer.flame.internal.PerfCpuTime;
import sonde.analyzer.flame.internal.PerfHeader;
import sonde.schema.CpuSample;
import sonde.schema.Frame;

/** A complete perf script sample as a cpu_sample row. */
final class SampleRows {
    private SampleRows() {
    }

    /**
     * The row of the sample whose header line is {@code line} ({@code header} parsed from it)
     * and whose frames, leaf first as perf prints them, are {@code leafFirst}; null when its ids
     * do not fit the schema's ints; {@code eventSeq} numbers the imported samples from 0. When perf printed one number, the thread id, it is the pid too.
     */
    static CpuSample row(String recordingId, long eventSeq, PerfHeader header, String line, List<Frame> leafFirst) {
        int pid = id(header.pid());
        int tid = header.tid() == null ? pid : id(header.tid());
        if (pid < 0 || tid < 0) {
            return null;
        }
        PerfCpuTime at = PerfCpuTime.parse(line, header);
        long tsNs = at.timeNs() == PerfCpuTime.NO_TIME ? 0 : at.timeNs();
        List<Frame> rootFirst = new ArrayList<>(leafFirst.size());
        for (int i = leafFirst.size() - 1; i >= 0; i--) {
            rootFirst.add(leafFirst.get(i));
        }
        return new CpuSample(recordingId, eventSeq, tsNs, at.cpu(), pid, tid, PerfFrames.comm(header.comm()), periodNs(header),
                rootFirst);
    }

    /** The period of a cpu-clock or task-clock sample is CPU time in ns; other events count other things. */
    static long periodNs(PerfHeader h) {
        String e = h.event();
        if (e == null || h.period() == null || h.period().length() > 18) {
            return 0;
        }
        int colon = e.indexOf(':');
        String name = colon < 0 ? e : e.substring(0, colon);
        return name.equals("cpu-clock") || name.equals("task-clock") ? Long.parseLong(h.period()) : 0;
    }

    /** A pid or tid; -1 when it does not fit an int. */
    private static int id(String digits) {
        if (digits.length() > 10) {
            return -1;
        }
        long v = Long.parseLong(digits);
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }
}
