package sonde.analyzer.flame;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.HashMap;
import java.util.Map;
import sonde.analyzer.flame.internal.FlameLayout;
import sonde.analyzer.flame.internal.FrameTree;
import sonde.analyzer.flame.internal.PerlFormat;
import sonde.analyzer.out.Template;

/**
 * Renders folded stacks as an interactive SVG flame graph, after Brendan Gregg's
 * flamegraph.pl: the same element ids ({@code frames}, {@code details}, {@code search},
 * {@code ignorecase}, {@code unzoom}, {@code matched}, {@code title}, {@code subtitle}), one
 * {@code <g>} per frame holding {@code <title>}, {@code <rect>}, {@code <text>}; frames sorted by
 * name and merged (the x-axis is not time); mouse-over details, click to zoom, regexp search.
 * Colours are derived from the names (flamegraph.pl's {@code --hash}), so output is
 * deterministic: user frames "hot", {@code _[k]} kernel frames orange, {@code _[j]} JIT frames
 * green.
 *
 * <pre>{@code
 * FlameGraph.builder().title("CPU").build().render(folded, writer);
 * }</pre>
 *
 * Immutable and thread-safe; the output is streamed to the writer, which is not closed.
 */
public final class FlameGraph {
    private static final Template PAGE = Template.load(FlameGraph.class, "flamegraph.svg.tmpl");
    private static final Template EMPTY = Template.load(FlameGraph.class, "empty.svg.tmpl");

    private final String title;
    private final String subtitle;
    private final int width;
    private final int frameHeight;
    private final double minWidth;
    private final boolean inverted;
    private final String countName;

    private FlameGraph(Builder b) {
        this.title = b.title != null ? b.title : b.inverted ? "Icicle Graph" : "Flame Graph";
        this.subtitle = b.subtitle;
        this.width = b.width;
        this.frameHeight = b.frameHeight;
        this.minWidth = b.minWidth;
        this.inverted = b.inverted;
        this.countName = b.countName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Renders {@code folded} (stack to count; stacks with a count of 0 or less are ignored). */
    public void render(Map<String, Long> folded, Writer out) throws IOException {
        write(new FrameTree(FoldedStacks.ORDER).addAll(folded), false, out);
    }

    /** Renders folded text ({@code a;b;c 12} lines); lines that are not folded stacks are skipped. */
    public void render(Reader foldedLines, Writer out) throws IOException {
        render(FoldedStacks.read(foldedLines), out);
    }

    /**
     * A differential flame graph, as difffolded.pl and flamegraph.pl draw it: frame widths
     * from {@code after}; colour from the change in each frame's own samples (red grew, blue
     * shrank, white unchanged, in proportion to the largest change), which the tooltip gives as
     * a share of the after total ({@code "f (120 samples, 12.00%; +3.00%)"}). Stacks that
     * are only in {@code before} have no width and do not show.
     */
    public void renderDiff(Map<String, Long> before, Map<String, Long> after, Writer out) throws IOException {
        write(new FrameTree(FoldedStacks.ORDER).addDiff(before, after), true, out);
    }

    private void write(FrameTree tree, boolean diff, Writer out) throws IOException {
        if (tree.root().total() <= 0) {
            Map<String, Object> v = new HashMap<>();
            v.put("width", width);
            v.put("height", FlameLayout.FONT_SIZE * 5);
            v.put("x", width / 2);
            v.put("y", FlameLayout.FONT_SIZE * 2);
            v.put("fontSize", FlameLayout.FONT_SIZE);
            v.put("message", "No stack counts found");
            EMPTY.write(out, v);
            return;
        }
        boolean hasSubtitle = subtitle != null && !subtitle.isEmpty();
        FlameLayout layout = new FlameLayout(tree, diff, width, frameHeight, minWidth, inverted, hasSubtitle, countName);
        int height = layout.imageHeight();
        int fs = FlameLayout.FONT_SIZE;
        Map<String, Object> v = new HashMap<>();
        v.put("width", width);
        v.put("height", height);
        v.put("backgroundWidth", PerlFormat.fixed(width, 1));
        v.put("backgroundHeight", PerlFormat.fixed(height, 1));
        v.put("fontSize", fs);
        v.put("titleSize", fs + 5);
        v.put("xpad", FlameLayout.XPAD);
        v.put("inverted", inverted ? 1 : 0);
        v.put("minLabelWidth", PerlFormat.number(2 * fs * FlameLayout.FONT_WIDTH));
        v.put("title", title);
        v.put("subtitle", hasSubtitle ? subtitle : "");
        v.put("titleX", PerlFormat.fixed(width / 2, 2));
        v.put("titleY", fs * 2);
        v.put("subtitleY", fs * 4);
        v.put("detailsX", PerlFormat.fixed(FlameLayout.XPAD, 2));
        v.put("detailsY", PerlFormat.number(height - FlameLayout.YPAD_BOTTOM / 2.0));
        v.put("searchX", PerlFormat.fixed(width - FlameLayout.XPAD - 100, 2));
        v.put("ignorecaseX", PerlFormat.fixed(width - FlameLayout.XPAD - 16, 2));
        v.put("frames", (Template.Content) layout::writeFrames);
        PAGE.write(out, v);
    }

    /** Settings, each with flamegraph.pl's default. */
    public static final class Builder {
        private String title;
        private String subtitle;
        private int width = 1200;
        private int frameHeight = 16;
        private double minWidth = 0.1;
        private boolean inverted;
        private String countName = "samples";

        private Builder() {
        }

        /** Heading; default "Flame Graph", or "Icicle Graph" when inverted. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** Second heading line; default none. */
        public Builder subtitle(String subtitle) {
            this.subtitle = subtitle;
            return this;
        }

        /** Image width in pixels, 100 to 100000; default 1200. */
        public Builder width(int pixels) {
            if (pixels < 100 || pixels > 100_000) {
                throw new IllegalArgumentException("width must be 100 to 100000 pixels, not " + pixels);
            }
            this.width = pixels;
            return this;
        }

        /** Height of one frame in pixels, 2 to 1000; default 16. */
        public Builder frameHeight(int pixels) {
            if (pixels < 2 || pixels > 1000) {
                throw new IllegalArgumentException("frame height must be 2 to 1000 pixels, not " + pixels);
            }
            this.frameHeight = pixels;
            return this;
        }

        /** Frames narrower than this many pixels are left out (with their callees); default 0.1. */
        public Builder minWidth(double pixels) {
            if (!(pixels >= 0) || Double.isInfinite(pixels)) {
                throw new IllegalArgumentException("minimum width must be 0 or more pixels, not " + pixels);
            }
            this.minWidth = pixels;
            return this;
        }

        /** Icicle graph: root at the top, callees below; default false. */
        public Builder inverted(boolean inverted) {
            this.inverted = inverted;
            return this;
        }

        /** What the counts are ("samples", "bytes", "ns"); default "samples". */
        public Builder countName(String countName) {
            this.countName = java.util.Objects.requireNonNull(countName, "countName");
            return this;
        }

        public FlameGraph build() {
            return new FlameGraph(this);
        }
    }
}
