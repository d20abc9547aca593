package sonde.recorder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.Attacker;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Privileged;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `sonde record` at the edges: bad options exit 2 with usage, unusable setups exit 1 with one line. */
class RecordCommandTest {
    @TempDir
    Path tmp;

    private static Jvm.Result record(Map<String, String> env, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("record"));
        all.addAll(List.of(args));
        return Jvm.run("sonde.recorder.Main", all, env);
    }

    private static void assertUsageError(Jvm.Result r, String reason) {
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("sonde record: " + reason), r.err());
        assertTrue(r.err().contains("USAGE: sonde record"), r.err());
        assertNoStackTrace(r);
    }

    private static void assertUserError(Jvm.Result r, String message) {
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("sonde record: " + message), r.err());
        assertTrue(r.err().lines().count() <= 2, "one or two lines: " + r.err());
        assertNoStackTrace(r);
    }

    private static void assertNoStackTrace(Jvm.Result r) {
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void unknownOptionIsAUsageError() throws Exception {
        assertUsageError(record(Map.of(), "--frobnicate"), "unknown option --frobnicate");
    }

    @Test
    void badDurationNamesTheValue() throws Exception {
        assertUsageError(record(Map.of(), "--duration", "-5s"), "bad --duration '-5s'");
        assertUsageError(record(Map.of(), "--duration", "soon"), "bad --duration 'soon'");
    }

    @Test
    void badPidIsAUsageErrorAndAMissingProcessIsNot() throws Exception {
        assertUsageError(record(Map.of(), "-p", "abc"), "bad --pid 'abc'");
        assertUsageError(record(Map.of(), "-p", "-4"), "bad --pid '-4'");
        assertUserError(record(Map.of(), "-p", "999999999"), "no such process: 999999999");
    }

    @Test
    void badKafkaAddressIsAUsageError() throws Exception {
        assertUsageError(record(Map.of(), "--kafka", "kafka1"), "bad --kafka 'kafka1': expected HOST:PORT");
    }

    @Test
    void anUnresolvableKafkaHostIsOneLineNamingItAndLeavesNoSpool() throws Exception {
        Privileged.requireTracing();
        Jvm.Result r = record(Map.of(), "--duration", "1s", "--kafka", "no-such-host.invalid:9092", "--spool-dir",
                tmp.resolve("spool").toString());
        assertUserError(r, "cannot resolve kafka at no-such-host.invalid:9092: no host name in it resolves");
        assertFalse(Files.exists(tmp.resolve("spool")));
    }

    @Test
    void kafkaDownAtTheStartIsAnOutageNotAnError() throws Exception {
        Privileged.requireTracing();
        Path conf = Files.writeString(tmp.resolve("k.properties"), "sonde.connect.timeout.ms=500\nsonde.close.wait.ms=500\n");
        Path spool = tmp.resolve("spool");
        Jvm.Result r = record(Map.of(), "--disk", "--duration", "2s", "--kafka", "127.0.0.1:1", "--kafka-config", conf.toString(),
                "--spool-dir", spool.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("Kafka unreachable at 127.0.0.1:1 (no answer within 500 ms): spooling events to " + spool
                + " until it answers"), r.err());
        assertTrue(r.err().contains("Left "), "the recording row waits in the spool: " + r.err());
        assertNoStackTrace(r);
    }

    @Test
    void unknownDeviceIsNamed() throws Exception {
        assertUserError(record(Map.of(), "-d", "nosuchdisk9"), "no such block device: nosuchdisk9");
    }

    @Test
    void outputThatIsAFileIsRefused() throws Exception {
        Privileged.requireTracing();
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        assertUserError(record(Map.of(), "--duration", "1s", "-o", file.toString()), "output " + file + " is not a directory");
        assertEquals("x", Files.readString(file), "nothing written over");
    }

    @Test
    void missingTracefsIsOneClearLine() throws Exception {
        Privileged.requireTracing();
        Jvm.Result r = record(Map.of("SONDE_TRACEFS", tmp.resolve("nowhere").toString()), "--duration", "1s",
                "-o", tmp.resolve("out").toString());
        assertUserError(r, "tracefs not found at " + tmp.resolve("nowhere"));
    }

    @Test
    void aSymbolicLinkOfSomeoneElseIsNotFollowed() throws Exception {
        Privileged.requireTracing();
        Path target = Files.createDirectories(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(tmp.resolve("shared-name"), target);
        Files.setAttribute(link, "posix:owner", link.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        assertUserError(record(Map.of(), "--duration", "1s", "-o", link.toString()),
                "output " + link + " is a symbolic link owned by nobody; not following it");
        assertEquals(0, target.toFile().list().length, "nothing written through it");
    }

    /**
     * Issue 14: another user owns a directory in a sticky shared directory and turns it into a
     * link to a directory of root's; {@code record -o SHARED/link/out} must not write through it.
     */
    @Test
    void aLinkOfSomeoneElseInTheMiddleOfTheOutputPathIsNotFollowed() throws Exception {
        Attacker.require();
        Path shared = Attacker.sharedDir(tmp);
        Path target = Files.createDirectories(tmp.resolve("roots-own"));
        Path link = Attacker.symlink(shared.resolve("link"), target);
        Path out = link.resolve("out");
        assertUserError(record(Map.of(), "--duration", "1s", "-o", out.toString()),
                "output " + out + ": " + link + " is a symbolic link owned by nobody; not following it");
        assertEquals(0, target.toFile().list().length, "nothing written through it");
    }

    @Test
    void anOutputDirectoryOfSomeoneElseIsRefused() throws Exception {
        Attacker.require();
        Path theirs = Attacker.mkdir(Attacker.sharedDir(tmp).resolve("theirs"));
        assertUserError(record(Map.of(), "--duration", "1s", "-o", theirs.toString()),
                "output directory " + theirs + " belongs to nobody, not to root; not writing into it");
        assertEquals(0, theirs.toFile().list().length, "nothing written in it");
    }

    @Test
    void anOutputDirectoryOthersMayWriteToIsRefused() throws Exception {
        Privileged.requireTracing();
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertUserError(record(Map.of(), "--duration", "1s", "-o", open.toString()),
                "output directory " + open + " is writable by group and others; not writing into it");
        assertEquals(0, open.toFile().list().length, "nothing written in it");
    }

    @Test
    void profilingAloneNeedsNoTracefs() throws Exception {
        Privileged.requireTracing();
        Privileged.requirePerf();
        Path out = tmp.resolve("profile-only");
        Jvm.Result r = record(Map.of("SONDE_TRACEFS", tmp.resolve("nowhere").toString()), "--profile", "--duration",
                "1s", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().startsWith("Recording profile on "), r.err());
        assertTrue(Files.isDirectory(out.resolve("cpu_sample")), "samples written");
    }

    @Test
    void profilingWithoutPerfPrivilegesIsRefused() throws Exception {
        Privileged.requireTracing();
        Privileged.requireTool("setpriv");
        Path cp = Files.createDirectories(tmp.resolve("cp"));
        tmp.toFile().setExecutable(true, false);
        String classPath = Jvm.worldReadableClassPath(cp);
        String paranoid = Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).trim();
        org.junit.jupiter.api.Assumptions.assumeTrue(Integer.parseInt(paranoid) > 0, "perf_event_paranoid allows it");
        List<String> cmd = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                Jvm.javaBinary(), "-Xmx128m", "-XX:-UsePerfData", "-cp", classPath, "sonde.recorder.Main", "record", "--profile",
                "-o", tmp.resolve("never").toString());
        Jvm.Result r = Jvm.run(cmd, Map.of());
        assertUserError(r, "not permitted to sample CPUs");
        assertTrue(r.err().contains("CAP_PERFMON"), r.err());
    }

    @Test
    void helpExitsZero() throws Exception {
        Jvm.Result r = record(Map.of(), "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("USAGE: sonde record"));
        assertTrue(r.out().contains("EXAMPLES:"));
    }

    @Test
    void refusesWithoutPrivilegesBeforeTouchingAnything() throws Exception {
        Privileged.requireTracing(); // root is needed to become someone else
        Privileged.requireTool("setpriv");
        Path cp = Files.createDirectories(tmp.resolve("cp"));
        tmp.toFile().setExecutable(true, false);
        String classPath = Jvm.worldReadableClassPath(cp);
        Path out = tmp.resolve("never-created");
        List<String> cmd = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                Jvm.javaBinary(), "-Xmx128m", "-XX:-UsePerfData", "-cp", classPath, "sonde.recorder.Main", "record", "-o", out.toString());
        Jvm.Result r = Jvm.run(cmd, Map.of());
        assertUserError(r, "not permitted to trace");
        assertTrue(r.err().contains("run as root"), r.err());
        assertFalse(Files.exists(out), "nothing created");
    }
}
