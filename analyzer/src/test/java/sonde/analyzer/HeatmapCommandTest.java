package sonde.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import sonde.analyzer.Sonde.Result;
import sonde.analyzer.db.Fixtures;
import sonde.analyzer.db.Recorded;
import sonde.analyzer.db.SqlFiles;
import sonde.analyzer.report.HeatmapLayout;

class HeatmapCommandTest {
    private static final long T0 = Fixtures.T0;
    private static final long MS = Fixtures.MS;
    private static final long US = 1_000;

    @TempDir
    Path tmp;

    /**
     * A 10 s recording: 3 reads of 1.5 ms completing at 1.1 s, 42 of 200 us at 5.2 s, and one
     * write of 40 us at 9.9 s. In 20 slices of 0.5 s they fill 3 cells.
     */
    private String small() {
        Recorded r = new Recorded();
        for (int i = 0; i < 3; i++) {
            r.disk(T0 + 1100 * MS + i * US, 10, "fio", "vda", "R", 1500 * US);
        }
        for (int i = 0; i < 42; i++) {
            r.disk(T0 + 5200 * MS + i * US, 20, "postgres", "vda", "R", 200 * US);
        }
        r.disk(T0 + 9900 * MS, 30, "dd", "vdb", "W", 40 * US);
        return r.write(tmp.resolve("small"), T0, T0 + 10_000 * MS).toString();
    }

