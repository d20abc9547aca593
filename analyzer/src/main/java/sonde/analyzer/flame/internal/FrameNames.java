package sonde.analyzer.flame.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one perf script frame into folded frame names the way stackcollapse-perf.pl does
 * (FlameGraph commit 41fee1f): strip the {@code +0x1f} offset, drop process-name frames,
 * expand {@code a->b} inline chains, name {@code [unknown]} symbols after their module, tidy
 * C++/Go/Java signatures, and annotate {@code _[i]}, {@code _[k]}, {@code _[j]}.
 */
public final class FrameNames {
    private final boolean annotateKernel;
    private final boolean annotateJit;
    private final boolean includeAddrs;

    public FrameNames(boolean annotateKernel, boolean annotateJit, boolean includeAddrs) {
        this.annotateKernel = annotateKernel;
        this.annotateJit = annotateJit;
        this.includeAddrs = includeAddrs;
    }

    /**
     * The frame names for {@code frame}, caller first, appended to {@code out}; nothing for
     * a {@code (process name)} frame or an empty chain.
     *
     * @param java true when the process name starts with "java" (then {@code Lpkg/Class;}
     *             loses its {@code L})
     */
    public void append(PerfFrameLine frame, boolean java, List<String> out) {
        String raw = stripOffset(frame.rawFunc());
        if (raw.startsWith("(")) {
            return;
        }
        List<String> chain = splitInline(raw);
        String mod = frame.mod();
        for (int i = 0; i < chain.size(); i++) {
            String func = chain.get(i);
            if (func.equals("[unknown]")) {
                String what = mod.equals("[unknown]") ? "unknown" : mod.substring(mod.lastIndexOf('/') + 1);
                func = includeAddrs ? "[" + what + " <" + frame.pc() + ">]" : "[" + what + "]";
            }
            func = tidy(func);
            if (java && func.indexOf('/') >= 0 && func.startsWith("L")) {
                func = func.substring(1);
            }
            if (i > 0) {
                // frames after the first of an a->b chain were inlined into it
                func = func.contains("_[i]") ? func : func + "_[i]";
            } else if (annotateKernel && (mod.startsWith("[") || mod.endsWith("vmlinux")) && !mod.contains("unknown")) {
                func = func + "_[k]";
            } else if (annotateJit && isPerfMap(mod)) {
                func = func.contains("_[j]") ? func : func + "_[j]";
            }
            out.add(func);
        }
    }

    /** Linux 4.8+ prints {@code sym+0x1f}: {@code s/\+0x[\da-f]+$//}. */
    public static String stripOffset(String raw) {
        int plus = raw.lastIndexOf('+');
        if (plus < 0 || !raw.startsWith("0x", plus + 1) || plus + 3 == raw.length()) {
            return raw;
        }
        for (int i = plus + 3; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return raw;
            }
        }
        return raw.substring(0, plus);
    }

    /** Perl's {@code split /->/}: a leading empty field stays, trailing empty ones go. */
    public static List<String> splitInline(String raw) {
        List<String> parts = new ArrayList<>(2);
        int from = 0;
        int arrow;
        while ((arrow = raw.indexOf("->", from)) >= 0) {
            parts.add(raw.substring(from, arrow));
            from = arrow + 2;
        }
        parts.add(raw.substring(from));
        while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return parts;
    }

    /**
     * The script's tidy_generic: ';' would split the folded stack, so it becomes ':';
     * everything from the first '(' on is argument noise, unless that paren opens
     * "(anonymous namespace)" or the name looks like a Go method ({@code net/http.(*Client).Do});
     * quotes go (JIT symbols like {@code RegExp:[&<>\"\']}).
     */
    public static String tidy(String func) {
        String f = func.replace(';', ':');
        if (!looksLikeGoMethod(f)) {
            int paren = f.indexOf('(');
            while (paren >= 0 && f.startsWith("anonymous namespace)", paren + 1)) {
                paren = f.indexOf('(', paren + 1);
            }
            if (paren >= 0) {
                f = f.substring(0, paren);
            }
        }
        if (f.indexOf('"') >= 0 || f.indexOf('\'') >= 0) {
            f = f.replace("\"", "").replace("'", "");
        }
        return f;
    }

    /** {@code m/\.\(.*\)\./}: a ".(" with a ")." starting at least two characters later. */
    private static boolean looksLikeGoMethod(String f) {
        int open = f.indexOf(".(");
        return open >= 0 && f.lastIndexOf(").") >= open + 2;
    }

    /** {@code m:/tmp/perf-\d+\.map:}, the perf-map-agent symbol file of a JIT. */
    public static boolean isPerfMap(String mod) {
        int at = mod.indexOf("/tmp/perf-");
        while (at >= 0) {
            int digits = at + "/tmp/perf-".length();
            int end = PerlChars.skipDigits(mod, digits);
            if (end > digits && mod.startsWith(".map", end)) {
                return true;
            }
            at = mod.indexOf("/tmp/perf-", at + 1);
        }
        return false;
    }
}
