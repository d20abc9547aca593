package sonde.analyzer.edges;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sonde.analyzer.SondeRun;
import sonde.analyzer.db.Fixtures;
import sonde.recorder.testing.Jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input of every kind, one row each: the exit status, a message of one or two lines that
 * names the problem and the value (for usage errors: the reason, then the usage line), never a
 * stack trace, and the recording directories the commands read are byte-for-byte unchanged.
 */
class BadInputTest {
    @TempDir
    static Path tmp;
    static Path good;
    static Path empty;
    static Path kindsNoFiles;
    static Path truncated;
    static Path garbage;
    static Path newer;
    static Path wrongType;
    static Path notDir;
    static Path binary;
    static Path perfTruncated;
    static Path hugeLine;
    static String before;

    /** A row: the command line (with placeholders), the exit status, and text the message must contain. */
    record Case(String name, List<String> args, int exit, String says, boolean recorder) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void fixtures() throws Exception {
        good = Fixtures.standard(tmp.resolve("good"), 0);
        empty = Files.createDirectories(tmp.resolve("empty"));
        kindsNoFiles = Files.createDirectories(tmp.resolve("nofiles/disk_io/host=h1"));
        kindsNoFiles = kindsNoFiles.getParent().getParent();
        truncated = tmp.resolve("truncated");
        Path ok = Fixtures.diskIo(truncated, "h1", "r1-0", List.of(new Fixtures.Io(Fixtures.T0, 1, "dd", "vda", "W", 4096, 1L)));
        byte[] whole = Files.readAllBytes(ok);
        Files.write(ok, java.util.Arrays.copyOf(whole, whole.length / 2));
        garbage = tmp.resolve("garbage");
        Fixtures.garbage(garbage, "disk_io", "junk.parquet", "PAR1 this is not parquet at all".getBytes(StandardCharsets.UTF_8));
        newer = tmp.resolve("newer");
        Fixtures.standard(newer, 0);
        Fixtures.sql(newer, "disk_io", "future", "SELECT *, 42 AS field_from_the_future FROM read_parquet('"
                + newer + "/disk_io/**/*.parquet')");
        wrongType = tmp.resolve("wrongtype");
        Fixtures.standard(wrongType, 0);
        Fixtures.sql(wrongType, "disk_io", "wrong", "SELECT * REPLACE ('not a number' AS pid) FROM read_parquet('"
                + wrongType + "/disk_io/**/*.parquet')");
        notDir = Files.writeString(tmp.resolve("plain-file"), "hello");
        binary = tmp.resolve("binary.txt");
        byte[] junk = new byte[1 << 20];
        new java.util.Random(7).nextBytes(junk);
        Files.write(binary, junk);
        perfTruncated = Files.writeString(tmp.resolve("perf-truncated.txt"),
                "dd 1234/1234 [001] 100.000001: cpu-clock:\n\tffffffff8100 do_thing ([kernel.kallsyms])\n\t4005d0 main (/bin/dd");
        hugeLine = tmp.resolve("huge-line.txt");
        Files.writeString(hugeLine, "x".repeat(8 << 20) + "\n");
        before = digest(tmp);
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        // analyzer: directories and files
        c.add(a("top without DIR", 2, "missing DIR", "top"));
        c.add(a("top missing dir", 1, "no such directory", "top", "@/nope"));
        c.add(a("top on a file", 1, "plain-file", "top", "@plain-file"));
        c.add(a("top empty dir", 1, "not a sonde recording directory", "top", "@empty"));
        c.add(a("top kind dirs, no files", 1, "no recordings in", "top", "@nofiles"));
        c.add(a("top truncated parquet", 1, ".parquet", "top", "@truncated"));
        c.add(a("top garbage parquet", 1, "junk.parquet", "top", "@garbage"));
        c.add(a("top newer schema file", 0, "", "top", "@newer"));
        c.add(a("top wrong column type", 1, "", "top", "@wrongtype"));
        c.add(a("cache on a truncated file", 1, ".parquet", "cache", "@truncated"));
        c.add(a("flame on garbage", 1, "", "flame", "@garbage", "--folded"));
        // analyzer: options
        c.add(a("top bad --by", 2, "bad --by 'foo'", "top", "@good", "--by", "foo"));
        c.add(a("top negative interval", 2, "bad --interval '-5s'", "top", "@good", "--interval", "-5s"));
        c.add(a("top zero interval", 2, "bad --interval '0'", "top", "@good", "--interval", "0"));
        c.add(a("top zero rows", 2, "bad --rows '0'", "top", "@good", "-n", "0"));
        c.add(a("top rows not a number", 2, "bad --rows 'abc'", "top", "@good", "-n", "abc"));
        c.add(a("top pid not a number", 2, "bad --pid 'abc'", "top", "@good", "-p", "abc"));
        c.add(a("top negative pid", 2, "bad --pid '-5'", "top", "@good", "-p", "-5"));
        c.add(a("top bad format", 2, "xml", "top", "@good", "--format", "xml"));
        c.add(a("top unknown option", 2, "unknown option --nope", "top", "@good", "--nope"));
        c.add(a("top extra argument", 2, "unexpected argument 'extra'", "top", "@good", "extra"));
        c.add(a("top injection is just a name", 0, "", "top", "@good", "-c", "x'; DROP TABLE disk_io; --"));
        c.add(a("cache bad format", 2, "csvv", "cache", "@good", "--format", "csvv"));
        c.add(a("cache rows too many", 2, "bad --rows", "cache", "@good", "-n", "99999999999"));
        c.add(a("flame unwritable output", 1, "cannot write", "flame", "@good", "-o", "/nonexistent/dir/x.svg"));
        c.add(a("flame bad --from", 2, "bad --from 'yesterday'", "flame", "@good", "--from", "yesterday"));
        c.add(a("flame bad offset", 2, "bad --from '+5x'", "flame", "@good", "--from", "+5x"));
        c.add(a("flame --to before --from", 2, "not after --from", "flame", "@good", "--from", "+2s", "--to", "+1s"));
        c.add(a("flame missing diff dir", 1, "no such directory", "flame", "@good", "--diff", "@/nope", "-o", "-"));
        c.add(a("flame tiny width", 2, "bad --width '10'", "flame", "@good", "--width", "10"));
        c.add(a("flame on no samples is an empty graph", 0, "", "flame", "@good", "-o", "-"));
        // analyzer: sql
        c.add(a("sql syntax error", 1, "Parser Error", "sql", "@good", "SELEC 1"));
        c.add(a("sql unknown table", 1, "nope", "sql", "@good", "SELECT * FROM nope"));
        c.add(a("sql empty query", 2, "no query", "sql", "@good", ""));
        c.add(a("sql missing --file", 1, "cannot read --file", "sql", "@good", "--file", "@/none.sql"));
        c.add(a("sql bad format", 2, "yaml", "sql", "@good", "--format", "yaml", "SELECT 1"));
        // analyzer: collapse
        c.add(a("collapse missing file", 1, "cannot read", "collapse", "@/nope.txt"));
        c.add(a("collapse unknown option", 2, "unknown option --bogus", "collapse", "--bogus"));
        c.add(a("collapse binary garbage", 0, "", "collapse", "@binary.txt"));
        c.add(a("collapse truncated perf script", 0, "", "collapse", "@perf-truncated.txt"));
        c.add(a("collapse one huge line", 0, "", "collapse", "@huge-line.txt"));
        c.add(a("collapse a directory", 1, "cannot read", "collapse", "@empty"));
        // analyzer: commands
        c.add(a("unknown command", 2, "unknown command 'frobnicate'", "frobnicate"));
        c.add(a("verify unknown option", 2, "unknown option --bogus", "verify", "--bogus"));
        c.add(a("verify extra argument", 2, "unexpected argument", "verify", "now"));
        // recorder (its own JVM)
        c.add(r("record unknown option", 2, "unknown option --frobnicate", "--frobnicate"));
        c.add(r("record negative duration", 2, "bad --duration '-1s'", "--duration", "-1s"));
        c.add(r("record duration not a duration", 2, "bad --duration 'soon'", "--duration", "soon"));
        c.add(r("record pid not a number", 2, "bad --pid 'abc'", "-p", "abc"));
        c.add(r("record no such pid", 1, "no such process: 999999999", "-p", "999999999"));
        c.add(r("record no such device", 1, "no such block device: nosuch0", "-d", "nosuch0"));
        c.add(r("record zero buffer", 2, "bad --buffer-mb '0'", "--buffer-mb", "0"));
        c.add(r("record huge buffer", 2, "bad --buffer-mb '99999999'", "--buffer-mb", "99999999"));
        c.add(r("record buffer beyond the host's memory", 2, "more than a quarter of this host's", "--buffer-mb", "4096"));
        c.add(r("record zero profile rate", 2, "bad --profile '0'", "--profile=0"));
        c.add(r("record profile rate not a number", 2, "bad --profile 'fast'", "--profile=fast"));
        c.add(r("record zero rotate size", 2, "bad --rotate-size '0'", "--rotate-size", "0"));
        c.add(r("record empty comm", 2, "bad --comm ''", "-c", ""));
        c.add(r("record extra argument", 2, "unexpected argument 'now'", "now"));
        return c.stream();
    }

