package sonde.recorder.sink.kafka;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolTest {
    @TempDir
    Path tmp;

    private static SpoolRecord rec(int i) {
        return new SpoolRecord("sonde.disk_io", "h1".getBytes(StandardCharsets.UTF_8),
                ("value-" + i + "-" + "x".repeat(i % 50)).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> values(Spool spool) throws Exception {
        List<String> out = new ArrayList<>();
        for (Path seg : spool.roll()) {
            Spool.read(seg).records().forEach(r -> out.add(new String(r.value(), StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Test
    void aSpoolWithNothingLeftRemovesItsLockAndItsDirectoryAndOneWithEventsKeepsThem() throws Exception {
        Path empty = tmp.resolve("empty");
        Spool.open(empty, 1 << 20, true).close();
        assertFalse(Files.exists(empty), "nothing left behind");

        Path kept = tmp.resolve("kept");
        try (Spool s = Spool.open(kept, 1 << 20, false)) {
            s.append(rec(1));
            s.remove(s.roll().get(0));
        }
        try (var files = Files.list(kept)) {
            assertEquals(List.of(), files.toList(), "the lock goes; a directory the user named stays");
        }

        Path left = tmp.resolve("left");
        try (Spool s = Spool.open(left, 1 << 20, true)) {
            s.append(rec(1));
        }
        assertTrue(Files.exists(left.resolve("lock")) && Files.exists(left.resolve("0000000000000000.seg")), "unsent events stay");
        try (Spool s = Spool.open(left, 1 << 20, true)) {
            assertEquals(1, s.foundRecords());
        }
    }

    @Test
    void aLockFileRemovedAndMadeAgainIsTakenAfresh() throws Exception {
        Path dir = tmp.resolve("spool");
        Spool.open(dir, 1 << 20, true).close();
        try (Spool a = Spool.open(dir, 1 << 20, true)) {
            assertThrows(SpoolLock.SpoolInUseException.class, () -> Spool.open(dir, 1 << 20, true), "one holder at a time");
            assertTrue(Files.readString(a.dir().resolve("lock")).startsWith(ProcessHandle.current().pid() + "\n"), "the pid first");
        }
    }

    @Test
    void recordsComeBackInWriteOrderAcrossSegments() throws Exception {
        List<String> expected = new ArrayList<>();
        try (Spool s = Spool.open(tmp.resolve("spool"), 1 << 20)) {
            for (int i = 0; i < 5000; i++) {
                assertTrue(s.append(rec(i)));
                expected.add(new String(rec(i).value(), StandardCharsets.UTF_8));
            }
            assertTrue(s.roll().size() > 1, "more than one 128 KiB segment");
            assertEquals(expected, values(s));
            assertEquals(5000, s.records());
            SpoolRecord first = Spool.read(s.roll().get(0)).records().get(0);
            assertEquals("sonde.disk_io", first.topic());
            assertArrayEquals("h1".getBytes(StandardCharsets.UTF_8), first.key());
        }
    }

    @Test
    void aReopenedSpoolFindsWhatWasLeftAndAppendsToANewSegment() throws Exception {
        Path dir = tmp.resolve("spool");
        try (Spool s = Spool.open(dir, 1 << 20)) {
            for (int i = 0; i < 10; i++) {
                s.append(rec(i));
            }
        }
        try (Spool s = Spool.open(dir, 1 << 20)) {
            assertEquals(10, s.foundRecords());
            assertFalse(s.isEmpty());
            s.append(rec(10));
            List<Path> segs = s.roll();
            assertEquals(2, segs.size());
            assertEquals("value-10-" + "x".repeat(10), values(s).get(10));
        }
    }

    @Test
    void aTornTailIsDetectedAndIgnored() throws Exception {
        Path dir = tmp.resolve("spool");
        try (Spool s = Spool.open(dir, 1 << 20)) {
            for (int i = 0; i < 3; i++) {
                s.append(rec(i));
            }
        }
        Path seg = only(dir);
        long full = Files.size(seg);
        try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
            f.setLength(full - 3); // the crash cut the last frame
        }
        Spool.Segment read = Spool.read(seg);
        assertEquals(2, read.records().size());
        assertTrue(read.tornBytes() > 0);
        try (Spool s = Spool.open(dir, 1 << 20)) {
            assertEquals(2, s.foundRecords());
            assertTrue(s.foundTornBytes() > 0);
            s.append(rec(3));
            assertEquals(List.of("value-0-", "value-1-x", "value-3-xxx"), values(s));
        }
    }

    @Test
    void aCorruptFrameEndsTheSegmentAtTheLastGoodFrame() throws Exception {
        Path dir = tmp.resolve("spool");
        try (Spool s = Spool.open(dir, 1 << 20)) {
            for (int i = 0; i < 3; i++) {
                s.append(rec(i));
            }
        }
        Path seg = only(dir);
        byte[] bytes = Files.readAllBytes(seg);
        int second = 8 + 8 + rec(0).payload().length; // magic, first frame
        bytes[second + 8 + 5] ^= 0x40; // a bit flips in the second payload: its CRC no longer matches
        Files.write(seg, bytes);
        Spool.Segment read = Spool.read(seg);
        assertEquals(1, read.records().size());
        assertEquals(bytes.length - second, read.tornBytes());
    }

    @Test
    void aFileWithoutTheMagicYieldsNothing() throws Exception {
        Path seg = Files.write(tmp.resolve("0000000000000000.seg"), "not a spool".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, Spool.read(seg).records().size());
    }

    @Test
    void theBoundDropsAndCountsWhatDoesNotFit() throws Exception {
        try (Spool s = Spool.open(tmp.resolve("spool"), 64 << 10)) {
            int kept = 0;
            for (int i = 0; i < 5000; i++) {
                kept += s.append(rec(i)) ? 1 : 0;
            }
            assertTrue(kept > 100 && kept < 5000, "kept " + kept);
            assertEquals(5000 - kept, s.dropped());
            assertEquals(kept, s.appended());
            long onDisk = 0;
            for (Path p : s.roll()) {
                onDisk += Files.size(p);
            }
            assertTrue(onDisk <= 64 << 10, onDisk + " bytes on disk");
        }
    }

    @Test
    void removingDeliveredSegmentsFreesRoom() throws Exception {
        try (Spool s = Spool.open(tmp.resolve("spool"), 64 << 10)) {
            while (s.append(rec(1))) {
                // fill it
            }
            for (Path p : s.roll()) {
                s.remove(p);
            }
            assertTrue(s.isEmpty());
            assertEquals(0, s.records());
            assertTrue(s.append(rec(2)));
        }
    }

    @Test
    @SuppressWarnings("try") // spool s is only held: that it is in use is the point
    void aSecondSpoolOnTheSameDirectoryIsRefused() throws Exception {
        Path dir = tmp.resolve("spool");
        try (Spool s = Spool.open(dir, 1 << 20)) {
            SpoolLock.SpoolInUseException e = assertThrows(SpoolLock.SpoolInUseException.class, () -> Spool.open(dir, 1 << 20));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), e.owner());
        }
        Spool.open(dir, 1 << 20).close(); // released on close
    }

    @Test
    void theSpoolDirectoryIsPrivate() throws Exception {
        Path dir = tmp.resolve("spool");
        Spool.open(dir, 1 << 20).close();
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    private static Path only(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            List<Path> segs = files.filter(p -> p.toString().endsWith(".seg")).toList();
            assertEquals(1, segs.size(), Arrays.toString(segs.toArray()));
            return segs.get(0);
        }
    }
}
