package sonde.analyzer.out;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void quotesFieldsWithCommasQuotesAndLineBreaks() {
        assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",,x\r\n",
                Csv.record(Arrays.asList("plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", null, "x")));
    }

    @Test
    void leavesOtherFieldsAlone() {
        assertEquals("x'; DROP TABLE t; --, spaced ,\r\n", Csv.record(Arrays.asList("x'; DROP TABLE t; --", " spaced ", "")));
    }
}