    private static Case a(String name, int exit, String says, String... args) {
        return new Case(name, List.of(args), exit, says, false);
    }

    private static Case r(String name, int exit, String says, String... args) {
        return new Case(name, List.of(args), exit, says, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersClearlyAndDamagesNothing(Case c) throws Exception {
        List<String> args = c.args().stream().map(BadInputTest::resolve).toList();
        int exit;
        String err;
        if (c.recorder()) {
            List<String> all = new ArrayList<>(List.of("record"));
            all.addAll(args);
            Jvm.Result r = Jvm.run("sonde.recorder.Main", all, Map.of());
            exit = r.exit();
            err = r.err();
        } else {
            SondeRun.Output o = SondeRun.run(args.toArray(String[]::new));
            exit = o.status();
            err = o.err();
        }
        assertEquals(c.exit(), exit, c.name() + ": " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
        if (exit != 0) {
            assertTrue(err.contains(c.says()), "names the problem (" + c.says() + "): " + err);
            long lines = err.lines().count();
            assertTrue(exit == 2 ? lines >= 2 && lines <= 4 && err.contains("USAGE: ") : lines <= 2,
                    "short message: " + err);
        }
        assertEquals(before, digest(tmp), "nothing already written is changed");
    }

    private static String resolve(String arg) {
        if (arg.startsWith("@/")) {
            return tmp.resolve(arg.substring(2)).toString();
        }
        return arg.startsWith("@") ? tmp.resolve(arg.substring(1)).toString() : arg;
    }

    /** A digest of every file under dir (paths and bytes). */
    static String digest(Path dir) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    md.update(dir.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                    md.update(Files.readAllBytes(p));
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
