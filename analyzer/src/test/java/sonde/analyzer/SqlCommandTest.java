package sonde.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.Sonde.Result;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.Fixtures;
import sonde.analyzer.out.Format;

class SqlCommandTest {
    @TempDir
    Path tmp;

    private String dir() {
        return Fixtures.standard(tmp.resolve("data"), 0).toString();
    }

    @Test
    void printsAnAlignedTableWithARowCount() {
        Result r = Sonde.run("sql", dir(), "SELECT comm, count(*) AS ios FROM disk_io GROUP BY comm ORDER BY ios DESC, comm LIMIT 2");
        assertEquals(0, r.status(), r.err());
        assertEquals("comm  ios\n----  ---\nsh      4\ndd      3\n(2 rows)\n", r.out());
    }

    @Test
    void jsonIsAnArrayOfObjectsInColumnOrder() {
        Result r = Sonde.run("sql", dir(), "SELECT 2 AS b, 'say \"hi\"' AS a, NULL AS n, 1.5::DOUBLE AS d, true AS t,"
                + " [1, 2] AS l, MAP {'k': 3} AS m, {'x': 'y'} AS s, DATE '2026-11-27' AS day", "--format", "json");
        assertEquals(0, r.status(), r.err());
        assertEquals("[\n{\"b\":2,\"a\":\"say \\\"hi\\\"\",\"n\":null,\"d\":1.5,\"t\":true,\"l\":[1,2],\"m\":{\"k\":3},"
                + "\"s\":{\"x\":\"y\"},\"day\":\"2026-11-27\"}\n]\n", r.out());
    }

    @Test
    void jsonOfNoRowsIsAnEmptyArray() {
        assertEquals("[]\n", Sonde.run("sql", dir(), "SELECT * FROM disk_io WHERE false", "--format", "json").out());
    }

    @Test
    void csvQuotesWhatNeedsQuoting() {
        Result r = Sonde.run("sql", dir(), "SELECT 'a,b' AS \"x,y\", 'say \"hi\"' AS q, NULL AS n, 'two' || chr(10) || 'lines' AS l, 3 AS i",
                "--format", "csv");
        assertEquals(0, r.status(), r.err());
        assertEquals("\"x,y\",q,n,l,i\r\n\"a,b\",\"say \"\"hi\"\"\",,\"two\nlines\",3\r\n", r.out());
    }

    @Test
    void readsTheQueryFromStandardInputWhenItIsNotATerminal() {
        Result r = Sonde.runWithStdin("SELECT count(*) AS n FROM disk_io;\n", "sql", dir(), "--format", "csv");
        assertEquals(0, r.status(), r.err());
        assertEquals("n\r\n11\r\n", r.out());
    }

    @Test
    void readsAFileOfStatementsAndPrintsTheLastResult() throws Exception {
        Path q = Files.writeString(tmp.resolve("q.sql"), "-- bytes of one process\nSET VARIABLE pid = 200;\n"
                + "SELECT sum(bytes) AS bytes FROM disk_io WHERE pid = getvariable('pid');\n");
        Result r = Sonde.run("sql", dir(), "--file", q.toString(), "--format", "csv");
        assertEquals(0, r.status(), r.err());
        assertEquals("bytes\r\n32768\r\n", r.out());
    }

    @Test
    void viewsExistForKindsWithoutFiles() {
        Path d = tmp.resolve("io-only");
        Fixtures.diskIo(d, "h1", "r1-0", java.util.List.of());
        Result r = Sonde.run("sql", d.toString(), "SELECT count(*) AS n FROM recording", "--format", "csv");
        assertEquals("n\r\n0\r\n", r.out());
    }

    @Test
    void badSqlIsOneLineAndExitsOne() {
        Result r = Sonde.run("sql", dir(), "SELEC 1");
        assertEquals(1, r.status());
        assertEquals("sonde sql: query failed: Parser Error: syntax error at or near \"SELEC\"\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void directoryProblemsAreOneLinePlusHintAndExitOne() throws Exception {
        Result missing = Sonde.run("sql", tmp.resolve("nope").toString(), "SELECT 1");
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("sonde sql: no such directory: " + tmp.resolve("nope") + "\n"), missing.err());
        Files.createDirectories(tmp.resolve("empty/disk_io"));
        Result empty = Sonde.run("sql", tmp.resolve("empty").toString(), "SELECT 1");
        assertEquals(1, empty.status());
        assertTrue(empty.err().startsWith("sonde sql: no recordings in " + tmp.resolve("empty") + " yet"), empty.err());
        Result plain = Sonde.run("sql", tmp.toString(), "SELECT 1");
        assertEquals("sonde sql: " + tmp + " is not a sonde recording directory (no disk_io/, vfs_io/, cpu_sample/, recording/ or jit_symbol/ inside)\n"
                + "  record one with: sudo sonde record --out " + tmp + "\n", plain.err());
        assertFalse(plain.err().contains("Exception"));
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        String d = dir();
        Result fmt = Sonde.run("sql", d, "SELECT 1", "--format", "xml");
        assertEquals(2, fmt.status());
        assertTrue(fmt.err().startsWith("sonde sql: bad --format 'xml': expected text, json or csv\nUSAGE: sonde sql DIR"), fmt.err());
        Result none = Sonde.runWithStdin("  \n", "sql", d);
        assertEquals(2, none.status());
        assertTrue(none.err().startsWith("sonde sql: no query"), none.err());
        Path q = Files.writeString(tmp.resolve("q.sql"), "SELECT 1");
        assertEquals(2, Sonde.run("sql", d, "SELECT 1", "--file", q.toString()).status());
        assertEquals(2, Sonde.run("sql", d, "SELECT 1", "extra").status());
        assertEquals(1, Sonde.run("sql", d, "--file", tmp.resolve("missing.sql").toString()).status());
    }

    @Test
    void thePromptRunsStatementsAndCarriesOnAfterErrors() throws Exception {
        String input = "SELEC 1;\nSELECT 6 * 7\n  AS answer;\n\n.quit\nSELECT 'not run';\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (Dataset ds = Dataset.open(Path.of(dir()))) {
            status = new SqlPrompt(ds, Format.TEXT, new BufferedReader(new StringReader(input)),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run();
        }
        assertEquals(0, status);
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.startsWith("views: disk_io, vfs_io, cpu_sample, recording, jit_symbol over "), o);
        assertTrue(o.contains("sonde> sonde>    ...> answer\n------\n    42\n(1 row)\nsonde> sonde> "), o);
        assertFalse(o.contains("not run"), o);
        assertEquals("error: query failed: Parser Error: syntax error at or near \"SELEC\"\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void thePromptEndsAtEndOfInput() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Dataset ds = Dataset.open(Path.of(dir()))) {
            assertEquals(0, new SqlPrompt(ds, Format.CSV, new BufferedReader(new StringReader("SELECT 1 AS one;")),
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err).run());
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("sonde> one\r\n1\r\nsonde> \n"));
    }
}
