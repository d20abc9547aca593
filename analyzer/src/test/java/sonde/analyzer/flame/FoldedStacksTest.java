package sonde.analyzer.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FoldedStacksTest {
    @Test
    void parsesTheCountAfterTheLastBlank() {
        assertEquals(Map.entry("a;b c;d", 12L), FoldedStacks.parseLine("a;b c;d 12"));
        assertEquals(Map.entry("a ", 3L), FoldedStacks.parseLine("a  3"));
        assertEquals(Map.entry("a", 13L), FoldedStacks.parseLine("a\t12.5"));
        assertEquals(Map.entry("a", 5L), FoldedStacks.parseLine("a 5."));
        assertNull(FoldedStacks.parseLine("a;b"));
        assertNull(FoldedStacks.parseLine("a;b12"));
        assertNull(FoldedStacks.parseLine("a .5"));
        assertNull(FoldedStacks.parseLine("12"));
    }

    @Test
    void readSumsRepeatedStacksAndCountsSkippedLines() throws IOException {
        Map<String, Long> m = new TreeMap<>();
        long skipped = FoldedStacks.read(new StringReader("a;b 1\r\n\nnot folded\na;b 2\nc 4\n"), m);
        assertEquals(Map.of("a;b", 3L, "c", 4L), m);
        assertEquals(2, skipped);
    }

    @Test
    void ordersByCodePointLikePerlsSortOfUtf8() {
        SortedMap<String, Long> m = FoldedStacks.merge(Map.of("\uD83D\uDE00", 1L, "\uFF5E", 1L), Map.of("z", 2L, "\uFF5E", 1L));
        assertEquals(List.of("z", "\uFF5E", "\uD83D\uDE00"), List.copyOf(m.keySet()));
        assertEquals(2L, m.get("\uFF5E"));
    }

    @Test
    void filtersAndWritesSorted() throws IOException {
        StringWriter out = new StringWriter();
        FoldedStacks.write(FoldedStacks.filter(Map.of("b;x", 2L, "a;x", 1L, "a;y", 5L), s -> s.endsWith(";x")), out);
        assertEquals("a;x 1\nb;x 2\n", out.toString());
        assertEquals(Long.MAX_VALUE, FoldedStacks.total(Map.of("a", Long.MAX_VALUE, "b", 1L)));
    }

    @Test
    void collapseOutputReadsBackAsTheSameMap() throws IOException {
        try (var in = java.nio.file.Files.newInputStream(Corpus.input("perf-vertx-stacks-01"))) {
            SortedMap<String, Long> folded = Collapse.fold(in, CollapseOptions.defaults().withAll(true));
            StringWriter text = new StringWriter();
            FoldedStacks.write(folded, text);
            assertEquals(folded, FoldedStacks.read(new StringReader(text.toString())));
            assertEquals(java.nio.file.Files.readString(Corpus.expected("perf-vertx-stacks-01", "all")), text.toString());
        }
    }
}
