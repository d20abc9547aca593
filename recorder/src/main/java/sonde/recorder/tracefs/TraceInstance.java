package sonde.recorder.tracefs;

import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;

import java.io.Closeable;
import sonde.recorder.host.KernelFiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A private tracefs instance (instances/sonde-PID-START-RAND): its own ring buffers, events,
 * filters and clock, so recordings never disturb each other or other tracing users. Removed on
 * close; when the recorder is killed, its {@link InstanceGuard} turns it off and removes it, and
 * one left behind all the same (the guard killed too) is removed by the next recorder, or by
 * {@code sonde repair}, once its owner process is provably gone.
 */
public final class TraceInstance implements Closeable {
    static final String PREFIX = "sonde-";

    private final Path dir;
    private final List<String> enabled = new ArrayList<>();
    /** Started off the way to tracing on: spawning a process is ~20 ms of a cold JVM's start. */
    private final CompletableFuture<InstanceGuard> guard;

    private TraceInstance(Path dir) {
        this.dir = dir;
        this.guard = CompletableFuture.supplyAsync(() -> InstanceGuard.start(dir), r -> {
            Thread t = new Thread(r, "sonde-guard-start");
            t.setDaemon(true);
            t.start();
        });
    }

    public static TraceInstance create(Tracefs fs) {
        Path instances = fs.root().resolve("instances");
        StaleInstances.removeOrphans(instances);
        long pid = ProcessHandle.current().pid();
        String name = PREFIX + pid + "-" + StaleInstances.startTicks(pid) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        Path dir = instances.resolve(name);
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new UserError("cannot create tracefs instance " + dir + ": " + reason(e),
                    "run as root; tracefs instances need write access to " + instances);
        }
        return new TraceInstance(dir);
    }

    public Path dir() {
        return dir;
    }

    public String name() {
        return dir.getFileName().toString();
    }

    /** Writes a control file of the instance ("trace_clock", "options/overwrite", ...). */
    public void write(String file, String value) {
        Path p = dir.resolve(file);
        try {
            Files.writeString(p, value);
        } catch (IOException e) {
            throw new UserError("cannot write '" + value + "' to " + p + ": " + reason(e));
        }
    }

    public String read(String file) {
        Path p = dir.resolve(file);
        try {
            return KernelFiles.read(p);
        } catch (IOException e) {
            throw new UserError("cannot read " + p + ": " + reason(e));
        }
    }

    /** Whether the kernel has this tracepoint. */
    public boolean hasEvent(String system, String event) {
        return Files.isRegularFile(dir.resolve("events/" + system + "/" + event + "/format"));
    }

    /** The tracepoint's format; a missing tracepoint is a clear error naming it. */
    public EventFormat format(String system, String event) {
        if (!hasEvent(system, event)) {
            throw new UserError("tracepoint " + system + ":" + event + " is not available on this kernel",
                    "check " + dir.getParent().getParent().resolve("available_events") + " for what this kernel offers");
        }
        try {
            return EventFormat.parse(system, read("events/" + system + "/" + event + "/format"));
        } catch (IllegalArgumentException e) {
            throw new UserError("cannot parse the format of tracepoint " + system + ":" + event + ": " + e.getMessage());
        }
    }

    /** Sets a kernel-side filter (tracefs filter syntax; null for none) and enables the event. */
    public void enable(EventFormat format, String filter) {
        String base = "events/" + format.system() + "/" + format.name() + "/";
        if (filter != null && !filter.isEmpty()) {
            Path p = dir.resolve(base + "filter");
            try {
                Files.writeString(p, filter);
            } catch (IOException e) {
                throw new UserError("the kernel refused filter '" + filter + "' for " + format.qualifiedName()
                        + ": " + reason(e));
            }
        }
        write(base + "enable", "1");
        enabled.add(format.qualifiedName());
    }

    public List<String> enabledEvents() {
        return List.copyOf(enabled);
    }

    /** CPU numbers that have a ring buffer in this instance (every possible CPU). */
    public List<Integer> cpus() {
        List<Integer> cpus = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve("per_cpu"), "cpu*")) {
            for (Path p : s) {
                cpus.add(Integer.parseInt(p.getFileName().toString().substring(3)));
            }
        } catch (IOException | NumberFormatException e) {
            throw new UserError("cannot list " + dir.resolve("per_cpu") + ": " + Reasons.of(e));
        }
        cpus.sort(null);
        return cpus;
    }

    public Path cpuPipe(int cpu) {
        return dir.resolve("per_cpu/cpu" + cpu + "/trace_pipe_raw");
    }

    public CpuStats stats(int cpu) {
        return CpuStats.parse(read("per_cpu/cpu" + cpu + "/stats"));
    }

    /** Stops tracing and removes the instance (its buffers are freed by the kernel). */
    @Override
    public void close() {
        try {
            Files.writeString(dir.resolve("tracing_on"), "0");
            Files.writeString(dir.resolve("events/enable"), "0");
        } catch (IOException e) {
            // removal below disables everything anyway
        }
        StaleInstances.remove(dir);
        guard.thenAccept(g -> {
            if (g != null) {
                g.release();
            }
        });
    }

    /**
     * The instances of recorders that are gone (killed, and their guard too). Instances of live
     * recorders, of any user, are never among them.
     */
    public static List<String> orphans(Tracefs fs) {
        return StaleInstances.orphans(fs.root().resolve("instances"));
    }

    /** As {@link #orphans}, removing them. */
    public static List<String> removeOrphans(Tracefs fs) {
        return StaleInstances.removeOrphans(fs.root().resolve("instances"));
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        String m = e.getMessage();
        int colon = m == null ? -1 : m.lastIndexOf(": ");
        return m == null || e instanceof java.nio.file.FileSystemException ? Reasons.of(e) : colon >= 0 ? m.substring(colon + 2) : m;
    }
}
