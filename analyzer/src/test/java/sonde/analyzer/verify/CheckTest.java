package sonde.analyzer.verify;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckTest {
    @Test
    void relativeToleranceIsAShareOfTheExpectedValue() {
        assertTrue(Check.relative("m", 1000, 1010, 0.01, "").pass());
        assertFalse(Check.relative("m", 1000, 1011, 0.01, "").pass());
        assertTrue(Check.atMost("m", 5, 5, "").pass());
        assertFalse(Check.atMost("m", 5, 6, "").pass());
        assertTrue(Check.atLeast("m", 80, 80, "%").pass());
        assertFalse(Check.atLeast("m", 80, 79.9, "%").pass());
    }

    @Test
    void theTableSaysWhatFailedAndWhatWasSeen() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CheckTable.print(List.of(Check.relative("bytes", 64 << 20, 64 << 20, 0.01, "MiB"),
                Check.relative("ios", 1024, 900, 0.01, "").explained("requests were merged")),
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals("""
                RESULT  METRIC   EXPECTED   MEASURED  TOLERANCE
                PASS    bytes   64.00 MiB  64.00 MiB  ±1%
                FAIL    ios          1024        900  ±1%
                FAIL ios: requests were merged

                1 of 2 checks FAILED
                """, out);
    }
}
