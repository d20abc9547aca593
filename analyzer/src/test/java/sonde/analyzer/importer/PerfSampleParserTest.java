package sonde.analyzer.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sonde.schema.CpuSample;
import sonde.schema.Frame;

class PerfSampleParserTest {
    private final List<CpuSample> rows = new ArrayList<>();

    private PerfSampleParser parse(String event, String text) throws IOException {
        PerfSampleParser p = new PerfSampleParser("r1", event, rows::add);
        for (String line : text.split("\n", -1)) {
            p.accept(line, false);
        }
        p.finish();
        return p;
    }

    private PerfSampleParser parse(String text) throws IOException {
        return parse(null, text);
    }

    private static String names(CpuSample s) {
        return String.join(";", s.getFrames().stream().map(Frame::getName).toList());
    }

    @Test
    void readsEveryHeaderShapePerfPrints() throws IOException {
        // one parse each: only one event type is imported from an input
        for (String header : List.of(
                "java 24636/25607 [003] 4794564.109216:     1000000 cpu-clock:",
                "V8 WorkerThread 25607 4794564.109217: 104345 cycles:",
                "swapper     0 [000]  1234.500000: cpu-clock:",
                "java 19983 cycles:",
                "perf 7 [001] 12.000000001: 3 cpu-clock:u:")) {
            parse(header + "\n\t  7f01 f (/x)\n\n");
        }
        assertEquals(5, rows.size());
        CpuSample a = rows.get(0);
        assertEquals(List.of(24636, 25607, 3, "java", 4_794_564_109_216_000L, 1_000_000L),
                List.of(a.getPid(), a.getTid(), a.getCpu(), a.getComm(), a.getTsNs(), a.getPeriodNs()));
        CpuSample b = rows.get(1);
        assertEquals(List.of(25607, 25607, -1, "V8 WorkerThread", 4_794_564_109_217_000L, 0L),
                List.of(b.getPid(), b.getTid(), b.getCpu(), b.getComm(), b.getTsNs(), b.getPeriodNs()), "cycles: no CPU time");
        CpuSample c = rows.get(2);
        assertEquals(List.of(0, 0, 0, "swapper", 1_234_500_000_000L, 0L),
                List.of(c.getPid(), c.getTid(), c.getCpu(), c.getComm(), c.getTsNs(), c.getPeriodNs()), "no period printed");
        CpuSample d = rows.get(3);
        assertEquals(List.of(19983, 19983, -1, 0L), List.of(d.getPid(), d.getTid(), d.getCpu(), d.getTsNs()));
        CpuSample e = rows.get(4);
        assertEquals(List.of(1, 12_000_000_001L, 3L), List.of(e.getCpu(), e.getTsNs(), e.getPeriodNs()), "--ns and a :u modifier");
    }

    @Test
    void storesFramesRootFirstWithTheOffsetGoneAndTheNameAsPrinted() throws IOException {
        parse("""
                java 1 1.0: cycles:
                \tffffffff8104f45a native_write_msr_safe+0x1a ([kernel.kallsyms])
                \t    7f26dc479340 __write_nocancel (/lib/libpthread-2.19.so)
                \t    7f26cab4c0b0 Ljava/lang/Thread;::run (/tmp/perf-1.map)
                \t    7f26cab4c0b0 JavaCalls::call(JavaValue*, Thread*) (/usr/lib/libjvm.so)
                \t               0 [unknown] ([unknown])

                """);
        List<Frame> f = rows.get(0).getFrames();
        assertEquals("[unknown];JavaCalls::call(JavaValue*, Thread*);Ljava/lang/Thread:::run;__write_nocancel;native_write_msr_safe",
                names(rows.get(0)));
        assertEquals(List.of("user", "user", "jit", "user", "kernel"), f.stream().map(Frame::getKind).toList());
        assertEquals(0xffffffff8104f45aL, f.get(4).getAddress());
        assertEquals("/tmp/perf-1.map", f.get(2).getModule());
    }

