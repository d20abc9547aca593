package sonde.recorder;

import sonde.recorder.disk.DiskRows;
import sonde.recorder.disk.DiskSource;
import sonde.recorder.profile.Profiler;
import sonde.recorder.disk.RequestTracker;
import sonde.recorder.host.Host;
import sonde.recorder.sink.EventKinds;
import sonde.recorder.tracefs.TraceSession;
import sonde.recorder.vfs.VfsRows;
import sonde.recorder.vfs.VfsSource;
import sonde.recorder.sink.RecordingRow;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What one recording knows about itself: id, clock, window, counts, losses. */
final class Session {
    static final String VERSION = "0.1.0";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    final String recordingId;
    final long clockOffsetNs;
    final RecordOptions options;
    final String host;
    long startMonoNs;
    long endMonoNs;
    int cpus;
    String endedBy;
    final Map<String, Long> eventCounts = new LinkedHashMap<>();
    final Map<String, Long> counters = new LinkedHashMap<>();
    final List<RecordingRow.Lost> lost = new ArrayList<>();
    List<String> tracepoints = List.of();
    long diskRows;
    long vfsRowCount;
    long sampleRows;
    long lostTotal;
    /** The longest time between two reads of the ring buffers (GC pauses, CPU starvation, a blocked writer). */
    long longestPollGapNs;

