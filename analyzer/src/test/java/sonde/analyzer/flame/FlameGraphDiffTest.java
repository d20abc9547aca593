package sonde.analyzer.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** Differential graphs: tiny-before.folded against tiny.folded. */
class FlameGraphDiffTest {
    private static String renderDiff() throws IOException {
        SortedMap<String, Long> before = FoldedStacks.read(new StringReader(Goldens.read("tiny-before.folded")));
        SortedMap<String, Long> after = FoldedStacks.read(new StringReader(Goldens.read("tiny.folded")));
        StringWriter out = new StringWriter();
        FlameGraph.builder().title("Differential").build().renderDiff(before, after, out);
        return out.toString();
    }

    private static int[] rgb(Svg.Frame f) {
        String[] p = f.fill().replaceAll("[^0-9,]", "").split(",");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    @Test
    void rendersAsItsGolden() throws IOException {
        Goldens.assertMatches("tiny-diff.svg", renderDiff());
    }

    @Test
    void coloursGrowthRedShrinkageBlueAndNoChangeWhite() throws IOException {
        Svg svg = Svg.parse(renderDiff());
        int[] grew = rgb(svg.frame("read"));
        assertTrue(grew[0] == 255 && grew[1] == grew[2] && grew[1] < 255, svg.frame("read").fill());
        int[] shrank = rgb(svg.frame("tokenize"));
        assertTrue(shrank[2] == 255 && shrank[0] == shrank[1] && shrank[0] < 255, svg.frame("tokenize").fill());
        assertEquals("rgb(255,255,255)", svg.frame("java/util/HashMap.get").fill());
        // the largest change (+20 of read, -20 of the vanished main;gone) is the deepest colour
        assertEquals("rgb(255,0,0)", svg.frame("read").fill());
    }

    @Test
    void takesWidthsFromTheAfterProfileAndGivesTheDeltaInTheTooltip() throws IOException {
        Svg svg = Svg.parse(renderDiff());
        assertEquals(141, svg.frame("all").samples());
        assertEquals("read (30 samples, 21.28%; +14.18%)", svg.frame("read").title());
        assertEquals("tokenize (20 samples, 14.18%; -7.09%)", svg.frame("tokenize").title());
        assertTrue(svg.frames().stream().noneMatch(f -> f.name().equals("gone")));
    }
}
