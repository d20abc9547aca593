package sonde.recorder.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load generator of the end-to-end tests: every part runs under its busy-* name, and closing leaves nothing. */
class BusyHostTest {
    private static final Set<String> PARTS = Set.of("busy-cpu", "busy-fio", "busy-writer", "busy-pipe", "busy-fork");

    @Test
    void appliesEveryPartUnderItsNameAndLeavesNothingWhenClosed() throws Exception {
        Privileged.requireTracing(); // root: the spinners' nice 5 may be below this JVM's
        Set<String> seen = new TreeSet<>();
        int spinners = 0;
        long diskReadsBefore = sectorsRead();
        List<Long> groups;
        Path dir;
        try (BusyHost load = BusyHost.start(Duration.ofMinutes(2))) {
            groups = load.groups();
            dir = load.dir();
            long deadline = System.nanoTime() + 20_000_000_000L;
            // the pipe's and the fork loop's commands come and go: look a few times; fio first lays out
            // its file (writes), then reads: wait for its reads too
            while ((!seen.containsAll(Set.of("busy-pipe-dd", "busy-fork-head")) || sectorsRead() <= diskReadsBefore)
                    && System.nanoTime() < deadline) {
                for (String comm : comms(groups)) {
                    seen.add(comm);
                }
                Thread.sleep(20);
            }
            spinners = (int) comms(groups).stream().filter("busy-cpu"::equals).count();
            assertTrue(load.running(), "every part still runs");
            for (long g : groups) {
                if (comm(g).equals("busy-cpu")) {
                    assertEquals(5, nice(g), "spinners at nice 5");
                }
            }
        }
        assertTrue(seen.containsAll(PARTS), "parts running: " + seen);
        assertTrue(seen.stream().allMatch(c -> c.startsWith(BusyHost.COMM_PREFIX)), "only busy-* names: " + seen);
        assertEquals(Runtime.getRuntime().availableProcessors(), spinners, "a spinner per CPU");
        assertTrue(sectorsRead() > diskReadsBefore, "fio read from the disk");
        assertEquals(List.of(), comms(groups), "nothing left of the load");
        assertFalse(Files.exists(dir), "its files removed: " + dir);
    }

    /** The names of the processes now in these process groups. */
    private static List<String> comms(List<Long> groups) {
        return ProcessHandle.allProcesses().filter(h -> groups.contains(field(h.pid(), 5)))
                .map(h -> comm(h.pid())).filter(c -> !c.isEmpty()).toList();
    }

    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static long nice(long pid) {
        return field(pid, 19);
    }

    /** Field n (1-based, as proc(5) numbers them) of /proc/PID/stat, or -1 once the process is gone. */
    private static long field(long pid, int n) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[n - 3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Sectors read from all disks (/proc/diskstats), to see that fio's reads reach a device. */
    private static long sectorsRead() throws IOException {
        long sum = 0;
        for (String line : Files.readAllLines(Path.of("/proc/diskstats"))) {
            String[] f = line.trim().split("\\s+");
            sum += Long.parseLong(f[5]);
        }
        return sum;
    }
}
