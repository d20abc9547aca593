package sonde.analyzer.flame.internal;

/** How a frame name is shown: without its annotation, cut to fit the frame. */
public final class FrameText {
    private FrameText() {
    }

    /** The name without a trailing {@code _[k]}, {@code _[j]}, {@code _[i]} or {@code _[w]}. */
    public static String display(String name) {
        int n = name.length();
        if (n >= 4 && name.startsWith("_[", n - 4) && name.charAt(n - 1) == ']' && "kwij".indexOf(name.charAt(n - 2)) >= 0) {
            return name.substring(0, n - 4);
        }
        return name;
    }

    /**
     * The label for a frame with room for {@code chars} characters, as flamegraph.pl cuts it:
     * nothing under 3, else the name, its last two visible characters replaced by ".." when
     * it does not fit. Counts code points, so a surrogate pair is never split.
     */
    public static String label(String name, int chars) {
        if (chars < 3) {
            return "";
        }
        int length = name.codePointCount(0, name.length());
        if (length <= chars) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, chars - 2)) + "..";
    }
}
