package sonde.recorder;

import sonde.recorder.cli.Args;
import sonde.recorder.cli.CommandSpec;
import sonde.recorder.cli.Opt;
import sonde.recorder.cli.UsageException;
import sonde.recorder.cli.UserError;
import sonde.recorder.host.Comm;
import sonde.recorder.host.Devices;
import sonde.recorder.host.Host;
import sonde.recorder.sink.kafka.KafkaArgs;
import sonde.recorder.sink.kafka.KafkaTarget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options of `sonde record`, validated in one place. */
public record RecordOptions(boolean disk, boolean vfs, boolean filesOnly, int profileHz, boolean jvmPerfmap, int pid, String comm, String device, int dev, long durationNs,
                            Path out, int bufferMb, long rotateBytes, long rotateNs, String host, KafkaTarget kafka,
                            String commandLine) {
    private static final List<String> KAFKA_ONLY = List.of("kafka-config", "topic-prefix", "spool-dir", "spool-mb");


    public static final CommandSpec SPEC = new CommandSpec("record",
            "Record block I/O, file reads/writes (tracepoints, via a private tracefs instance) and CPU stack samples"
                    + " (perf_event_open) from the live kernel to Parquet.",
            "[--disk] [--vfs] [--profile[=HZ]] [-p PID] [-c COMM] [-d DEVICE] [--duration DUR] [-o DIR | --kafka HOST:PORT] [--host NAME] [--buffer-mb N]",
            List.of(
                    Opt.flag("disk", "record block-layer I/O requests (disk_io), with writeback attributed to the dirtier"),
                    Opt.flag("vfs", "record file read/write system calls (vfs_io) and page-cache fills"),
                    Opt.flag("files-only", "vfs: leave out sockets, pipes and other descriptors that are not files"),
                    Opt.optionalValue("profile", "HZ", "sample kernel and user stacks on every CPU at HZ (default 997) (cpu_sample)."
                            + " JIT code (Java, Node) is named from /tmp/perf-PID.map, read as it grows; frames sampled before"
                            + " the map covered them are named when it does (jit_symbol), so a map written late still names"
                            + " them: start Java with -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit (JDK 17+; written at exit), run jcmd PID"
                            + " Compiler.perfmap (JDK 17+) before the recording ends, use --jvm-perfmap, or perf-map-agent;"
                            + " -XX:+PreserveFramePointer gives whole Java stacks"),
                    Opt.flag("jvm-perfmap", "profile: at the end, ask each JVM whose JIT code was sampled but not named for"
                            + " its map, as perf's jmaps does (jcmd PID Compiler.perfmap as the JVM's user, one at a time, at"
                            + " most 16, 30 s in all)"),
                    Opt.value("pid", 'p', "PID", "only I/O submitted by this process"),
                    Opt.value("comm", 'c', "COMM", "only I/O submitted by tasks of this command name, matched against the"
                            + " kernel's 15-byte name (comm): the first 15 bytes of the program's file name in UTF-8, less a"
                            + " character the 15th byte would split; a longer COMM is cut the same way, so -c postgres-checkpointer"
                            + " matches postgres-checkp"),
                    Opt.value("device", 'd', "DEVICE", "only this disk (vda, nvme0n1, /dev/sda, 8:0)"),
                    Opt.value("duration", "DUR", "stop after DUR (10s, 5m, 1h); default: until Ctrl-C"),
                    Opt.value("out", 'o', "DIR", "output directory (default ./sonde-data)"),
                    Opt.value("buffer-mb", "N", "kernel ring buffer per CPU in MiB (default: 64 MiB over the"
                            + " online CPUs, at least 4, at most 16)"),
                    Opt.value("rotate-size", "MB", "start a new file after MB MiB (default 128)"),
                    Opt.value("rotate-interval", "DUR", "start a new file after DUR (default 60s)"),
                    Opt.value("host", "NAME", "host name for the host=NAME partitions and the Kafka key (default: this host's name)"),
                    Opt.value("kafka", "HOST:PORT", "send events to Kafka instead of --out: topics PREFIX.disk_io, .vfs_io, .cpu_sample, .recording, .jit_symbol"),
                    Opt.value("kafka-config", "FILE", "Kafka client properties (TLS, SASL, producer settings); sonde.close.wait.ms,"
                            + " sonde.stall.ms, sonde.connect.timeout.ms tune outage handling"),
                    Opt.value("topic-prefix", "PREFIX", "topic name prefix (default sonde)"),
                    Opt.value("spool-dir", "DIR", "where events wait while Kafka is unreachable (default: a slot of this"
                            + " recorder's own under " + KafkaTarget.DEFAULT_SPOOL_ROOT + ")"),
                    Opt.value("spool-mb", "N", "bound of the spool in MiB; beyond it events are dropped and counted (default 1024)")),
            List.of("sudo sonde record", "record everything until Ctrl-C to ./sonde-data (all kinds when none is named)",
                    "sudo sonde record --disk --duration 30s", "block I/O only, for 30 seconds",
                    "sudo sonde record --duration 10s -o /tmp/incident", "record 10 seconds, then summarize",
                    "sudo sonde record -c postgres -d nvme0n1", "only postgres's I/O to one disk",
                    "sudo sonde record --profile --jvm-perfmap", "CPU stacks, Java methods named from the JVMs' maps at the end",
                    "sudo sonde record -o r & ...; kill -TERM $!", "in a script: end it with SIGTERM (a background job of a script ignores SIGINT)",
                    "sudo sonde record --kafka kafka1:9092", "stream to Kafka; an outage is spooled to disk and sent later",
                    "sonde ingest --kafka kafka1:9092 --out /data/sonde", "on the analysis side: Kafka to Parquet",
                    "sonde top ./sonde-data", "afterwards: who used the disk"));

    /**
     * Ring buffer per CPU by default: 64 MiB per instance shared by the online CPUs, at least 4
     * and at most 16 MiB each. On a small host the buffers are deep enough to ride out the
     * recorder being starved of CPU for a fraction of a second while a workload floods system
     * calls; on a large one, memory stays bounded (4 MiB a CPU).
     */
    static int defaultBufferMb(int cpus) {
        return Math.max(4, Math.min(16, 64 / Math.max(1, cpus)));
    }

    /** Tracing instances a recording may use (the main one and one filtered by task). */
    static final int MAX_INSTANCES = 2;

    /**
     * --buffer-mb, refused when the kernel memory it asks for (a buffer per possible CPU per
     * instance) would exceed a quarter of the host's memory.
     */
    static int bufferMb(Args a, int possibleCpus, long memTotalMib) {
        int mb = a.intValue("buffer-mb", defaultBufferMb(Host.onlineCpus()), 1, 4096);
        long total = (long) mb * possibleCpus * MAX_INSTANCES;
        if (memTotalMib > 0 && total > memTotalMib / 4) {
            long most = Math.max(1, memTotalMib / 4 / ((long) possibleCpus * MAX_INSTANCES));
            throw new UsageException("--buffer-mb " + mb + " would take up to " + total + " MiB of kernel memory ("
                    + MAX_INSTANCES + " tracing instances x " + possibleCpus + " CPUs x " + mb + " MiB), more than a"
                    + " quarter of this host's " + memTotalMib + " MiB; use at most " + most);
        }
        return mb;
    }

    public static RecordOptions parse(String[] argv, Args a) {
        a.atMostPositionals(0);
        int pid = -1;
        if (a.has("pid")) {
            String v = a.get("pid");
            try {
                pid = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("bad --pid '" + v + "': not a process id");
            }
            if (pid <= 0) {
                throw new UsageException("bad --pid '" + v + "': must be a positive process id");
            }
            if (!Files.isDirectory(Path.of("/proc/" + pid))) {
                throw new UserError("no such process: " + pid, "check the id with: ps -p " + pid);
            }
        }
        String comm = a.get("comm");
        if (comm != null && comm.isEmpty()) {
            throw new UsageException("bad --comm '': empty command name");
        }
        String device = a.get("device");
        int dev = -1;
        if (device != null) {
            dev = new Devices().resolveDisk(device);
            if (dev < 0) {
                throw new UserError("no such block device: " + device, "list them with: lsblk");
            }
        }
        long rotateMb = a.intValue("rotate-size", 128, 1, 1 << 20);
        boolean all = !a.has("disk") && !a.has("vfs") && !a.has("profile");
        int hz = 0;
        if (all || a.has("profile")) {
            String v = a.get("profile", "");
            hz = v.isEmpty() ? 997 : a.intValue("profile", 997, 1, 10_000);
        }
        String host = a.has("host") ? KafkaArgs.hostName(a.get("host")) : null;
        if (a.has("jvm-perfmap") && hz == 0) {
            throw new UsageException("--jvm-perfmap names Java frames of CPU samples: add --profile");
        }
        return new RecordOptions(all || a.has("disk"), all || a.has("vfs"), a.has("files-only"), hz, a.has("jvm-perfmap"), pid, comm == null ? null : Comm.of(comm), device, dev,
                a.durationNs("duration", -1), Path.of(a.get("out", "./sonde-data")),
                bufferMb(a, Host.possibleCpus(), Host.memTotalMib()), rotateMb << 20,
                a.durationNs("rotate-interval", 60_000_000_000L), host, kafka(a), String.join(" ", argv));
    }

    /** The Kafka target of --kafka and its companions, or null for local Parquet. */
    private static KafkaTarget kafka(Args a) {
        if (!a.has("kafka")) {
            for (String k : KAFKA_ONLY) {
                if (a.has(k)) {
                    throw new UsageException("--" + k + " needs --kafka HOST:PORT");
                }
            }
            return null;
        }
        String bootstrap = KafkaArgs.bootstrap(a.get("kafka"));
        if (a.has("out")) {
            throw new UsageException("--out and --kafka are alternatives: record to local Parquet or send to Kafka"
                    + " (sonde ingest --kafka " + bootstrap + " --out DIR writes Parquet from Kafka)");
        }
        String prefix = KafkaArgs.topicPrefix(a.get("topic-prefix", "sonde"));
        Path spoolDir = a.has("spool-dir") ? Path.of(a.get("spool-dir")) : null;
        long spoolMb = a.intValue("spool-mb", 1024, 1, 1 << 20);
        return KafkaTarget.of(bootstrap, KafkaArgs.config(a.get("kafka-config")), prefix, spoolDir, spoolMb << 20);
    }

    /** "disk, vfs": what is recorded, for messages. */
    public String kinds() {
        List<String> k = new java.util.ArrayList<>();
        if (disk) {
            k.add("disk");
        }
        if (vfs) {
            k.add("vfs");
        }
        if (profileHz > 0) {
            k.add("profile");
        }
        return String.join(", ", k);
    }

    /** Effective options after defaults, for the recording row. */
    public Map<String, String> effective() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kinds", kinds());
        m.put("files_only", String.valueOf(filesOnly));
        m.put("profile_hz", String.valueOf(profileHz));
        m.put("jvm_perfmap", String.valueOf(jvmPerfmap));
        m.put("pid", pid < 0 ? "" : String.valueOf(pid));
        m.put("comm", comm == null ? "" : comm);
        m.put("device", device == null ? "" : device);
        m.put("duration_ns", durationNs < 0 ? "" : String.valueOf(durationNs));
        if (kafka == null) {
            m.put("out", out.toString());
        } else {
            m.put("kafka", kafka.bootstrap());
            m.put("topic_prefix", kafka.topicPrefix());
            m.put("spool_mb", String.valueOf(kafka.spoolBytes() >> 20));
        }
        m.put("host", host == null ? "" : host);
        m.put("buffer_mb", String.valueOf(bufferMb));
        m.put("rotate_bytes", String.valueOf(rotateBytes));
        m.put("rotate_ns", String.valueOf(rotateNs));
        return m;
    }
}
