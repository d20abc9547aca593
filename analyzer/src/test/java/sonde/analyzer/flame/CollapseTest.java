package sonde.analyzer.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reference behaviours of the folding, each on a few lines of perf script. */
class CollapseTest {
    private static final String HEADER = "java 1234/1240 [001] 100.000001: 10 cycles:";

    private static String fold(CollapseOptions o, String... lines) throws IOException {
        return fold(o, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    private static String fold(CollapseOptions o, byte[] input) throws IOException {
        Collapse c = new Collapse(o);
        c.read(new ByteArrayInputStream(input));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void dropsALastStackWithNoBlankLineAfterIt() throws IOException {
        String twice = fold(CollapseOptions.defaults(), HEADER, "\t1 leaf (/bin/x)", "", HEADER, "\t1 leaf (/bin/x)");
        assertEquals("java;leaf 10\n", twice);
    }

    @Test
    void sumsPeriodsAndCountsAMissingOrZeroPeriodAsOne() throws IOException {
        String out = fold(CollapseOptions.defaults(),
                "ab 1 1.0: 7 cpu-clock:", "\t1 f (/x)", "",
                "ab 1 1.0: 0 cpu-clock:", "\t1 f (/x)", "",
                "ab 1 1.0: cpu-clock:", "\t1 f (/x)", "",
                "ab 1 1.0: 00 cpu-clock:", "\t1 f (/x)", "", "");
        assertEquals("ab;f 9\n", out);
    }

    @Test
    void foldsOnlyTheFirstEventTypeUnlessOneIsChosen() throws IOException {
        String[] lines = {"ab 1 1.0: 5 cycles:", "\t1 f (/x)", "", "ab 1 1.0: 3 instructions:", "\t1 g (/x)", "", ""};
        assertEquals("ab;f 5\n", fold(CollapseOptions.defaults(), lines));
        assertEquals("ab;g 3\n", fold(CollapseOptions.defaults().withEventFilter("instructions"), lines));
    }

    @Test
    void namesProcessesWithPidAndTidAsAsked() throws IOException {
        String[] lines = {"V8 Worker 1234/1240 1.0: 1 cycles:", "\t1 f (/x)", "", "solo 77 1.0: 1 cycles:", "\t1 f (/x)", "", ""};
        assertEquals("V8_Worker;f 1\nsolo;f 1\n", fold(CollapseOptions.defaults(), lines));
        assertEquals("V8_Worker-1234;f 1\nsolo-?;f 1\n", fold(CollapseOptions.defaults().withPid(true), lines));
        assertEquals("V8_Worker-1234/1240;f 1\nsolo-?/77;f 1\n", fold(CollapseOptions.defaults().withTid(true), lines));
    }

    @Test
    void annotatesKernelJitAndInlinedFrames() throws IOException {
        String out = fold(CollapseOptions.defaults().withAll(true), "node 5 1.0: 1 cycles:",
                "\tffffffff81000000 do_syscall_64+0x3f ([kernel.kallsyms])",
                "\t7f00 LazyCompile:~run /app.js:3 (/tmp/perf-5.map)",
                "\t4000 outer->inner (/usr/bin/node)",
                "\t4001 main (/usr/bin/node)", "", "");
        assertEquals("node;main;outer;inner_[i];LazyCompile:~run /app.js:3_[j];do_syscall_64_[k] 1\n", out);
    }

    @Test
    void tidiesSignaturesButKeepsGoMethodsAndAnonymousNamespaces() throws IOException {
        // a frame starting with '(' is taken for a process name and dropped, even this one
        String out = fold(CollapseOptions.defaults(), "java 5 1.0: 1 cycles:",
                "\t1 Lorg/x/Y;.call(Lorg/x/Z;)V (/tmp/perf-5.map)",
                "\t2 net/http.(*Client).Do (/bin/go)",
                "\t3 ns::(anonymous namespace)::f(int) (/bin/c)",
                "\t3 (anonymous namespace)::g(int) (/bin/c)",
                "\t4 RegExp:[&<>\\\"\\'] (/tmp/perf-5.map)",
                "\t5 (deleted) (/bin/c)", "", "");
        assertEquals("java;RegExp:[&<>\\\\];ns::(anonymous namespace)::f;net/http.(*Client).Do;org/x/Y:.call 1\n", out);
    }

    @Test
    void namesUnknownSymbolsAfterTheirModuleAndShowsAddressesWhenAsked() throws IOException {
        String[] lines = {"ab 1 1.0: 1 cycles:", "\t1f00 [unknown] (/usr/lib/libc.so.6)", "\t2e00 [unknown] ([unknown])", "", ""};
        assertEquals("ab;[unknown];[libc.so.6] 1\n", fold(CollapseOptions.defaults(), lines));
        assertEquals("ab;[unknown <2e00>];[libc.so.6 <1f00>] 1\n", fold(CollapseOptions.defaults().withAddrs(true), lines));
    }

    @Test
    void framesSharingTheTextAfterTheAddressFoldAlikeUnlessTheAddressCounts() throws IOException {
        String[] lines = {"ab 1 1.0: 1 c:", "\t1f00 [unknown] (/x)", "\t2e00 [unknown] (/x)", "\t2e00 [unknown] (/x)", "", ""};
        assertEquals("ab;[x];[x];[x] 1\n", fold(CollapseOptions.defaults(), lines));
        assertEquals("ab;[x <2e00>];[x <2e00>];[x <1f00>] 1\n", fold(CollapseOptions.defaults().withAddrs(true), lines));
        // with no blank after the address the match backtracks into it: the symbol is its last
        // character, so equal text after the address does not mean an equal frame
        assertEquals("ab;d;b;b 1\n", fold(CollapseOptions.defaults(), "ab 1 1.0: 1 c:", "\t ab (x)", "\t zb (x)", "\t cd (x)", "", ""));
    }

    @Test
    void sortsByBytesAsPerlDoes() throws IOException {
        // UTF-16 order would put U+1F600 (a surrogate pair) before U+FF5E; UTF-8 bytes do not
        String out = fold(CollapseOptions.defaults(), "ab 1 1.0: 1 c:", "\t1 \uD83D\uDE00 (/x)", "",
                "ab 1 1.0: 1 c:", "\t1 \uFF5E (/x)", "", "ab 1 1.0: 1 c:", "\t1 z (/x)", "", "");
        assertEquals("ab;z 1\nab;\uFF5E 1\nab;\uD83D\uDE00 1\n", out);
        Collapse c = new Collapse(CollapseOptions.defaults());
        List.of("ab 1 1.0: 1 c:", "\t1 \uD83D\uDE00 (/x)", "", "ab 1 1.0: 1 c:", "\t1 \uFF5E (/x)", "").forEach(c::acceptLine);
        assertEquals(List.of("ab;\uFF5E", "ab;\uD83D\uDE00"), List.copyOf(c.folded().keySet()));
    }

    @Test
    void printsHugeTotalsAsPerlPrintsNumbers() throws IOException {
        String out = fold(CollapseOptions.defaults(),
                "ab 1 1.0: 18446744073709551615 c:", "\t1 f (/x)", "", "ab 1 1.0: 1 c:", "\t1 f (/x)", "",
                "ab 1 1.0: 123456789012345678901234567890 c:", "\t1 g (/x)", "", "");
        assertEquals("ab;f 1.84467440737096e+19\nab;g 1.23456789012346e+29\n", out);
    }

    @Test
    void survivesBinaryGarbage() throws IOException {
        byte[] noise = new byte[4 << 20];
        new Random(42).nextBytes(noise);
        Collapse c = new Collapse(CollapseOptions.defaults());
        c.read(new ByteArrayInputStream(noise));
        c.writeTo(OutputStreamSink.INSTANCE);
        assertTrue(c.unrecognizedLines() > 0);
    }

    @Test
    void skipsLinesOverTheLimitAndFoldsLongOnesBelowIt() throws IOException {
        String longName = "f".repeat(4 << 20);
        byte[] tooLong = new byte[Collapse.MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(tooLong, (byte) 'x');
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write("ab 1 1.0: 1 c:\n".getBytes(StandardCharsets.US_ASCII));
        in.write(tooLong);
        in.write(("\n\t1 " + longName + " (/x)\n\n").getBytes(StandardCharsets.US_ASCII));
        Collapse c = new Collapse(CollapseOptions.defaults());
        // CPU time, not wall time: a busy host slows the test, not the algorithm
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime();
        c.read(new ByteArrayInputStream(in.toByteArray()));
        assertEquals(1, c.skippedLongLines());
        assertEquals(List.of("ab;" + longName), List.copyOf(c.folded().keySet()));
        assertTrue(cpu.getCurrentThreadCpuTime() - start < 5_000_000_000L, "took over 5 s of CPU time");
    }

    /** Discards output. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