    @Test
    void splitsAnInlineChainIntoOneFramePerFunction() throws IOException {
        parse("ab 1 1.0: cycles:\n\t 400100 leaf (/x)\n\t 400200 outer->inlined+0x4 (/x)\n\t 400300 main (/x)\n\n");
        assertEquals("main;outer;inlined;leaf", names(rows.get(0)));
        assertEquals(0x400200L, rows.get(0).getFrames().get(2).getAddress());
    }

    @Test
    void kindsFollowTheModuleAndTheAddress() {
        assertEquals("kernel", PerfFrames.kind("[kernel.kallsyms]", 0));
        assertEquals("kernel", PerfFrames.kind("[nf_conntrack]", 0xffffffffc0001000L));
        assertEquals("kernel", PerfFrames.kind("/lib/modules/4.1.0/build/vmlinux", 0x3d6b4c));
        assertEquals("kernel", PerfFrames.kind("[unknown]", 0xffffffff81000000L));
        assertEquals("user", PerfFrames.kind("[unknown]", 0x7f0000001000L));
        assertEquals("user", PerfFrames.kind("[vdso]", 0x7fff00000f7aL));
        assertEquals("user", PerfFrames.kind("[anon:dalvik-main space]", 0x7f00L));
        assertEquals("jit", PerfFrames.kind("/tmp/perf-4242.map", 0x7f00L));
        assertEquals("user", PerfFrames.kind("/usr/lib/x86_64-linux-gnu/libc.so.6", 0x7f00L));
    }

    @Test
    void dropsAndCountsASampleWithNoBlankLineAfterIt() throws IOException {
        PerfSampleParser p = parse("ab 1 1.0: cycles:\n\t1 f (/x)\n\nab 1 2.0: cycles:\n\t1 f (/x)\n\t2 g (/x)");
        assertEquals(1, rows.size());
        assertEquals(List.of(1L, 3L, 0L), List.of(p.droppedSamples, p.skippedLines, p.unrecognizedLines));
    }

    @Test
    void aHeaderWithNoBlankLineBeforeItCutsTheOpenSampleShort() throws IOException {
        PerfSampleParser p = parse("ab 1 1.0: cycles:\n\t1 f (/x)\nbc 2 2.0: cycles:\n\t1 g (/x)\n\n");
        assertEquals(List.of("bc"), rows.stream().map(CpuSample::getComm).toList());
        assertEquals(1, p.droppedSamples);
    }

    @Test
    void importsOnlyTheFirstEventTypeUnlessToldWhich() throws IOException {
        String text = "ab 1 1.0: 5 cycles:\n\t1 f (/x)\n\nab 1 2.0: 7 instructions:\n\t1 g (/x)\n\nab 1 3.0: 5 cycles:\n\t1 h (/x)\n\n";
        PerfSampleParser p = parse(text);
        assertEquals(List.of("f", "h"), rows.stream().map(PerfSampleParserTest::names).toList());
        assertEquals(List.of(1L, 0L), List.of(p.otherEventSamples, p.skippedLines));
        assertEquals("instructions", p.firstOtherEvent);
        rows.clear();
        p = parse("instructions", text);
        assertEquals(List.of("g"), rows.stream().map(PerfSampleParserTest::names).toList());
        assertEquals("instructions", p.event());
    }

    @Test
    void readsCrlfLineEndings() throws IOException {
        parse("ab 1 [002] 1.5: 9 cpu-clock: \r\n\t 10 f (/x)\r\n\r\n".replace("\n", "\n"));
        assertEquals(1, rows.size());
        assertEquals(List.of(2, 9L, "f", "/x"), List.of(rows.get(0).getCpu(), rows.get(0).getPeriodNs(),
                rows.get(0).getFrames().get(0).getName(), rows.get(0).getFrames().get(0).getModule()));
    }

    @Test
    void countsLinesThatAreNotPerfScriptAndFramesOutsideASample() throws IOException {
        PerfSampleParser p = parse("\t1 orphan (/x)\n\u0000\u0001garbage\n!!\nab 1 1.0: cycles:\n\t1 f (/x)\nnot a frame\n\n");
        assertEquals(1, rows.size());
        assertEquals(List.of(4L, 4L, 0L), List.of(p.skippedLines, p.unrecognizedLines, p.droppedSamples));
    }

