package sonde.analyzer.flame.internal;

import sonde.analyzer.out.Template;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places the frames of a {@link FrameTree} as flamegraph.pl does and streams one {@code <g>}
 * per frame from the frame template. Geometry (pixels): 10 px side margins, 36 px above the
 * frames for the title (plus 24 for a subtitle), 34 px below for the details line, frames one
 * frame-height apart with a 1 px gap. Widths are proportional to sample counts; frames
 * narrower than the minimum width are left out, with all their callees.
 */
public final class FlameLayout {
    public static final int FONT_SIZE = 12;
    /** Average glyph width relative to the font size, for fitting labels. */
    public static final double FONT_WIDTH = 0.59;
    public static final int XPAD = 10;
    public static final int YPAD_TOP = FONT_SIZE * 3;
    public static final int YPAD_BOTTOM = FONT_SIZE * 2 + 10;
    public static final int YPAD_SUBTITLE = FONT_SIZE * 2;
    private static final int FRAMEPAD = 1;
    private static final Template FRAME = Template.load(FlameLayout.class, "/sonde/analyzer/flame/frame.svg.tmpl");

    private final FrameTree tree;
    private final boolean diff;
    private final int frameHeight;
    private final boolean inverted;
    private final int topPad;
    private final String countName;
    private final long timeMax;
    private final double widthPerTime;
    private final double minWidthTime;
    private final int depthMax;

    /** A frame still to visit; explicit, because stacks can be deeper than the Java stack. */
    private record Pending(FrameTree.Node node, int depth, long start) {
    }

    public FlameLayout(FrameTree tree, boolean diff, int width, int frameHeight, double minWidth,
                       boolean inverted, boolean subtitle, String countName) {
        this.tree = tree;
        this.diff = diff;
        this.frameHeight = frameHeight;
        this.inverted = inverted;
        this.topPad = YPAD_TOP + (subtitle ? YPAD_SUBTITLE : 0);
        this.countName = countName;
        this.timeMax = tree.root().total();
        this.widthPerTime = (width - 2.0 * XPAD) / timeMax;
        this.minWidthTime = minWidth / widthPerTime;
        this.depthMax = depthMax();
    }

    public int imageHeight() {
        return (depthMax + 1) * frameHeight + topPad + YPAD_BOTTOM;
    }

    private boolean drawn(FrameTree.Node n) {
        return n.total() > 0 && n.total() >= minWidthTime;
    }

    private int depthMax() {
        int max = 0;
        ArrayDeque<Pending> todo = new ArrayDeque<>();
        todo.push(new Pending(tree.root(), 0, 0));
        while (!todo.isEmpty()) {
            Pending p = todo.pop();
            max = Math.max(max, p.depth());
            for (FrameTree.Node c : p.node().children()) {
                if (drawn(c)) {
                    todo.push(new Pending(c, p.depth() + 1, 0));
                }
            }
        }
        return max;
    }

    /** Writes every drawn frame, callers before callees, siblings in name order. */
    public void writeFrames(Writer out) throws IOException {
        ArrayDeque<Pending> todo = new ArrayDeque<>();
        todo.push(new Pending(tree.root(), 0, 0));
        List<Pending> children = new ArrayList<>();
        while (!todo.isEmpty()) {
            Pending p = todo.pop();
            FRAME.write(out, frame(p.node(), p.depth(), p.start()));
            // the frame's own samples come first, as "a 5" sorts before "a;b 3" in flamegraph.pl
            long start = p.start() + p.node().self();
            children.clear();
            for (FrameTree.Node c : p.node().children()) {
                if (drawn(c)) {
                    children.add(new Pending(c, p.depth() + 1, start));
                }
                start += c.total();
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                todo.push(children.get(i));
            }
        }
    }

    private Map<String, Object> frame(FrameTree.Node n, int depth, long start) {
        boolean root = depth == 0;
        double x1 = XPAD + start * widthPerTime;
        double x2 = XPAD + (start + n.total()) * widthPerTime;
        double y1 = inverted ? topPad + depth * frameHeight
                : imageHeight() - YPAD_BOTTOM - (depth + 1) * frameHeight + FRAMEPAD;
        double y2 = y1 + frameHeight - FRAMEPAD;
        String left = PerlFormat.fixed(x1, 1);
        String right = PerlFormat.fixed(x2, 1);
        String name = root ? "all" : FrameText.display(n.name());
        Map<String, Object> v = new HashMap<>();
        v.put("info", info(n, name, root));
        v.put("x", left);
        v.put("y", PerlFormat.number(y1));
        // as flamegraph.pl: the width of the rounded edges, so adjacent frames tile exactly
        v.put("width", PerlFormat.fixed(Double.parseDouble(right) - Double.parseDouble(left), 1));
        v.put("height", PerlFormat.fixed(y2 - y1, 1));
        v.put("fill", diff ? Palette.delta(n.delta(), tree.maxDelta()) : Palette.color(n.name()));
        v.put("textX", PerlFormat.fixed(x1 + 3, 2));
        v.put("textY", PerlFormat.number(3 + (y1 + y2) / 2));
        v.put("label", FrameText.label(name, (int) ((x2 - x1) / (FONT_SIZE * FONT_WIDTH))));
        return v;
    }

    /** The tooltip: "name (1,234 samples, 5.67%)", in a differential graph "...; +1.23%)". */
    private String info(FrameTree.Node n, String name, boolean root) {
        String samples = PerlFormat.grouped(n.total()) + " " + countName;
        if (root) {
            return name + " (" + samples + ", 100%)";
        }
        String pct = PerlFormat.fixed(100.0 * n.total() / timeMax, 2);
        if (!diff) {
            return name + " (" + samples + ", " + pct + "%)";
        }
        String delta = PerlFormat.fixed(100.0 * n.delta() / timeMax, 2);
        return name + " (" + samples + ", " + pct + "%; " + (n.delta() > 0 ? "+" : "") + delta + "%)";
    }
}
