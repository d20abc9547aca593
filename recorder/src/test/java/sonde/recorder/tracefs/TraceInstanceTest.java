package sonde.recorder.tracefs;

import org.junit.jupiter.api.Test;
import sonde.recorder.testing.Privileged;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceInstanceTest {
    @Test
    void removesItsInstanceOnClose() {
        Privileged.requireTracing();
        Path dir;
        try (TraceInstance in = TraceInstance.create(Tracefs.locate())) {
            dir = in.dir();
            assertTrue(Files.isDirectory(dir));
            assertTrue(in.name().startsWith("sonde-" + ProcessHandle.current().pid() + "-"));
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    @SuppressWarnings("try") // instance in is only created: creating it is what removes orphans
    void removesOrphansButNeverAnInstanceWhoseOwnerLives() throws Exception {
        Privileged.requireTracing();
        Path instances = Tracefs.locate().root().resolve("instances");
        Path orphan = instances.resolve("sonde-999999999-1-dead");
        long me = ProcessHandle.current().pid();
        Path live = instances.resolve("sonde-" + me + "-" + StaleInstances.startTicks(me) + "-beef");
        Files.createDirectory(orphan);
        Files.createDirectory(live);
        try (TraceInstance in = TraceInstance.create(Tracefs.locate())) {
            assertFalse(Files.exists(orphan), "owner gone: removed");
            assertTrue(Files.exists(live), "owner alive: kept");
        } finally {
            StaleInstances.remove(live);
            StaleInstances.remove(orphan);
        }
    }

    @Test
    void twoInstancesAtOnceHaveTheirOwnNamesAndSettings() {
        Privileged.requireTracing();
        try (TraceSession a = TraceSession.open(Tracefs.locate(), 1);
             TraceSession b = TraceSession.open(Tracefs.locate(), 2)) {
            assertNotEquals(a.instance().name(), b.instance().name());
            // the kernel rounds up to whole pages of data
            int kbA = Integer.parseInt(a.instance().read("buffer_size_kb").trim());
            int kbB = Integer.parseInt(b.instance().read("buffer_size_kb").trim());
            assertTrue(kbA >= 1024 && kbA < 1100, "1 MiB per CPU: " + kbA);
            assertTrue(kbB >= 2048 && kbB < 2200, "2 MiB per CPU: " + kbB);
            assertTrue(a.instance().read("trace_clock").contains("[mono]"));
        }
    }
}