    @Test
    void idsTooBigForTheSchemaDropTheSample() throws IOException {
        PerfSampleParser p = parse("ab 99999999999/1 1.0: cycles:\n\t1 f (/x)\n\n");
        assertEquals(0, rows.size());
        assertEquals(1, p.droppedSamples);
    }

    @Test
    void readsHostKernelAndCpusFromPerfsHeaderLines() throws IOException {
        PerfSampleParser p = parse("""
                # ========
                # hostname : web-1
                # os release : 6.1.0-13-amd64
                # nrcpus online : 8
                # cmdline : /usr/bin/perf record -F 99 -a -g
                # ========
                ab 1 1.0: cycles:

                # hostname : later-ignored
                """);
        assertEquals(Map.of("hostname", "web-1", "os release", "6.1.0-13-amd64", "nrcpus online", "8",
                "cmdline", "/usr/bin/perf record -F 99 -a -g"), p.perfHeader());
        assertEquals(List.of(), rows.get(0).getFrames());
    }

    @Test
    void anEmptyInputImportsNothing() throws IOException {
        PerfSampleParser p = parse("");
        assertEquals(0, rows.size());
        assertNull(p.event());
        assertEquals(0, p.skippedLines);
    }

    @Test
    void aHeaderWithoutItsPidIsNoSampleThoughTheScriptsPatternMatchesIt() throws IOException {
        // stackcollapse's pattern reads "dd [001] 100.000001:" as the comm and the period as the pid
        PerfSampleParser p = parse("dd [001] 100.000001: 250000 cpu-clock:\n\t1 f (/x)\n\n"
                + "x".repeat(PerfHeaderCheck.MAX_COMM_BYTES + 1) + " 5 1.0: cpu-clock:\n\t1 f (/x)\n\n"
                + "ab 1 [000] 1.000001: 10 cpu-clock:\n\t1 f (/x)\n\n");
        assertEquals(List.of("ab"), rows.stream().map(CpuSample::getComm).toList());
        assertEquals(List.of(2L, 0L, 4L), List.of(p.malformedSamples, p.droppedSamples, p.skippedLines));
    }

    @Test
    void binaryDataIsNeverASampleButTextNamesOfAnyKindAre() throws IOException {
        PerfSampleParser p = parse("\u00ff\u00fe\u0080 1 1.0: cycles:\n\t1 f (/x)\n\n"      // not UTF-8
                + "ab 2 2.0: cycles:\n\t1 f (/x)\n\t2 g\u0000 (/x)\n\n"                      // a NUL in a frame
                + "\u0000\u0001 3 3.0: cycles:\n\n"                                             // a NUL in the header
                + "\u00d0\u00b4\u00d0 4 4.0: cycles:\n\t1 f (/x)\n\n"                         // "д" and a cut character
                + "\u001b[2J 5 5.0: cycles:\n\t1 f (/x)\n\n");                                 // hostile, but text
        assertEquals(List.of("\u0434", "\u001b[2J"), rows.stream().map(CpuSample::getComm).toList());
        assertEquals(List.of(2L, 2L, 0L), List.of(p.binarySamples, p.binaryLines, p.droppedSamples));
    }

    @Test
    void aStackDeeperThanTheMostTheKernelGivesKeepsItsFramesNearestTheLeaf() throws IOException {
        StringBuilder text = new StringBuilder("deep 1 1.0: cycles:\n");
        for (int i = 0; i < 100_000; i++) {
            text.append("\t").append(Integer.toHexString(0x1000 + i)).append(" f").append(i).append(" (/x)\n");
        }
        PerfSampleParser p = parse(text.append("\nab 2 2.0: cycles:\n\t1 g (/x)\n\n").toString());
        assertEquals(2, rows.size(), "kept, not dropped");
        List<Frame> frames = rows.get(0).getFrames();
        assertEquals(PerfSampleParser.MAX_FRAMES, frames.size());
        assertEquals("f0", frames.get(frames.size() - 1).getName(), "the leaf, printed first");
        assertEquals("f" + (PerfSampleParser.MAX_FRAMES - 1), frames.get(0).getName(), "the outermost caller kept");
        assertEquals(List.of(1L, 0L, 0L), List.of(p.cutSamples, p.droppedSamples, p.skippedLines));
    }
}
