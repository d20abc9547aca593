package sonde.analyzer.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sonde.analyzer.SondeRun;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.flame.Collapse;
import sonde.analyzer.flame.CollapseOptions;
import sonde.analyzer.flame.Corpus;
import sonde.analyzer.flame.FoldedStacks;
import sonde.analyzer.flame.internal.FrameNames;
import sonde.analyzer.flame.internal.PerfFrameLine;
import sonde.analyzer.flame.internal.PerfHeader;

/**
 * Every input of the FlameGraph corpus (a copy among the test resources, see {@link Corpus}) imported,
 * then compared with what {@link Collapse} (stackcollapse-perf.pl, byte for byte) folds from
 * the same text with --kernel --jit. Collapse weighs a sample by the period perf printed, the
 * flame graph of a recording counts samples; the reference is therefore folded from the text
 * with the periods taken out of the headers, so that it too counts samples.
 */
class PerfScriptCorpusTest {
    private static final Pattern PERIOD = Pattern.compile("(:\\s*)\\d+(\\s+\\S+:\\s*)$");
    private static final CollapseOptions KERNEL_JIT = CollapseOptions.defaults().withKernel(true).withJit(true);
    /** The inputs whose symbols collapse prints unchanged: no arguments, Java types or unnamed frames. */
    private static final Set<String> PLAIN = Set.of("perf-cycles-instructions-01", "perf-funcab-cmd-01",
            "perf-funcab-pid-01", "perf-mirageos-stacks-01", "perf-rust-Yamakaky-dcpu");

    @TempDir
    Path dir;

    static Path corpus() {
        return Corpus.dir();
    }

    static Stream<String> inputs() throws IOException {
        try (Stream<Path> files = Files.list(corpus())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
        }
    }

