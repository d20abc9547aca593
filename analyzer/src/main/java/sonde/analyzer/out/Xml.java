package sonde.analyzer.out;

import java.io.IOException;
import java.io.Writer;

/**
 * Escaping for text and attribute values in the SVG. Function names come from symbol tables
 * and perf output and can hold anything: markup characters are escaped, and characters XML
 * 1.0 cannot carry at all (controls, unpaired surrogates, U+FFFE/U+FFFF) become U+FFFD, so the
 * document stays well-formed whatever the input.
 */
public final class Xml {
    private Xml() {
    }

    public static void escape(CharSequence s, Writer out) throws IOException {
        int n = s.length();
        int clean = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String replacement = replacement(s, i, c);
            if (replacement == null) {
                if (Character.isHighSurrogate(c)) {
                    i++;
                }
                continue;
            }
            out.append(s, clean, i).write(replacement);
            clean = i + 1;
        }
        out.append(s, clean, n);
    }

    public static String escape(CharSequence s) {
        java.io.StringWriter w = new java.io.StringWriter(s.length() + 16);
        try {
            escape(s, w);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return w.toString();
    }

    /** What to write instead of the char at i, or null to keep it (a valid pair is kept whole). */
    private static String replacement(CharSequence s, int i, char c) {
        switch (c) {
            case '&':
                return "&amp;";
            case '<':
                return "&lt;";
            case '>':
                return "&gt;";
            case '"':
                return "&quot;";
            case '\'':
                return "&#39;";
            default:
                break;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
            return "\uFFFD";
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)) ? null : "\uFFFD";
        }
        return Character.isLowSurrogate(c) ? "\uFFFD" : null;
    }
}
