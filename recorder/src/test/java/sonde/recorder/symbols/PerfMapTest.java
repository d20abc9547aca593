package sonde.recorder.symbols;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JIT's perf map read as it grows, as often as allowed and as far as its bytes allow. */
class PerfMapTest {
    private static final long LATER = PerfMap.RECHECK_NS;

    @TempDir
    Path tmp;

    private Path append(Path map, String lines) throws Exception {
        return Files.writeString(map, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void linesAppendedAreReadAndAHalfWrittenOneWhenItIsWhole() throws Exception {
        Path f = append(tmp.resolve("perf-1.map"), "1000 10 first\n2000 10 second\n");
        PerfMap m = new PerfMap(f);
        assertTrue(m.refresh(0));
        assertEquals("first", m.find(0x1005));
        append(f, "3000 10 third\n4000 10 fou");
        assertTrue(m.refresh(LATER));
        assertEquals("third", m.find(0x3000));
        assertEquals("second", m.find(0x2000), "what was read before stays");
        assertNull(m.find(0x4000), "a line not yet ended");
        append(f, "rth\n");
        assertTrue(m.refresh(2 * LATER));
        assertEquals("fourth", m.find(0x400f));
    }

    @Test
    void theFileIsLookedAtOnlyOnceARecheckInterval() throws Exception {
        Path f = append(tmp.resolve("perf-2.map"), "1000 10 a\n");
        PerfMap m = new PerfMap(f);
        assertTrue(m.refresh(0));
        append(f, "2000 10 b\n");
        assertFalse(m.refresh(LATER - 1), "too soon");
        assertNull(m.find(0x2000));
        assertTrue(m.refresh(LATER));
        assertEquals("b", m.find(0x2000));
        assertFalse(m.refresh(3 * LATER), "nothing new");
    }

    @Test
    void aMapStopsReadingAtItsBytesAndSaysSo() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            lines.append(Integer.toHexString(0x10000 + 16 * i)).append(" 10 method_").append(i).append('\n');
        }
        Path f = append(tmp.resolve("perf-3.map"), lines.toString());
        PerfMap m = new PerfMap(f, 10_000);
        assertTrue(m.refresh(0));
        assertTrue(m.full());
        assertTrue(m.bytes() <= 10_000 + 64, m.bytes() + " bytes");
        assertEquals("method_0", m.find(0x10000));
        assertNull(m.find(0x10000 + 16 * 999), "left unread");
        append(f, "90000 10 late\n");
        assertFalse(m.refresh(LATER), "a full map reads no more");
    }

    @Test
    void aNewFileUnderTheOldNameIsReadFromItsStart() throws Exception {
        Path f = append(tmp.resolve("perf-4.map"), "1000 10 old_process_method\n");
        PerfMap m = new PerfMap(f);
        assertTrue(m.refresh(0));
        Files.writeString(f, "5000 8 new\n"); // the pid was reused: a shorter file
        assertTrue(m.refresh(LATER));
        assertNull(m.find(0x1000));
        assertEquals("new", m.find(0x5007));
    }

    @Test
    void aMapWrittenAnewAndLongerIsReadFromItsStart() throws Exception {
        Path f = append(tmp.resolve("perf-6.map"), "1000 10 before\n");
        PerfMap m = new PerfMap(f);
        assertTrue(m.refresh(0));
        // jcmd Compiler.perfmap writes the whole code cache each time: other code where the old was
        Files.writeString(f, "1000 10 recompiled\n2000 10 added\n");
        assertTrue(m.refresh(LATER));
        assertEquals("recompiled", m.find(0x1000), "not read on from the old file's length, mid-line");
        assertEquals("added", m.find(0x2000));
        append(f, "3000 10 appended\n");
        assertTrue(m.refresh(2 * LATER));
        assertEquals("appended", m.find(0x3000));
        assertEquals("recompiled", m.find(0x1000), "an appended map is read on");
    }

    @Test
    void linesThatAreNotSymbolsAreSkipped() throws Exception {
        Path f = append(tmp.resolve("perf-5.map"), "garbage\n0x1000 0x20 with prefix\nzz 10 bad\n2000 1g bad\r\n"
                + "3000 10 name with spaces\r\n");
        PerfMap m = new PerfMap(f);
        assertEquals("with prefix", m.lookup(0x101f));
        assertEquals("name with spaces", m.lookup(0x3000));
        assertNull(m.lookup(0x2000));
    }
}