    @Test
    void theCorpusHasItsThirteenInputs() throws IOException {
        assertEquals(13, inputs().count(), "inputs in " + corpus());
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void refoldedWithCollapsesNamingTheImportIsWhatCollapsePrints(String name) throws IOException {
        importInput(name);
        SortedMap<String, Long> refolded = new TreeMap<>(FoldedStacks.ORDER);
        FrameNames names = new FrameNames(true, true, false);
        try (Dataset ds = Dataset.open(dir)) {
            ds.query("refold", "SELECT comm, list_transform(frames, lambda f: f.name), list_transform(frames, lambda f: f.module),"
                    + " list_transform(frames, lambda f: f.address) FROM cpu_sample", rs -> {
                        while (rs.next()) {
                            String comm = rs.getString(1);
                            Object[] n = (Object[]) rs.getArray(2).getArray();
                            Object[] m = (Object[]) rs.getArray(3).getArray();
                            Object[] a = (Object[]) rs.getArray(4).getArray();
                            List<String> stack = new ArrayList<>(List.of(comm.replace(' ', '_')));
                            for (int i = 0; i < n.length; i++) {
                                PerfFrameLine line = new PerfFrameLine(Long.toHexString((Long) a[i]), (String) n[i], (String) m[i]);
                                names.append(line, comm.startsWith("java"), stack);
                            }
                            refolded.merge(String.join(";", stack), 1L, Long::sum);
                        }
                        return null;
                    });
        }
        assertEquals(reference(name), refolded);
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void flameFoldedOfTheImportHasCollapsesTotalStacksAndLeaves(String name) throws IOException {
        importInput(name);
        SortedMap<String, Long> flame = flameFolded();
        SortedMap<String, Long> reference = reference(name);
        assertEquals(FoldedStacks.total(reference), FoldedStacks.total(flame), "samples");
        assertEquals(reference.size(), flame.size(), "distinct stacks");
        Map<String, Long> a = normalized(flame, true);
        Map<String, Long> b = normalized(reference, false);
        assertEquals(leaves(b), leaves(a), "leaf functions");
        assertEquals(b, a, "stacks");
        if (PLAIN.contains(name)) {
            assertEquals(reference, flame, "byte for byte");
        }
    }

    @Test
    void kindsAreCollapsesAnnotationsButTheVdsoIsUserSpace() throws IOException {
        Set<String> disagreeing = new TreeSet<>();
        for (String name : inputs().toList()) {
            Path out = dir.resolve(name);
            importInput(name, out);
            try (Dataset ds = Dataset.open(out)) {
                ds.query("kinds", "SELECT DISTINCT f.module, f.kind FROM (SELECT unnest(frames) AS f FROM cpu_sample)", rs -> {
                    while (rs.next()) {
                        String module = rs.getString(1);
                        boolean kernel = (module.startsWith("[") || module.endsWith("vmlinux")) && !module.contains("unknown");
                        String collapse = kernel ? "kernel" : FrameNames.isPerfMap(module) ? "jit" : "user";
                        if (!collapse.equals(rs.getString(2))) {
                            disagreeing.add(module + " " + rs.getString(2));
                        }
                    }
                    return null;
                });
            }
        }
        assertEquals(Set.of("[vdso] user"), disagreeing);
    }

    private void importInput(String name) throws IOException {
        importInput(name, dir);
    }

    private static void importInput(String name, Path out) throws IOException {
        try (InputStream in = Files.newInputStream(corpus().resolve(name + ".txt"))) {
            PerfScriptImport.run(in, new PerfScriptImport.Options(name, "h1", null, "test", "test"), out);
        }
    }

    private SortedMap<String, Long> flameFolded() throws IOException {
        SondeRun.Output o = SondeRun.run("flame", dir.toString(), "--folded");
        assertEquals(0, o.status(), o.err());
        return FoldedStacks.read(new StringReader(o.out()));
    }

    /** Collapse --kernel --jit of the input with the periods taken out: one count per sample. */
    static SortedMap<String, Long> reference(String name) throws IOException {
        byte[] raw = Files.readAllBytes(corpus().resolve(name + ".txt"));
        StringBuilder text = new StringBuilder(raw.length);
        for (String line : new String(raw, StandardCharsets.ISO_8859_1).split("\n", -1)) {
            PerfHeader h = PerfHeader.parse(line);
            text.append(h != null && h.period() != null ? PERIOD.matcher(line).replaceFirst("$1$2") : line).append('\n');
        }
        text.setLength(text.length() - 1);
        return Collapse.fold(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.ISO_8859_1)), KERNEL_JIT);
    }

    /**
     * The documented differences taken out. Both sides lose the _[k]/_[j] annotations (kinds
     * are checked on their own). The import keeps symbols as perf printed them, so its names
     * go through collapse's tidying (arguments cut at '(', quotes dropped) and, in processes
     * named java*, lose the L of {@code Lpkg/Class;}; collapse names an [unknown] symbol after
     * its module ([libc-2.19.so]), the import keeps [unknown] (and the module in its column).
     */
    static Map<String, Long> normalized(Map<String, Long> folded, boolean imported) {
        Map<String, Long> out = new TreeMap<>();
        folded.forEach((stack, count) -> {
            String[] frames = stack.split(";", -1);
            boolean java = frames[0].startsWith("java");
            for (int i = 1; i < frames.length; i++) {
                String f = frames[i].replaceFirst("_\\[[kj]\\]$", "");
                if (imported) {
                    f = FrameNames.tidy(f);
                    f = java && f.startsWith("L") && f.contains("/") ? f.substring(1) : f;
                } else if (f.startsWith("[") && f.endsWith("]")) {
                    f = "[unknown]";
                }
                frames[i] = f;
            }
            out.merge(String.join(";", frames), count, Long::sum);
        });
        return out;
    }

    static Set<String> leaves(Map<String, Long> folded) {
        Set<String> s = new TreeSet<>();
        folded.keySet().forEach(k -> s.add(k.substring(k.lastIndexOf(';') + 1)));
        return s;
    }
}
