package sonde.recorder.disk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.DiskCapture;
import sonde.recorder.testing.Named;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;
import sonde.recorder.testing.Workloads;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The block path on the real kernel: tracefs instance, ring buffers, decoding, pairing. */
class DiskSourceTest {
    @TempDir(factory = OnDisk.class)
    Path disk;

    @Test
    void attributesEveryByteOfADirectWriteToTheWriter() throws Exception {
        Privileged.requireTracing();
        Path file = disk.resolve("direct.bin");
        Named dd = Named.of("dd", disk);
        List<Request> requests;
        long pid;
        // 32 MiB per CPU: room for a busy host's block completions while this JVM is slow to poll
        try (DiskCapture capture = new DiskCapture(32)) {
            pid = Workloads.ddDirectWrite(dd.exe(), file, 16).pid();
            Thread.sleep(100);
            requests = capture.stop();
        }
        List<Request> mine = requests.stream().filter(r -> r.pid() == pid).toList();
        long written = mine.stream().filter(r -> Request.op(r.rwbs()).equals("W")).mapToLong(Request::bytes).sum();
        assertEquals(16L << 20, written, "bytes written by dd (pid " + pid + ")");
        for (Request r : mine) {
            String what = r.rwbs() + " " + r.bytes() + " at " + r.sector() + ": start " + r.startNs() + " issue "
                    + r.issueNs() + " complete " + r.completeNs();
            assertTrue(r.completed(), "completed: " + what);
            assertTrue(r.completeNs() > r.issueNs() && r.issueNs() >= r.startNs(), "start <= issue < complete: " + what);
        }
        // before exec the child is still called java (its reads may show): the writes are dd's
        assertTrue(mine.stream().filter(r -> Request.op(r.rwbs()).equals("W")).allMatch(r -> r.comm().equals(dd.comm())));
    }
}
