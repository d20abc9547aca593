package sonde.analyzer.edges;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sonde.analyzer.SondeRun;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.Fixtures;
import sonde.analyzer.db.Recorded;
import sonde.analyzer.export.SampleFixtures;
import sonde.recorder.testing.Attacker;
import sonde.recorder.testing.Jvm;
import sonde.recorder.tracefs.Privileges;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
    static Path hostile;
    static Path oddFiles;
    static Path nulls;
    static Path corrupt;
    static Path perfData;
    static String before;
    /** Special files made for the rows, and what each must still be after every row. */
    static final Map<Path, String> SPECIAL = new java.util.LinkedHashMap<>();

    /**
     * A row: the command line (with placeholders), the exit status, and text the message must
     * contain; {@code stdout} a file the command's standard output goes to (then it runs in a
     * JVM of its own), or null to capture it; {@code out} what must hold of what it printed.
     */
    record Case(String name, List<String> args, int exit, String says, boolean recorder, String stdout,
                Consumer<String> out, Consumer<String> err) {
        @Override
        public String toString() {
            return name;
        }

        /** This row with its standard output sent to {@code file}. */
        Case stdout(String file) {
            return new Case(name, args, exit, says, recorder, file, out, err);
        }

        /** This row with a check of what it printed. */
        Case out(Consumer<String> check) {
            return new Case(name, args, exit, says, recorder, stdout, check, err);
        }

        /** This row with a check of what it printed on standard error. */
        Case err(Consumer<String> check) {
            return new Case(name, args, exit, says, recorder, stdout, out, check);
        }
    }

    /** A process name that clears the screen and forges a row of root's (issue 14). */
    static final String HOSTILE_COMM = "\u001b[2J\u001b[H\nroot 1 W";

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
        hostile = hostileRecording(tmp.resolve("hostile"));
        oddFiles = oddFiles(tmp.resolve("oddfiles"));
        nulls = tmp.resolve("nulls");
        Path nullsGood = Fixtures.standard(nulls, 0).resolve("disk_io/host=h1/date=2026-11-27/r1-0.parquet");
        Fixtures.sql(nulls, "disk_io", "nulls", "SELECT * REPLACE (NULL::VARCHAR AS comm) FROM read_parquet('" + nullsGood + "')");
        corrupt = tmp.resolve("corrupt");
        damageThePages(Fixtures.standard(corrupt, 0).resolve("disk_io/host=h1/date=2026-11-27/r1-0.parquet"));
        perfData = Files.write(tmp.resolve("perf.data"), java.util.Arrays.copyOf("PERFILE2".getBytes(StandardCharsets.US_ASCII), 4096));
        // a directory of another program, and another program's files inside a recording
        Path app = Files.createDirectories(tmp.resolve("app/cache"));
        Files.writeString(app.resolve(".cache.parquet.tmp"), "another program's half-written file");
        Files.writeString(app.resolve("data.parquet"), "another program's file, not Parquet at all");
        Fixtures.standard(tmp.resolve("stranger"), 0);
        Files.writeString(tmp.resolve("stranger/disk_io/.cache.parquet.tmp"), "another program's half-written file");
        // glob characters in names are literal: rec? is not recZ
        for (String name : List.of("rec[1]", "rec?", "recZ", "rec*", "rec\\x")) {
            Fixtures.standard(tmp.resolve(name), 0);
        }
        traps();
        before = digest(tmp);
    }

    /**
     * The standard recording with eight odd things beside its disk_io file: a cpu_sample file, a
     * Parquet file of another schema, an empty and a cut-short file, a directory, a FIFO (which
     * would hang a reader), a link to nothing and an empty file with a hostile name, each named
     * *.parquet.
     */
    private static Path oddFiles(Path dir) throws Exception {
        Fixtures.standard(dir, 0);
        Path disk = dir.resolve("disk_io/host=h1/date=2026-11-27");
        Path samples = SampleFixtures.write(tmp.resolve("samples-only"), "r9",
                List.of(SampleFixtures.sample(0, 7, 7, "x", SampleFixtures.PERIOD_NS, "/bin/x:main")));
        try (Stream<Path> s = Files.walk(samples.resolve("cpu_sample"))) {
            Files.copy(s.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow(), disk.resolve("samples.parquet"));
        }
        Fixtures.sql(dir, "disk_io", "other-schema", "SELECT 1 AS a, 'x' AS b");
        Files.createFile(disk.resolve("empty.parquet"));
        byte[] whole = Files.readAllBytes(disk.resolve("r1-0.parquet"));
        Files.write(disk.resolve("cut.parquet"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.createDirectory(disk.resolve("dir.parquet"));
        Process fifo = new ProcessBuilder("mkfifo", disk.resolve("fifo.parquet").toString()).start();
        assertEquals(0, fifo.waitFor(), "mkfifo");
        SPECIAL.put(disk.resolve("fifo.parquet"), "p");
        Files.createSymbolicLink(disk.resolve("gone.parquet"), tmp.resolve("nowhere"));
        Files.createFile(disk.resolve("evil" + HOSTILE_COMM + ".parquet"));
        return dir;
    }

    /** Overwrites the pages of a Parquet file, leaving its footer (and PAR1 at both ends) whole. */
    private static void damageThePages(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int footer = java.nio.ByteBuffer.wrap(b, b.length - 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        for (int i = 4; i < b.length - 8 - footer; i++) {
            b[i] = (byte) (i * 31);
        }
        Files.write(file, b);
    }

    private static void noControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            assertTrue(text.charAt(i) == '\n' || !Character.isISOControl(text.charAt(i)), "control character in: " + text);
        }
    }

    /** Warnings, one line each, that name what was skipped. */
    private static Consumer<String> warns(String... skipped) {
        return err -> {
            for (String s : skipped) {
                assertTrue(err.lines().anyMatch(l -> l.contains(": warning: skipped ") && l.contains(s)), "warns of " + s + ": " + err);
            }
        };
    }

    /** A recording in which one process has {@link #HOSTILE_COMM} for a name: disk, file and CPU rows. */
    private static Path hostileRecording(Path dir) {
        new Recorded().disk(Fixtures.T0 + 100 * Fixtures.MS, 666, HOSTILE_COMM, "vda", "W", 1_000_000L)
                .disk(Fixtures.T0 + 200 * Fixtures.MS, 100, "dd", "vda", "W", 2_000_000L)
                .vfs(Fixtures.T0 + 300 * Fixtures.MS, 666, HOSTILE_COMM, "read", "ext4", "vda", "/etc/\u001b]0;owned\u0007", 1000)
                .write(dir, Fixtures.T0, Fixtures.T0 + 10_000 * Fixtures.MS);
        SampleFixtures.write(dir, "r1", List.of(SampleFixtures.sample(0, 666, 666, HOSTILE_COMM, SampleFixtures.PERIOD_NS,
                "/bin/x:main\u001b[31m", "[kernel.kallsyms]:do_syscall_64")));
        return dir;
    }

    /**
     * What other local users and the host's special files put in the way of the rows of issue 14:
     * nobody's link and directory in a sticky shared directory, nobody's spool with a lock link to
     * a file of root's, root's own spool with such a link, device nodes and FIFOs. Without root
     * (and setpriv) there are none, and their rows are left out.
     */
    private static void traps() throws Exception {
        Files.writeString(tmp.resolve("victim"), "root's precious file\n");
        Path rootsDir = Files.createDirectories(tmp.resolve("roots-dir"));
        Files.writeString(rootsDir.resolve("keep.txt"), "kept\n");
        Path spool = Files.createDirectory(tmp.resolve("spool-with-lock-link"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(spool.resolve("lock"), tmp.resolve("victim"));
        Path open = Files.createDirectory(tmp.resolve("open-dir"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Process fifo = new ProcessBuilder("mkfifo", tmp.resolve("fifo").toString()).start();
        assertEquals(0, fifo.waitFor(), "mkfifo");
        SPECIAL.put(tmp.resolve("fifo"), "p");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(tmp.resolve("huge.sql").toFile(), "rw")) {
            f.setLength(17 << 20); // sparse: a few blocks on disk
        }
        if (!canAttack()) {
            assertFalse("true".equals(System.getenv("CI")), "CI=true, but the rows of other users' traps need root and setpriv");
            return;
        }
        Path shared = Attacker.sharedDir(tmp);
        Attacker.symlink(shared.resolve("link"), rootsDir);
        Attacker.mkdir(shared.resolve("theirs"));
        Attacker.mkdir(shared.resolve("their-spool"));
        Attacker.symlink(shared.resolve("their-spool/lock"), tmp.resolve("victim"));
        SPECIAL.put(Attacker.mkfifo(shared.resolve("their-fifo")), "p");
        // private copies of /dev/null, /dev/full and a block device: a row that replaced one
        // would replace these, not the host's
        SPECIAL.put(mknod(tmp.resolve("null"), "c", 1, 3), "c");
        SPECIAL.put(mknod(tmp.resolve("full"), "c", 1, 7), "c");
        SPECIAL.put(mknod(tmp.resolve("blockdev"), "b", 7, 255), "b");
    }

    private static boolean canAttack() {
        return Privileges.canTrace() && Files.isExecutable(Path.of("/usr/bin/setpriv"));
    }

    private static Path mknod(Path p, String type, int major, int minor) throws Exception {
        Process m = new ProcessBuilder("mknod", "-m", "666", p.toString(), type, String.valueOf(major),
                String.valueOf(minor)).redirectErrorStream(true).start();
        String out = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, m.waitFor(), "mknod " + p + ": " + out);
        return p;
    }

    /** The file type as stat -c %F begins: c, b, p, or - for a regular file. */
    private static String type(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
        return switch (mode) {
            case 0020000 -> "c";
            case 0060000 -> "b";
            case 0010000 -> "p";
            case 0100000 -> "-";
            default -> Integer.toOctalString(mode);
        };
    }

    /** Text output with nothing a terminal would act on, and no line that the hostile name started. */
    private static void printable(String out) {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            assertTrue(c == '\n' || !Character.isISOControl(c), "control character " + (int) c + " in: " + out);
        }
        assertFalse(out.lines().anyMatch(l -> l.startsWith("root")), "a forged line: " + out);
        // (folded stacks show its blanks as '_', as stackcollapse-perf.pl does)
        assertTrue(out.contains("\\033[2J\\033[H\\nroot"), "the name, escaped: " + out);
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
        c.add(a("top wrong column type", 0, "", "top", "@wrongtype")
                .err(warns("wrong.parquet: its column pid holds text values, where disk_io has whole-number")));
        c.add(a("cache on a truncated file", 1, ".parquet", "cache", "@truncated"));
        c.add(a("flame on garbage", 1, "", "flame", "@garbage", "--folded"));
        // issue 14, item 11: odd files are skipped, each named in a warning on stderr (stdout stays data)
        c.add(a("top with odd files", 0, "", "top", "@oddfiles", "--format", "json")
                .out(o -> assertTrue(o.contains("\"comm\":\"dd\",\"device\":\"vda\",\"op\":\"W\",\"ios\":3,"), "dd's 3 writes, once: " + o))
                .err(warns("dir.parquet: a directory, not a file", "fifo.parquet: not a regular file", "gone.parquet: a link to nothing",
                        "empty.parquet: empty (0 bytes)", "evil\\033[2J\\033[H\\nroot 1 W.parquet: empty (0 bytes)",
                        "skipped 3 more odd file(s) in " + tmp.resolve("oddfiles")).andThen(BadInputTest::noControlCharacters)));
        c.add(a("sql csv with odd files: only the CSV on stdout", 0, "", "sql", "@oddfiles", "--format", "csv",
                "SELECT count(*) AS n FROM disk_io").out(o -> assertEquals("n\r\n11\r\n", o))
                .err(e -> assertEquals(Dataset.WARNED_FILES + 1, e.lines().count(), e)));
        c.add(a("cache with odd files", 0, "", "cache", "@oddfiles").err(warns("dir.parquet")));
        c.add(a("flame --folded with odd files", 0, "", "flame", "@oddfiles", "--folded").err(warns("dir.parquet")));
        c.add(a("latency json with odd files", 0, "", "latency", "@oddfiles", "--format", "json")
                .out(o -> assertTrue(o.startsWith("{"), o)).err(warns("dir.parquet")));
        c.add(a("top NULLs in a non-null column", 1, "nulls.parquet: its column comm holds NULL in 11 row(s)", "top", "@nulls"));
        c.add(a("sql NULLs in a non-null column", 1, "its column comm holds NULL", "sql", "@nulls", "SELECT 1"));
        // issue 14, item 16: a file damaged in the middle (footer whole) is named
        c.add(a("top a damaged page", 1, "failed to read " + tmp.resolve("corrupt/disk_io/host=h1/date=2026-11-27/r1-0.parquet"),
                "top", "@corrupt"));
        c.add(a("sql a damaged page", 1, "r1-0.parquet", "sql", "@corrupt", "SELECT sum(bytes) FROM disk_io"));
        // issue 14, item 16: an empty path names nothing, on every command that takes one
        c.add(a("flame -o ''", 2, "bad --output '': an empty path names no file", "flame", "@good", "-o", ""));
        c.add(a("heatmap -o ''", 2, "bad --output ''", "heatmap", "@good", "-o", ""));
        c.add(a("report -o ''", 2, "bad --output ''", "report", "@good", "-o", ""));
        c.add(a("export -o ''", 2, "bad --output ''", "export", "pprof", "@hostile", "-o", ""));
        c.add(a("import --out ''", 2, "bad --out '': an empty path names no directory", "import", "perf-script",
                "@perf-truncated.txt", "--out", ""));
        c.add(a("ingest -o ''", 2, "bad --out ''", "ingest", "--kafka", "127.0.0.1:9", "-o", ""));
        c.add(a("sql --file ''", 2, "bad --file ''", "sql", "@good", "--file", ""));
        c.add(a("verify --dir ''", 2, "bad --dir ''", "verify", "--dir", ""));
        c.add(a("flame --diff ''", 2, "bad --diff ''", "flame", "@good", "--diff", "", "-o", "-"));
        c.add(a("top ''", 2, "bad DIR '': an empty path names no directory", "top", ""));
        c.add(a("import ''", 2, "bad FILE ''", "import", "perf-script", "", "--out", "@/imported-empty"));
        c.add(r("record -o ''", 2, "bad --out ''", "-o", ""));
        // issue 14, item 16: no Java exception names (once "NoSuchFile /proc/nope/imported")
        c.add(a("import --out under /proc", 1, "cannot create output directory /proc/nope/imported: no such file or directory",
                "import", "perf-script", "@perf-truncated.txt", "--out", "/proc/nope/imported"));
        // issue 14, item 15: what is not perf script text is refused
        c.add(a("import random bytes", 1, "is not perf script text", "import", "perf-script", "@binary.txt", "--out",
                "@/imported-junk"));
        c.add(a("import a perf.data file", 1, "is a perf.data file, not perf script output", "import", "perf-script",
                "@perf.data", "--out", "@/imported-perf-data"));
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
        // issue 14, item 8: repair changes only what a recording owns
        c.add(a("repair a directory that is no recording", 1, "is not a sonde recording directory", "repair", "@app"));
        c.add(a("repair / does not walk the host", 1, "/ is not a sonde recording directory", "repair", "/", "--dry-run"));
        c.add(a("repair leaves another program's file in a recording", 0, "", "repair", "@stranger")
                .out(o -> assertTrue(o.startsWith("0 unfinished file(s) removed, 0 unreadable"), o)));
        // issue 14, item 10: glob characters in a directory name are literal
        for (String name : List.of("rec[1]", "rec?", "rec*", "rec\\x")) {
            c.add(a("sql on " + name, 0, "", "sql", "@" + name, "--format", "csv", "SELECT count(*) AS n FROM disk_io")
                    .out(o -> assertEquals("n\r\n11\r\n", o, "only " + name + "'s 11 requests")));
        }
        c.add(a("top on rec?", 0, "", "top", "@rec?", "--format", "json").out(o -> assertTrue(
                o.contains("\"comm\":\"dd\",\"device\":\"vda\",\"op\":\"W\",\"ios\":3,"), "dd's 3 writes, once: " + o)));
        // issue 14, item 12: files that options name are bounded, and only regular files
        c.add(a("sql --file /dev/zero", 1, "cannot read --file /dev/zero: not a regular file", "sql", "@good", "--file",
                "/dev/zero"));
        c.add(a("sql --file a FIFO without a writer", 1, "not a regular file", "sql", "@good", "--file", "@fifo"));
        c.add(a("sql --file over 16 MiB", 1, "larger than 16 MiB", "sql", "@good", "--file", "@huge.sql"));
        c.add(a("ingest --kafka-config /dev/zero", 1, "cannot read --kafka-config /dev/zero: not a regular file",
                "ingest", "--kafka", "127.0.0.1:9", "--out", "@/ingested", "--kafka-config", "/dev/zero"));
        c.add(r("record --kafka-config /dev/zero", 1, "cannot read --kafka-config /dev/zero: not a regular file",
                "--kafka", "127.0.0.1:9", "--kafka-config", "/dev/zero"));
        c.add(r("record --kafka-config a FIFO without a writer", 1, "not a regular file", "--kafka", "127.0.0.1:9",
                "--kafka-config", "@fifo"));
        // issue 14, item 4: names that processes give themselves reach the terminal escaped
        c.add(a("top: a hostile process name", 0, "", "top", "@hostile").out(BadInputTest::printable));
        c.add(a("cache: a hostile process name", 0, "", "cache", "@hostile").out(BadInputTest::printable));
        c.add(a("latency by process: a hostile name", 0, "", "latency", "@hostile", "--by", "process")
                .out(BadInputTest::printable));
        c.add(a("flame --folded: a hostile name", 0, "", "flame", "@hostile", "--folded").out(BadInputTest::printable));
        c.add(a("sql text: a hostile name", 0, "", "sql", "@hostile", "SELECT comm FROM disk_io").out(BadInputTest::printable));
        c.add(a("top json: the hostile name exact", 0, "", "top", "@hostile", "--format", "json")
                .out(o -> assertTrue(o.contains("\"comm\":\"\\u001b[2J\\u001b[H\\nroot 1 W\""), o)));
        c.add(a("sql csv: the hostile name exact", 0, "", "sql", "@hostile", "--format", "csv",
                "SELECT comm FROM disk_io WHERE pid = 666").out(o -> assertEquals("comm\r\n\"" + HOSTILE_COMM + "\"\r\n", o)));
        // issue 14, item 5: what cannot be written to standard output is an error
        c.add(a("sql csv to a full disk", 1, "sonde sql: cannot write standard output: No space left on device", "sql",
                "@good", "--format", "csv", "SELECT * FROM disk_io").stdout("/dev/full"));
        c.add(a("flame --folded to a full disk", 1, "cannot write standard output: No space left on device", "flame",
                "@hostile", "--folded").stdout("/dev/full"));
        c.add(a("top json to a full disk", 1, "cannot write standard output: No space left on device", "top", "@good",
                "--format", "json").stdout("/dev/full"));
        c.add(a("flame -o - to a full disk", 1, "cannot write standard output", "flame", "@hostile", "-o", "-")
                .stdout("/dev/full"));
        c.add(a("version to a full disk", 1, "cannot write standard output", "--version").stdout("/dev/full"));
        c.add(r("record --help to a full disk", 1, "cannot write standard output", "--help").stdout("/dev/full"));
        // issue 14, items 1-3: traps other users lay for root, and the host's special files
        c.add(r("record --kafka: a spool with a lock link", 1, "lock is a symbolic link; not following it",
                "--kafka", "127.0.0.1:9", "--spool-dir", "@spool-with-lock-link", "--duration", "1s"));
        c.add(r("record -o: a directory others may write to", 1, "is writable by group and others", "-o", "@open-dir",
                "--duration", "1s"));
        c.add(a("import --out: a directory others may write to", 1, "is writable by group and others",
                "import", "perf-script", "@perf-truncated.txt", "--out", "@open-dir"));
        if (canAttack()) {
            c.add(r("record --kafka: a spool that another user made", 1, "belongs to nobody, not to root",
                    "--kafka", "127.0.0.1:9", "--spool-dir", "@shared/their-spool", "--duration", "1s"));
            c.add(r("record -o: through another user's link", 1, "is a symbolic link owned by nobody; not following it",
                    "-o", "@shared/link/out", "--duration", "1s"));
            c.add(r("record -o: another user's directory", 1, "belongs to nobody, not to root", "-o", "@shared/theirs",
                    "--duration", "1s"));
            c.add(a("report -o: through another user's link", 1, "is a symbolic link owned by nobody; not following it",
                    "report", "@good", "-o", "@shared/link/report.html"));
            c.add(a("import --out: through another user's link", 1, "is a symbolic link owned by nobody",
                    "import", "perf-script", "@perf-truncated.txt", "--out", "@shared/link/imported"));
            c.add(a("import --out: another user's directory", 1, "belongs to nobody, not to root",
                    "import", "perf-script", "@perf-truncated.txt", "--out", "@shared/theirs"));
            c.add(a("verify --dir: through another user's link", 1, "is a symbolic link owned by nobody",
                    "verify", "--dir", "@shared/link/scratch"));
            c.add(a("flame -o: another user's FIFO", 1, "is a FIFO owned by nobody; not writing into it",
                    "flame", "@hostile", "-o", "@shared/their-fifo"));
            c.add(a("flame -o: a device like /dev/null is written into", 0, "", "flame", "@hostile", "-o", "@null"));
            c.add(a("report -o: a device like /dev/null is written into", 0, "", "report", "@good", "-o", "@null"));
            c.add(a("heatmap -o: a device like /dev/null is written into", 0, "", "heatmap", "@good", "-o", "@null"));
            c.add(a("export -o: a device like /dev/null is written into", 0, "", "export", "pprof", "@hostile", "-o", "@null"));
            c.add(a("flame -o: a device like /dev/full says it is full", 1, "No space left on device",
                    "flame", "@hostile", "-o", "@full"));
            c.add(a("flame -o: a block device is refused", 1, "is a block device; not writing over it",
                    "flame", "@hostile", "-o", "@blockdev"));
        }
        return c.stream();
    }

    private static Case a(String name, int exit, String says, String... args) {
        return new Case(name, List.of(args), exit, says, false, null, null, null);
    }

    private static Case r(String name, int exit, String says, String... args) {
        return new Case(name, List.of(args), exit, says, true, null, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a row that hangs fails
    void answersClearlyAndDamagesNothing(Case c) throws Exception {
        List<String> args = c.args().stream().map(BadInputTest::resolve).toList();
        int exit;
        String err;
        String out;
        if (c.recorder() || c.stdout() != null) {
            List<String> all = new ArrayList<>(c.recorder() ? List.of("record") : List.of());
            all.addAll(args);
            List<String> cmd = Jvm.command(c.recorder() ? "sonde.recorder.Main" : "sonde.analyzer.Main", all);
            Jvm.Result r = Jvm.run(cmd, Map.of(), c.stdout() == null ? null : Path.of(c.stdout()));
            exit = r.exit();
            err = r.err();
            out = r.out();
        } else {
            SondeRun.Output o = SondeRun.run(args.toArray(String[]::new));
            exit = o.status();
            err = o.err();
            out = o.out();
        }
        assertEquals(c.exit(), exit, c.name() + ": " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
        assertFalse(err.contains("NoSuchFile") || err.contains("java.") || err.contains("internal error"),
                "no Java names, no internal error: " + err);
        if (exit != 0) {
            assertTrue(err.contains(c.says()), "names the problem (" + c.says() + "): " + err);
            long lines = err.lines().count();
            assertTrue(exit == 2 ? lines >= 2 && lines <= 4 && err.contains("USAGE: ") : lines <= 2,
                    "short message: " + err);
        }
        if (c.out() != null) {
            c.out().accept(out);
        }
        if (c.err() != null) {
            c.err().accept(err);
        }
        assertEquals(before, digest(tmp), "nothing already written is changed");
        for (Map.Entry<Path, String> e : SPECIAL.entrySet()) {
            assertEquals(e.getValue(), type(e.getKey()), e.getKey() + " is still what it was");
        }
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
