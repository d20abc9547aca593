package sonde.analyzer.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class FlameGraphTest {
    private static final List<String> IDS =
            List.of("frames", "details", "search", "ignorecase", "unzoom", "matched", "title", "subtitle");

    private static SortedMap<String, Long> tiny() throws IOException {
        return FoldedStacks.read(new StringReader(Goldens.read("tiny.folded")));
    }

    private static String render(FlameGraph g, Map<String, Long> folded) throws IOException {
        StringWriter out = new StringWriter();
        g.render(folded, out);
        return out.toString();
    }

    @Test
    void rendersTheTinyProfileAsItsGolden() throws IOException {
        Goldens.assertMatches("tiny.svg", render(FlameGraph.builder().subtitle("hand-written").build(), tiny()));
    }

    @Test
    void rendersACorpusProfileAsItsGolden() throws IOException {
        StringWriter out = new StringWriter();
        try (var in = Files.newBufferedReader(Corpus.dir().resolve("results/perf-dd-stacks-01-collapsed-all.txt"))) {
            FlameGraph.builder().title("dd").build().render(in, out);
        }
        Goldens.assertMatches("perf-dd-stacks-01.svg", out.toString());
    }

    @Test
    void hasTheFixedIdsAndTitleRectTextInEveryFrame() throws IOException {
        Svg svg = Svg.parse(render(FlameGraph.builder().build(), tiny()));
        IDS.forEach(svg::byId);
        for (Svg.Frame f : svg.frames()) {
            assertEquals(List.of("title", "rect", "text"), f.childTags(), f.title());
        }
        assertEquals("Flame Graph", svg.byId("title").getTextContent());
    }

    @Test
    void makesFramesAsWideAsTheirCounts() throws IOException {
        Svg svg = Svg.parse(render(FlameGraph.builder().width(1200).minWidth(0).build(), tiny()));
        List<Svg.Frame> frames = svg.frames();
        long total = FoldedStacks.total(tiny());
        assertEquals(total, svg.frame("all").samples());
        for (Svg.Frame f : frames) {
            // both edges are rounded to 0.1 px
            assertEquals(1180.0 * f.samples() / total, f.width(), 0.11, f.title());
        }
    }

    @Test
    void mergesIdenticalFramesAndSortsSiblingsByName() throws IOException {
        Svg svg = Svg.parse(render(FlameGraph.builder().minWidth(0).build(), tiny()));
        List<Svg.Frame> frames = svg.frames();
        assertEquals(1, frames.stream().filter(f -> f.name().equals("main")).count());
        assertEquals(100, svg.frame("main").samples());
        for (Svg.Frame parent : frames) {
            List<Svg.Frame> children = frames.stream()
                    .filter(c -> c.y() == parent.y() - 16 && parent.contains(c))
                    .sorted((a, b) -> Double.compare(a.x(), b.x()))
                    .toList();
            for (int i = 1; i < children.size(); i++) {
                String left = children.get(i - 1).name();
                String right = children.get(i).name();
                assertTrue(FoldedStacks.ORDER.compare(left, right) < 0, left + " should come before " + right);
            }
        }
    }

    @Test
    void escapesMarkupAndDropsCharactersXmlCannotHold() throws IOException {
        Map<String, Long> folded = Map.of("a&b;<init>;\"q\" 'p';ctl\u0001x;\uD800lone", 5L);
        Svg svg = Svg.parse(render(FlameGraph.builder().title("<&>").build(), folded));
        assertEquals("<&>", svg.byId("title").getTextContent());
        svg.frame("a&b");
        svg.frame("<init>");
        svg.frame("\"q\" 'p'");
        svg.frame("ctl\uFFFDx");
        svg.frame("\uFFFDlone");
    }

    @Test
    void coloursKernelFramesOrangeAndJitFramesGreenAndHidesTheirAnnotation() throws IOException {
        Svg svg = Svg.parse(render(FlameGraph.builder().build(), tiny()));
        Svg.Frame kernel = svg.frame("read");
        assertTrue(kernel.fill().matches("rgb\\(\\d+,\\d+,0\\)"), kernel.fill());
        assertEquals("read", kernel.label());
        Svg.Frame jit = svg.frame("java/util/HashMap.get");
        String[] rgb = jit.fill().replaceAll("[^0-9,]", "").split(",");
        assertTrue(Integer.parseInt(rgb[1]) >= 200 && rgb[0].equals(rgb[2]), jit.fill());
        assertEquals(render(FlameGraph.builder().build(), tiny()), render(FlameGraph.builder().build(), new HashMap<>(tiny())));
    }

    @Test
    void leavesOutFramesNarrowerThanTheMinimumWithTheirCallees() throws IOException {
        Map<String, Long> folded = new LinkedHashMap<>();
        folded.put("big", 100_000L);
        folded.put("small;callee", 1L);
        Svg svg = Svg.parse(render(FlameGraph.builder().minWidth(0.1).build(), folded));
        assertEquals(List.of("all", "big"), svg.frames().stream().map(Svg.Frame::name).toList());
        Svg all = Svg.parse(render(FlameGraph.builder().minWidth(0).build(), folded));
        assertEquals(4, all.frames().size());
    }

    @Test
    void saysSoWhenThereIsNothingToDraw() throws IOException {
        String svg = render(FlameGraph.builder().build(), Map.of());
        Svg.parse(svg);
        assertTrue(svg.contains(">No stack counts found<"), svg);
        Goldens.assertMatches("empty.svg", svg);
        assertEquals(svg, render(FlameGraph.builder().build(), Map.of("a;b", 0L)));
    }

    @Test
    void invertedPutsTheRootOnTop() throws IOException {
        String text = render(FlameGraph.builder().inverted(true).build(), tiny());
        Goldens.assertMatches("tiny-inverted.svg", text);
        Svg svg = Svg.parse(text);
        assertEquals("Icicle Graph", svg.byId("title").getTextContent());
        assertTrue(svg.frame("all").y() < svg.frame("main").y());
        assertTrue(svg.frame("main").y() < svg.frame("parse").y());
        double top = svg.frames().stream().mapToDouble(Svg.Frame::y).min().orElseThrow();
        assertEquals(svg.frame("all").y(), top);
    }

    @Test
    void drawsStacksDeeperThanTheJavaStackCouldRecurse() throws IOException {
        String deep = String.join(";", java.util.Collections.nCopies(50_000, "f"));
        Svg svg = Svg.parse(render(FlameGraph.builder().frameHeight(2).minWidth(0).build(), Map.of(deep, 1L)));
        assertEquals(50_001, svg.frames().size());
    }

    @Test
    void rejectsSettingsItCannotDraw() {
        assertThrows(IllegalArgumentException.class, () -> FlameGraph.builder().width(10));
        assertThrows(IllegalArgumentException.class, () -> FlameGraph.builder().frameHeight(0));
        assertThrows(IllegalArgumentException.class, () -> FlameGraph.builder().minWidth(Double.NaN));
    }
}
