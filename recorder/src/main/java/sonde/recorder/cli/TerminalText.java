package sonde.recorder.cli;

import java.nio.charset.StandardCharsets;

/**
 * Text for a terminal from values that anyone can choose: a process names itself (comm), and
 * file and host names are what their makers made them. A control character in one of them could
 * clear the screen, move the cursor or start a forged line, so text output shows control
 * characters escaped as {@code ls -b} does ({@code \n}, {@code \t}, {@code \033}); everything
 * else, backslashes included, is shown as it is. JSON and CSV output are exact instead.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** {@code s} with its control characters (C0, DEL, C1) escaped; the same string if it has none. */
    public static String escape(String s) {
        if (s == null) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !Character.isISOControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isISOControl(c)) {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case 0x0b -> sb.append("\\v");
                case 0x07 -> sb.append("\\a");
                default -> {
                    // octal of each byte as the terminal would receive it: \033, or \302\233 for U+009B
                    for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                        sb.append('\\').append(Integer.toOctalString(b & 0xff | 0x200).substring(1));
                    }
                }
            }
        }
        return sb.toString();
    }
}
