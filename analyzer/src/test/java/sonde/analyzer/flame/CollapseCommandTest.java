package sonde.analyzer.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CollapseCommandTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedErr;

    @BeforeEach
    void captureStderr() {
        // Cli prints usage and user errors on System.err
        savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(savedErr);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void missingFileIsAUserErrorWithExitOne() {
        assertEquals(1, CollapseCommand.run(new String[] {"/nonexistent/perf.txt"}));
        assertEquals("sonde collapse: cannot read /nonexistent/perf.txt: no such file\n", stderr());
    }

    @Test
    void unknownOptionPrintsTheReasonAndUsageWithExitTwo() {
        assertEquals(2, CollapseCommand.run(new String[] {"--inline", "perf.txt"}));
        assertTrue(stderr().startsWith("sonde collapse: unknown option --inline\nUSAGE: sonde collapse "), stderr());
    }

    @Test
    void moreThanOneFileIsAUsageError() {
        assertEquals(2, CollapseCommand.run(new String[] {"a.txt", "b.txt"}));
        assertTrue(stderr().startsWith("sonde collapse: unexpected argument 'b.txt'\n"), stderr());
    }

    @Test
    void emptyInputFoldsToNothingAndSaysWhy() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, CollapseCommand.run(new String[0], new java.io.ByteArrayInputStream(new byte[0]), out, System.err));
        assertEquals(0, out.size());
        assertTrue(stderr().contains("no stacks found"), stderr());
    }

    @Test
    void pointsAtCrlfLineEndingsWhenTheyHideEverySample() {
        byte[] crlf = "ab 1 1.0: 1 c:\r\n\t1 f (/x)\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, CollapseCommand.run(new String[] {"-"}, new java.io.ByteArrayInputStream(crlf), out, System.err));
        assertEquals(0, out.size());
        assertTrue(stderr().contains("CRLF line endings"), stderr());
    }

    @Test
    void helpHasTheFixedShape() {
        String help = CollapseCommand.SPEC.help();
        assertTrue(help.contains("\n\nUSAGE: sonde collapse [--pid]"), help);
        assertTrue(help.contains("\n\nOPTIONS:\n  --pid "), help);
        assertTrue(help.contains("\nEXAMPLES:\n  perf script | sonde collapse"), help);
    }
}
