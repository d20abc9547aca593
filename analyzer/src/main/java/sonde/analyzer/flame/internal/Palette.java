package sonde.analyzer.flame.internal;

/**
 * Frame colours as flamegraph.pl picks them with {@code --hash}: derived from the name, so the
 * same function has the same colour in every graph and the output is reproducible. User frames
 * get the default "hot" palette; annotated frames get the hue that flamegraph.pl's java
 * palette gives them: {@code _[k]} kernel orange, {@code _[j]} JIT green, {@code _[i]} inlined
 * aqua, and Java class frames ({@code java/util/HashMap.get}) green too.
 */
public final class Palette {
    private Palette() {
    }

    /** The fill for a frame named {@code name} as it appears in the folded stack. */
    public static String color(String name) {
        if (name.equals("-")) {
            return "rgb(200,200,200)"; // flamegraph.pl's separator frames, e.g. between stacks
        }
        if (name.equals("--")) {
            return "rgb(160,160,160)";
        }
        double v1 = nameHash(name);
        if (name.endsWith("_[k]")) {
            return rgb(190 + (int) (65 * v1), 90 + (int) (65 * v1), 0);
        }
        if (name.endsWith("_[j]") || isJavaClass(name)) {
            int x = 50 + (int) (60 * v1);
            return rgb(x, 200 + (int) (55 * v1), x);
        }
        if (name.endsWith("_[i]")) {
            return rgb(50 + (int) (60 * v1), 165 + (int) (55 * v1), 165 + (int) (55 * v1));
        }
        double v2 = nameHash(new StringBuilder(name).reverse().toString());
        return rgb(205 + (int) (50 * v2), (int) (230 * v1), (int) (55 * v2));
    }

    /**
     * flamegraph.pl's differential colour: white for no change, towards red for growth and
     * towards blue for shrinkage, in proportion to the largest change in the graph.
     */
    public static String delta(long delta, long maxDelta) {
        int r = 255;
        int g = 255;
        int b = 255;
        if (delta > 0) {
            g = b = (int) (210.0 * (maxDelta - delta) / maxDelta);
        } else if (delta < 0) {
            r = g = (int) (210.0 * (maxDelta + delta) / maxDelta);
        }
        return rgb(r, g, b);
    }

    private static final String[] JAVA_PACKAGES = {"java/", "javax/", "jdk/", "net/", "org/", "com/", "io/", "sun/"};

    /** {@code ^L?(java|javax|jdk|net|org|com|io|sun)/}. */
    private static boolean isJavaClass(String name) {
        int from = name.startsWith("L") ? 1 : 0;
        for (String pkg : JAVA_PACKAGES) {
            if (name.startsWith(pkg, from) || name.startsWith(pkg)) {
                return true;
            }
        }
        return false;
    }

    /**
     * flamegraph.pl's namehash: a number in [0, 1] from the first three characters, weighting
     * early ones more; a {@code module`} prefix (DTrace stacks) is skipped.
     */
    static double nameHash(String name) {
        String s = name;
        int tick = s.indexOf('`', 1);
        if (tick >= 1) {
            s = s.substring(tick + 1);
        }
        double vector = 0;
        double weight = 1;
        double max = 1;
        int mod = 10;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            vector += (double) (c % mod) / (mod - 1) * weight;
            mod++;
            max += weight;
            weight *= 0.70;
            if (mod > 12) {
                break;
            }
        }
        return 1 - vector / max;
    }

    private static String rgb(int r, int g, int b) {
        return "rgb(" + r + "," + g + "," + b + ")";
    }
}
