package sonde.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sonde.analyzer.Sonde.Result;

class MainTest {
    @Test
    void anUnknownCommandListsTheCommandsAndExitsTwo() {
        Result r = Sonde.run("tpo", "dir");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("sonde: unknown command 'tpo'\n"), r.err());
        assertTrue(r.err().contains("commands: record, top, "), r.err());
        assertTrue(r.err().contains(" sql"), r.err());
        assertEquals(2, r.err().lines().count(), "two lines: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void helpListsEveryCommandIncludingRecord() {
        for (String word : new String[] {"help", "--help", "-h"}) {
            Result r = Sonde.run(word);
            assertEquals(0, r.status());
            assertTrue(r.out().contains("COMMANDS:\n  record  "), r.out());
            assertTrue(r.out().contains("\n  top     "), r.out());
            assertTrue(r.out().contains("\n  sql     "), r.out());
        }
    }

    @Test
    void helpWithACommandShowsThatCommandsHelp() {
        Result r = Sonde.run("help", "sql");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("USAGE: sonde sql DIR"), r.out());
    }

    @Test
    void noArgumentsPrintsUsageAndExitsTwo() {
        Result r = Sonde.run();
        assertEquals(2, r.status());
        assertTrue(r.err().contains("USAGE: sonde COMMAND"), r.err());
    }

    @Test
    void versionIsTheProjectVersion() {
        Result r = Sonde.run("--version");
        assertEquals(0, r.status());
        assertTrue(r.out().matches("sonde \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), r.out());
    }

    @Test
    void recordIsLeftToTheLauncher() {
        Result r = Sonde.run("record", "--disk");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("launcher"), r.err());
    }
}
