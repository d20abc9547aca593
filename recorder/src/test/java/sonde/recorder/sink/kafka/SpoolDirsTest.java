package sonde.recorder.sink.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.cli.UserError;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolDirsTest {
    @TempDir
    Path tmp;

    private KafkaTarget target(Path spoolDir) {
        return KafkaTarget.of("localhost:9092", new Properties(), "sonde", spoolDir, 1 << 20).withSpoolRoot(tmp);
    }

    @Test
    void concurrentRecordersGetTheirOwnSlots() throws Exception {
        try (Spool a = SpoolDirs.open(target(null), "h1"); Spool b = SpoolDirs.open(target(null), "h1")) {
            assertNotEquals(a.dir(), b.dir());
            assertEquals(tmp, a.dir().getParent());
            assertTrue(a.dir().getFileName().toString().startsWith("h1_sonde_"), a.dir().toString());
        }
    }

    @Test
    @SuppressWarnings("try") // spool a is only held: that it is in use is the point
    void aLaterRecorderTakesTheSlotWithLeftovers() throws Exception {
        Path withLeftovers;
        try (Spool a = SpoolDirs.open(target(null), "h1"); Spool b = SpoolDirs.open(target(null), "h1")) {
            b.append(new SpoolRecord("sonde.disk_io", "h1".getBytes(StandardCharsets.UTF_8), new byte[] {1}));
            withLeftovers = b.dir();
        }
        try (Spool c = SpoolDirs.open(target(null), "h1")) {
            assertEquals(withLeftovers, c.dir());
            assertEquals(1, c.foundRecords());
        }
    }

    @Test
    @SuppressWarnings("try") // spool a is only held: that it is in use is the point
    void anExplicitSpoolInUseIsAnErrorNamingIt() throws Exception {
        Path dir = tmp.resolve("mine");
        try (Spool a = SpoolDirs.open(target(dir), "h1")) {
            UserError e = assertThrows(UserError.class, () -> SpoolDirs.open(target(dir), "h1"));
            assertEquals("cannot use spool " + dir + ": in use by another sonde record (pid " + ProcessHandle.current().pid() + ")",
                    e.getMessage());
        }
    }
}