    private static String svg(String... args) {
        List<String> all = new ArrayList<>(List.of("heatmap"));
        all.addAll(List.of(args));
        all.addAll(List.of("-o", "-"));
        Result r = Sonde.run(all.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        return r.out();
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element byId(Document d, String id) {
        NodeList all = d.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (id.equals(e.getAttribute("id"))) {
                return e;
            }
        }
        throw new AssertionError("no element with id " + id);
    }

    /** The tooltip of every drawn cell, in document order. */
    private static List<String> tooltips(Document d) {
        List<String> titles = new ArrayList<>();
        NodeList cells = byId(d, "cells").getElementsByTagNameNS("*", "title");
        for (int i = 0; i < cells.getLength(); i++) {
            titles.add(cells.item(i).getTextContent());
        }
        return titles;
    }

    @Test
    void drawsOneCellPerNonEmptySliceAndBucketWithATooltip() throws Exception {
        Document d = parse(svg(small(), "--cols", "20"));
        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertEquals(List.of("t=9.5\u201310.0 s, 32\u201363 us: 1 I/O", "t=5.0\u20135.5 s, 128\u2013255 us: 42 I/Os",
                "t=1.0\u20131.5 s, 1024\u20132047 us: 3 I/Os"), tooltips(d));
        assertEquals(3, byId(d, "cells").getElementsByTagNameNS("*", "rect").getLength());
    }

    @Test
    void theBusiestCellIsDarkestAtItsTimeAndLatency() throws Exception {
        Document d = parse(svg(small(), "--cols", "20"));
        Element g = (Element) byId(d, "cells").getElementsByTagNameNS("*", "g").item(1);
        Element rect = (Element) g.getElementsByTagNameNS("*", "rect").item(0);
        HeatmapLayout l = HeatmapLayout.of(20, 6);  // slots 6 (32 us) to 11 (1024 us)
        assertEquals("s8", rect.getAttribute("class"));
        assertEquals(Integer.toString(l.cellX(10)), rect.getAttribute("x"));
        assertEquals(Integer.toString(l.cellY(2)), rect.getAttribute("y"));
        assertEquals("s1", ((Element) byId(d, "cells").getElementsByTagNameNS("*", "rect").item(0)).getAttribute("class"));
    }

    @Test
    void smallMapMatchesTheGoldenFile() {
        Golden.assertMatches("heatmap_small.svg", svg(small(), "--cols", "20"));
    }

    @Test
    void cellCountsAddUpToTheCompletedIos() throws Exception {
        Random rnd = new Random(7);
        Recorded r = new Recorded();
        for (int i = 0; i < 2000; i++) {
            long lat = (long) (Math.exp(rnd.nextGaussian() * 0.5) * (rnd.nextDouble() < 0.3 ? 4_000_000 : 150_000));
            r.disk(T0 + (long) (rnd.nextDouble() * 30e9), 1, "fio", "vda", "R", lat);
        }
        r.disk(T0 + 1000 * MS, 1, "fio", "vda", "R", null);
        List<String> tips = tooltips(parse(svg(r.write(tmp.resolve("big"), T0, T0 + 30_000 * MS).toString())));
        long sum = 0;
        for (String tip : tips) {
            sum += Long.parseLong(tip.replaceAll(".*: (\\d+) I/Os?$", "$1"));
        }
        assertEquals(2000, sum);
        assertTrue(tips.size() > 100 && tips.size() <= 60 * 12, tips.size() + " cells");
    }

    @Test
    void fewerRowsFoldTheFastestIntoTheBottomRow() throws Exception {
        Document d = parse(svg(small(), "--cols", "20", "--rows", "2"));
        assertEquals(List.of("t=5.0\u20135.5 s, 0\u20131023 us: 42 I/Os", "t=9.5\u201310.0 s, 0\u20131023 us: 1 I/O",
                "t=1.0\u20131.5 s, 1024\u20132047 us: 3 I/Os"), tooltips(d));
    }

    @Test
    void slicesAreTheNarrowestRoundWidthThatFits() throws Exception {
        // 10 s in at most 60 slices: 1/6 s would do, but slices are round, so 50 of 0.2 s
        Document d = parse(svg(small()));
        assertEquals("t=5.2\u20135.4 s, 128\u2013255 us: 42 I/Os", tooltips(d).get(1));
        assertTrue(byId(d, "details").getTextContent().contains("in 50 slices of 0.2 s"), byId(d, "details").getTextContent());
    }

    @Test
    void slicesStartOnTheClockNotAtTheRecordingStart() throws Exception {
        // 10:00:00.300 to 10:00:10.300 in at most 20 slices: 0.5 s slices on the clock would need 21, so 11 of 1 s
        // from 10:00:00, as iostat 1 would count
        String d = new Recorded().disk(T0 + 5200 * MS, 20, "postgres", "vda", "R", 200 * US)
                .disk(T0 + 10_250 * MS, 20, "postgres", "vda", "R", 200 * US)
                .write(tmp.resolve("late"), T0 + 300 * MS, T0 + 10_300 * MS).toString();
        Document doc = parse(svg(d, "--cols", "20"));
        assertEquals(List.of("t=5.0\u20136.0 s, 128\u2013255 us: 1 I/O", "t=10.0\u201311.0 s, 128\u2013255 us: 1 I/O"),
                tooltips(doc));
        assertTrue(byId(doc, "details").getTextContent().contains("in 11 slices of 1.0 s"), byId(doc, "details").getTextContent());
        assertTrue(svg(d, "--cols", "20").contains("seconds since 10:00:00 UTC"));
        Path sql = tmp.resolve("h.sql");
        Files.writeString(sql, "SET VARIABLE heatmap_cols = 20;\n" + SqlFiles.load("heatmap.sql"));
        assertEquals("col,slot,count,start_ns,end_ns,cols\r\n"
                + "5,8,1," + T0 + "," + (T0 + 11_000 * MS) + ",11\r\n"
                + "10,8,1," + T0 + "," + (T0 + 11_000 * MS) + ",11\r\n",
                Sonde.run("sql", d, "--file", sql.toString(), "--format", "csv").out());
    }

    @Test
    void vfsCallsArePlacedAtTheirExit() throws Exception {
        String d = new Recorded().vfs(T0 + 4900 * MS, 1, "cat", "read", "ext4", "vda", "/f", 200 * MS)
                .write(tmp.resolve("vfs"), T0, T0 + 10_000 * MS).toString();
        assertEquals(List.of("t=5.0\u20135.5 s, 131072\u2013262143 us: 1 I/O"),
                tooltips(parse(svg(d, "--layer", "vfs", "--cols", "20"))));
        assertEquals(List.of(), tooltips(parse(svg(d, "--cols", "20"))));
    }

    @Test
    void noCompletedIoIsAValidSvgThatSaysSo() throws Exception {
        Document d = parse(svg(small(), "-p", "999"));
        assertEquals("no completed disk I/O recorded", byId(d, "message").getTextContent());
        assertEquals(0, byId(d, "cells").getElementsByTagNameNS("*", "rect").getLength());
        assertEquals("Disk I/O latency heat map", byId(d, "title").getTextContent());
        assertEquals("no completed VFS I/O recorded", byId(parse(svg(small(), "--layer", "vfs")), "message").getTextContent());
    }

    @Test
    void writesTheFileNamedByOutput() throws Exception {
        Path file = tmp.resolve("map.svg");
        Result r = Sonde.run("heatmap", small(), "--cols", "20", "-o", file.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.out(), "standard output is for data only");
        assertEquals("wrote " + file + ": 46 I/Os from " + tmp.resolve("small") + "\n", r.err());
        assertEquals(svg(small(), "--cols", "20"), Files.readString(file));
    }

    @Test
    void anUnwritableOutputIsOneLine() {
        Result r = Sonde.run("heatmap", small(), "-o", tmp.resolve("no/such/dir.svg").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("sonde heatmap: cannot write " + tmp.resolve("no/such/dir.svg") + ": no such directory " + tmp.resolve("no/such") + "\n"), r.err());
    }

    @Test
    void aCommIsEscapedInTheSvg() throws Exception {
        Document d = parse(svg(small(), "-c", "<x&\"y\">"));
        assertEquals("comm <x&\"y\">", byId(d, "details").getTextContent());
    }

    @Test
    void badOptionValuesExitTwo() {
        String d = small();
        assertEquals(2, Sonde.run("heatmap", d, "--rows", "0").status());
        assertEquals(2, Sonde.run("heatmap", d, "--cols", "many").status());
        assertEquals(2, Sonde.run("heatmap", d, "--layer", "cpu").status());
        assertEquals(2, Sonde.run("heatmap").status());
    }

    @Test
    void printSqlPrintsTheQueryAndItRunsUnderSondeSql() throws Exception {
        assertEquals(SqlFiles.load("heatmap.sql"), Sonde.run("heatmap", "--print-sql").out());
        Path sql = tmp.resolve("h.sql");
        Files.writeString(sql, "SET VARIABLE heatmap_cols = 20;\n" + SqlFiles.load("heatmap.sql"));
        Result r = Sonde.run("sql", small(), "--file", sql.toString(), "--format", "csv");
        assertEquals("col,slot,count,start_ns,end_ns,cols\r\n"
                + "2,11,3," + T0 + "," + (T0 + 10_000 * MS) + ",20\r\n"
                + "10,8,42," + T0 + "," + (T0 + 10_000 * MS) + ",20\r\n"
                + "19,6,1," + T0 + "," + (T0 + 10_000 * MS) + ",20\r\n", r.out());
    }
}
