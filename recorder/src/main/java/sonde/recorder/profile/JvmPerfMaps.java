package sonde.recorder.profile;

import sonde.recorder.host.KernelFiles;
import sonde.recorder.symbols.Symbolizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code sonde record --jvm-perfmap}: at the end of the recording, asks each JVM whose JIT code
 * was sampled but not named for its perf map, as perf's jmaps does, with
 * {@code jcmd PID Compiler.perfmap} (JDK 17 and later), then names those frames from it. Each
 * jcmd runs as the JVM's own user (setpriv), never as root for another user's JVM (its jcmd may
 * be that user's file), with a small heap and one compiler; one at a time, at most
 * {@link #MAX_JVMS}, each stopped after {@link #EACH_NS} and all of them after {@link #ALL_NS},
 * never for the recorder's own JVM.
 */
public final class JvmPerfMaps {
    static final int MAX_JVMS = 16;
    static final long EACH_NS = 10_000_000_000L;
    static final long ALL_NS = 30_000_000_000L;

    private final Path proc;
    private final long ownPid = ProcessHandle.current().pid();
    private long written;
    private long failed;

    public JvmPerfMaps() {
        this(Path.of("/proc"));
    }

    JvmPerfMaps(Path proc) {
        this.proc = proc;
    }

    /** Asks the JVMs among the processes with unnamed JIT code, and names what their maps cover. */
    void ask(Symbolizer symbols) {
        long deadline = System.nanoTime() + ALL_NS;
        int asked = 0;
        for (int pid : symbols.waitingForNames()) {
            if (pid == ownPid || asked == MAX_JVMS || System.nanoTime() >= deadline || !isJvm(pid)) {
                continue;
            }
            asked++;
            if (dump(pid, deadline)) {
                written++;
                symbols.mapRewritten(pid);
            } else {
                failed++;
            }
        }
    }

    private boolean isJvm(int pid) {
        try {
            return KernelFiles.read(proc.resolve(pid + "/maps")).contains("/libjvm.so");
        } catch (IOException e) {
            return false; // gone
        }
    }

    /** Runs jcmd PID Compiler.perfmap as the JVM's user; whether it wrote the map. */
    private boolean dump(int pid, long deadline) {
        try {
            List<String> cmd = command(pid);
            if (cmd == null) {
                return false;
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long wait = Math.min(EACH_NS, deadline - System.nanoTime());
            if (!p.waitFor(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The jcmd command line, as the JVM's user; null when there is no jcmd it is safe to run. */
    List<String> command(int pid) throws IOException {
        long[] ids = ids(KernelFiles.read(proc.resolve(pid + "/status")));
        Path jcmd = jcmd(pid, ids[0]);
        if (jcmd == null) {
            return null;
        }
        List<String> cmd = new ArrayList<>();
        if (ids[0] != currentUid()) {
            cmd.addAll(List.of("setpriv", "--reuid=" + ids[0], "--regid=" + ids[1], "--clear-groups", "--"));
        }
        // the JVM's own JDK speaks its attach protocol; jcmd is a JVM too: keep it small
        cmd.addAll(List.of(jcmd.toString(), "-J-Xmx32m", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1",
                "-J-XX:-UsePerfData", String.valueOf(pid), "Compiler.perfmap"));
        return cmd;
    }

    /**
     * The jcmd beside the JVM's java (its own JDK), else the one on the PATH; only a file that
     * root or the JVM's user owns and nobody else may change.
     */
    private Path jcmd(int pid, long uid) {
        List<Path> candidates = new ArrayList<>();
        try {
            candidates.add(proc.resolve(pid + "/exe").toRealPath().resolveSibling("jcmd"));
        } catch (IOException e) {
            // gone, or not ours to read
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "jcmd"));
            }
        }
        for (Path c : candidates) {
            try {
                Path real = c.toRealPath();
                PosixFileAttributes a = Files.readAttributes(real, PosixFileAttributes.class);
                int owner = (Integer) Files.getAttribute(real, "unix:uid");
                if (a.isRegularFile() && Files.isExecutable(real) && (owner == 0 || owner == uid)
                        && !a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                        && !a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                    return real;
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not there: the next
            }
        }
        return null;
    }

    /** The effective uid and gid from /proc/PID/status ("Uid:\treal\teffective\tsaved\tfs"). */
    static long[] ids(String status) throws IOException {
        long uid = -1;
        long gid = -1;
        for (String line : status.split("\n")) {
            String[] f = line.split("\\s+");
            if (f.length > 2 && f[0].equals("Uid:")) {
                uid = Long.parseLong(f[2]);
            } else if (f.length > 2 && f[0].equals("Gid:")) {
                gid = Long.parseLong(f[2]);
            }
        }
        if (uid < 0 || gid < 0) {
            throw new IOException("no Uid or Gid line");
        }
        return new long[] {uid, gid};
    }

    private static long currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** The recording's counters: maps written by jcmd, and JVMs whose jcmd failed or timed out. */
    Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("cpu_sample.jvm_perfmaps_written", written);
        c.put("cpu_sample.jvm_perfmaps_failed", failed);
        return c;
    }
}