    Session(RecordOptions options, String host) {
        this.options = options;
        this.host = host;
        this.clockOffsetNs = ClockMap.offsetNs();
        this.recordingId = ID_TIME.format(Instant.now()) + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    void started(int onlineCpus) {
        startMonoNs = System.nanoTime();
        cpus = onlineCpus;
    }

    void ended(String why) {
        endMonoNs = System.nanoTime();
        endedBy = why;
    }

    /** Counts and losses, read before the instance is removed. */
    void collect(Sources sources) {
        TraceSession trace = sources.trace;
        DiskSource disk = sources.disk;
        DiskRows rows = sources.diskRows;
        VfsSource vfs = sources.vfs;
        VfsRows vfsRows = sources.vfsRows;
        Profiler profiler = sources.profiler;
        tracepoints = trace == null ? List.of() : trace.enabledEvents();
        if (disk != null) {
            RequestTracker tracker = disk.tracker();
            diskRows = rows.rows() - rows.shareRows(); // requests: a share row is bytes of one merged into another's
            eventCounts.put(EventKinds.DISK_IO, rows.rows());
            counters.put("disk_io.incomplete", rows.incompleteRows());
            counters.put("disk_io.expired", tracker.expired());
            counters.put("disk_io.unmatched_completions", tracker.unmatchedCompletions());
            counters.put("disk_io.merged", tracker.merged());
            counters.put("disk_io.merged_bio_rows", rows.shareRows());
            counters.put("disk_io.issued_without_start_left_out", tracker.issuedWithoutStart());
            if (tracker.writeback() != null) {
                counters.put("disk_io.writeback_attributed", tracker.writeback().attributedRequests());
                counters.put("disk_io.writeback_inodes_forgotten", tracker.writeback().forgottenInodes());
                counters.put("disk_io.writeback_inodes_stale", tracker.writeback().staleInodes());
            }
            counters.put("disk_io.pairing_uncertain", rows.uncertainRows());
            counters.put("disk_io.ended_in_loss", tracker.endedInLoss());
            counters.put("disk_io.filtered", rows.filtered());
            counters.put("disk_io.recorder_own_left_out", rows.own());
            counters.put("disk_io.waited_for_writer_ms", rows.output().waitedNs() / 1_000_000);
            counters.put("disk_io.batches_while_writer_behind", rows.output().extraBatches());
            if (!disk.startTracepoint().equals("block:block_io_start")) {
                counters.put("disk_io.start_from_block_getrq", 1L);
            }
        }
        if (vfs != null) {
            vfsRowCount = vfsRows.rows();
            eventCounts.put(EventKinds.VFS_IO, vfsRows.rows());
            counters.put("vfs_io.filtered", vfsRows.filtered());
            counters.put("vfs_io.waited_for_writer_ms", vfsRows.output().waitedNs() / 1_000_000);
            counters.put("vfs_io.batches_while_writer_behind", vfsRows.output().extraBatches());
            counters.put("vfs_io.recorder_excluded_in_kernel", 1L); // set_event_notrace_pid: its calls never reach the buffers
            counters.put("vfs_io.unpaired_enters", vfs.unpairedEnters());
            counters.put("vfs_io.unpaired_exits", vfs.unpairedExits());
            counters.put("vfs_io.pairing_uncertain", vfsRows.uncertainRows());
            counters.put("vfs_io.files_resolved", vfs.resolvedFiles());
            counters.put("vfs_io.files_unknown", vfs.unknownFiles());
            counters.put("vfs_io.files_by_inode", vfs.filesByInode());
            counters.put("vfs_io.files_named_by_open", vfs.filesNamedByOpen());
            counters.put("vfs_io.opens_seen", vfs.fanotifyOpens());
            counters.put("vfs_io.opens_lost", vfs.fanotifyOverflows());
            counters.put("vfs_io.opens_unavailable", vfs.openNamesUnavailable() == null ? 0L : 1L);
        }
        if (profiler != null) {
            sampleRows = profiler.rows();
            eventCounts.put(EventKinds.CPU_SAMPLE, profiler.rows());
            eventCounts.put(EventKinds.JIT_SYMBOL, profiler.jitRows());
            counters.put("cpu_sample.filtered", profiler.filtered());
            counters.put("cpu_sample.recorder_own_samples_left_out", profiler.ownSamples());
            counters.put("cpu_sample.dropped_symbolizer_behind",
                    profiler.droppedSamples().values().stream().mapToLong(Long::longValue).sum());
            counters.put("cpu_sample.unknown_frames", profiler.unknownFrames());
            counters.put("cpu_sample.cpus_reopened_after_hotplug", profiler.reopenedCpus());
            counters.putAll(profiler.symbolCounters());
            profiler.droppedSamples().forEach((cpu, n) -> { // the recorder's own queue was full: lost all the same
                lost.add(new RecordingRow.Lost("recorder", EventKinds.CPU_SAMPLE, cpu, n));
                lostTotal += n;
            });
            profiler.lost().forEach((cpu, n) -> {
                lost.add(new RecordingRow.Lost("perf", EventKinds.CPU_SAMPLE, cpu, n));
                lostTotal += n;
            });
        }
        if (trace == null) {
            return;
        }
        counters.put("tracefs.longest_gap_between_reads_ms", longestPollGapNs / 1_000_000);
        eventCounts.putAll(trace.eventCounts());
        counters.put("tracefs.unknown_type_events", trace.unknownEvents());
        // the kinds that come through tracefs (profile samples come through perf: lost per CPU on their own)
        String kinds = Stream.of(options.disk() ? EventKinds.DISK_IO : null, options.vfs() ? EventKinds.VFS_IO : null)
                .filter(Objects::nonNull).collect(Collectors.joining(","));
        trace.lostPerCpu().forEach((cpu, n) -> {
            if (n > 0) {
                lost.add(new RecordingRow.Lost("tracefs", kinds, cpu, n));
                lostTotal += n;
            }
        });
    }

    RecordingRow toRecording(List<String> files) {
        return new RecordingRow(recordingId, VERSION, Host.kernelRelease(), cpus, (int) ProcessHandle.current().pid(),
                options.commandLine(), options.effective(), tracepoints, startMonoNs + clockOffsetNs,
                endMonoNs + clockOffsetNs, clockOffsetNs, "mono", eventCounts, lost, lostTotal, counters,
                files, endedBy);
    }

    /** The summary: what was recorded, what was lost, then the sink's lines (where it went). */
    void printSummary(PrintStream err, List<String> outputLines) {
        long events = eventCounts.entrySet().stream().filter(e -> e.getKey().contains(":"))
                .mapToLong(Map.Entry::getValue).sum();
        StringBuilder what = new StringBuilder();
        if (options.disk()) {
            what.append(String.format("%,d disk I/Os (%,d without completion), ", diskRows,
                    counters.get("disk_io.incomplete")));
        }
        if (options.vfs()) {
            what.append(String.format("%,d file reads/writes, ", vfsRowCount));
        }
        if (options.profileHz() > 0) {
            what.append(String.format("%,d CPU samples, ", sampleRows));
        }
        err.printf("Recorded %s: %s%,d tracepoint events, %,d lost%n",
                sonde.recorder.cli.Durations.format(endMonoNs - startMonoNs), what, events, lostTotal);
        if (lostTotal > 0) {
            // grouped by where they were lost: "tracefs disk_io,vfs_io: cpu0 3, cpu1 5; perf cpu_sample: cpu0 7"
            Map<String, StringBuilder> bySource = new LinkedHashMap<>();
            for (RecordingRow.Lost l : lost) {
                StringBuilder b = bySource.computeIfAbsent(l.source() + " " + l.kind(), k -> new StringBuilder());
                b.append(b.length() == 0 ? "" : ", ").append("cpu").append(l.cpu()).append(' ')
                        .append(String.format("%,d", l.lostEvents()));
            }
            StringBuilder where = new StringBuilder();
            bySource.forEach((k, v) -> where.append(where.length() == 0 ? "" : "; ").append(k).append(": ").append(v));
            err.println("LOST " + String.format("%,d", lostTotal) + " events (" + where
                    + "): the reader fell behind; use a larger --buffer-mb or narrower filters (-p, -c, -d)");
            long uncertain = counters.getOrDefault("disk_io.pairing_uncertain", 0L)
                    + counters.getOrDefault("vfs_io.pairing_uncertain", 0L);
            if (uncertain > 0) {
                err.println(String.format("%,d", uncertain) + " rows were open while events were lost: marked"
                        + " pairing_uncertain and left out of latency figures");
            }
        }
        outputLines.forEach(err::println);
    }

    /** "Wrote 5 files, 1.2 MiB, to DIR (recording ID)". */
    String wroteLine(int files, long bytes) {
        return String.format("Wrote %d file%s, %s, to %s (recording %s)", files, files == 1 ? "" : "s", human(bytes),
                options.out(), recordingId);
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1 << 20) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
