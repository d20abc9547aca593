package sonde.recorder.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The load of a busy production host, applied from a test: the same parts, rates and process
 * names as bench/busy-host (keep the two in step), so that end-to-end tests can check sonde
 * where it is meant to run. Every part stops by itself after the bound given to {@link #start},
 * even if this JVM dies; {@link #close} stops them at once.
 * <ul>
 * <li>busy-cpu: one spinner per online CPU at nice 5</li>
 * <li>busy-fio: fio random 4 KiB reads, O_DIRECT, queue depth 4, capped at 4000 IOPS</li>
 * <li>busy-writer (busy-writer-dd): 64 MiB of buffered writes every 10 s, written back by flusher threads</li>
 * <li>busy-pipe (busy-pipe-dd): bursts of 64-byte pipe reads and writes, about 100k calls/s</li>
 * <li>busy-fork (busy-fork-head): about 50 short-lived processes/s, each opening and reading a file</li>
 * </ul>
 * Every process of the load is named busy-* (its dd, head and sleep too), never a name a test
 * gives its own workload.
 */
public final class BusyHost implements AutoCloseable {
    /** The command names of the load's processes: all start with this. */
    public static final String COMM_PREFIX = "busy-";

    private final Path dir;
    private final List<Process> parts = new ArrayList<>();
    private final Thread onExit = new Thread(this::stop, "busy-host-stop");
    private boolean closed;

    private BusyHost(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts the load in a scratch directory on the build's disk and returns once every part
     * runs; the load ends by itself after {@code bound} if not closed before.
     */
    public static BusyHost start(Duration bound) throws IOException, InterruptedException {
        Privileged.requireTool("fio");
        Privileged.requireTool("setsid", "util-linux");
        BusyHost h = new BusyHost(Files.createDirectories(Workloads.scratchRoot()).resolve("busy-host-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime()));
        Runtime.getRuntime().addShutdownHook(h.onExit);
        try {
            h.launch(Math.max(1, bound.toSeconds()));
        } catch (IOException | RuntimeException | InterruptedException e) {
            h.close();
            throw e;
        }
        return h;
    }

    private void launch(long seconds) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // a command's name (comm) is the base name of the path it was executed by: symlinks suffice
        for (String n : List.of("busy-cpu", "busy-writer", "busy-pipe", "busy-fork")) {
            Files.createSymbolicLink(bin.resolve(n), Workloads.which("bash"));
        }
        Files.createSymbolicLink(bin.resolve("busy-fio"), Workloads.which("fio"));
        Files.createSymbolicLink(bin.resolve("busy-writer-dd"), Workloads.which("dd"));
        Files.createSymbolicLink(bin.resolve("busy-pipe-dd"), Workloads.which("dd"));
        Files.createSymbolicLink(bin.resolve("busy-fork-head"), Workloads.which("head"));
        Files.createSymbolicLink(bin.resolve("busy-sleep"), Workloads.which("sleep"));
        String until = "end=$((SECONDS+" + seconds + ")); while [ $SECONDS -lt $end ]; do ";
        // nice 5 whatever this JVM's own nice value is: the host's load does not defer to the test
        String spinNice = String.valueOf(5 - niceOfThisProcess());
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            part("nice", "-n", spinNice, bin + "/busy-cpu", "-c", until + ":; done");
        }
        part(bin + "/busy-fio", "--name=busy", "--filename=" + dir.resolve("fio.dat"), "--size=256M", "--rw=randread",
                "--bs=4k", "--direct=1", "--ioengine=libaio", "--iodepth=4", "--rate_iops=4000", "--runtime=" + seconds,
                "--time_based");
        part(bin + "/busy-writer", "-c", until + "'" + bin + "/busy-writer-dd' if=/dev/zero of='" + dir.resolve("dirty")
                + "' bs=1M count=64 status=none; '" + bin + "/busy-sleep' 10; done");
        part(bin + "/busy-pipe", "-c", until + "'" + bin + "/busy-pipe-dd' if=/dev/zero bs=64 count=10000 status=none | '"
                + bin + "/busy-pipe-dd' of=/dev/null bs=64 status=none; '" + bin + "/busy-sleep' 0.4; done");
        part(bin + "/busy-fork", "-c", until + "for i in 1 2 3 4 5 6 7 8 9 10; do '" + bin
                + "/busy-fork-head' -c 4096 /etc/services >/dev/null & done; wait; '" + bin + "/busy-sleep' 0.2; done");
        Thread.sleep(200);
        for (Process p : parts) {
            if (!p.isAlive()) {
                throw new IOException("busy-host: a part of the load ended at once (status " + p.exitValue() + "): "
                        + String.join(" ", p.info().arguments().map(List::of).orElse(List.of())));
            }
        }
    }

    /** A part in a session of its own (setsid), so that closing ends every process it forked. */
    private void part(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid"));
        cmd.addAll(List.of(command));
        parts.add(new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    private static int niceOfThisProcess() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
        // the fields after the command name, which is in parentheses and may hold spaces: nice is field 19
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[19 - 3]);
    }

    /** Whether every part of the load still runs. */
    public boolean running() {
        return !parts.isEmpty() && parts.stream().allMatch(Process::isAlive);
    }

    /** Where its files are (fio's, the writer's), under target/scratch. */
    public Path dir() {
        return dir;
    }

    /** The parts' process ids (each the id of its process group), for tests of this class. */
    public List<Long> groups() {
        return parts.stream().map(Process::pid).toList();
    }

    /** Ends every process of the load (each part's whole process group) and removes its files. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook runs stop() anyway
        }
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        // fio's job process makes a process group of its own: it is ended through its parent, or below
        List<ProcessHandle> descendants = parts.stream().flatMap(Process::descendants).toList();
        signal("TERM");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((anyInGroups() || descendants.stream().anyMatch(ProcessHandle::isAlive)) && System.nanoTime() < deadline) {
            sleep(50);
        }
        signal("KILL");
        descendants.forEach(ProcessHandle::destroyForcibly);
        for (Process p : parts) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Workloads.deleteTree(dir);
    }

    private void signal(String sig) {
        for (Process p : parts) {
            try {
                new ProcessBuilder("kill", "-" + sig, "--", "-" + p.pid()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /** Whether any process is left in the parts' process groups (read from /proc: field 5 of stat is the group). */
    public boolean anyInGroups() {
        List<Long> groups = groups();
        return ProcessHandle.allProcesses().anyMatch(h -> {
            try {
                String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"), StandardCharsets.US_ASCII);
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return groups.contains(Long.parseLong(f[5 - 3]));
            } catch (IOException | RuntimeException e) {
                return false; // gone meanwhile
            }
        });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
