package sonde.analyzer.importer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import sonde.analyzer.flame.internal.FrameNames;
import sonde.analyzer.flame.internal.PerfFrameLine;
import sonde.recorder.host.Comm;
import sonde.schema.Frame;

/**
 * One perf script frame line as cpu_sample frames. The name is the symbol as perf printed it,
 * less the {@code +0x1f} offset (Linux 4.8+); arguments, Java type descriptors ({@code Lpkg/C;})
 * and {@code [unknown]} stay as they are, unlike in stackcollapse-perf.pl's folded names. An
 * {@code a->b} inline chain becomes one frame per function, caller first, at the same address.
 * A symbol in parentheses (a process name, not a function) gives no frame, as in the script.
 */
final class PerfFrames {
    static final String KERNEL = "kernel";
    static final String USER = "user";
    static final String JIT = "jit";

    /** Bracketed modules perf and /proc/PID/maps use for user-space memory; others are kernel modules. */
    private static final Set<String> USER_PSEUDO = Set.of("[unknown]", "[vdso]", "[vdso32]", "[vdsox32]", "[vsyscall]",
            "[vvar]", "[vvar_vclock]", "[heap]", "[stack]", "[anon]", "[uprobes]", "[sigpage]", "[vectors]", "[jit]");

    private PerfFrames() {
    }

    /**
     * Appends the frames of {@code line} (a byte string, as {@link PerfFrameLine} parsed it) to
     * {@code leafFirst}, in perf's order: the first frame of a sample is the leaf, so an inline
     * chain, caller first, is appended callee first.
     */
    static void append(PerfFrameLine line, List<Frame> leafFirst) {
        String raw = FrameNames.stripOffset(line.rawFunc());
        if (raw.startsWith("(")) {
            return;
        }
        List<String> chain = FrameNames.splitInline(raw);
        String module = text(line.mod());
        long address = address(line.pc());
        String kind = kind(line.mod(), address);
        for (int i = chain.size() - 1; i >= 0; i--) {
            leafFirst.add(new Frame(name(chain.get(i)), module, kind, address));
        }
    }

    /** A frame name never holds ';' (the schema's rule, as stackcollapse writes ':'), so stacks fold exactly. */
    static String name(String raw) {
        String s = text(raw);
        return s.indexOf(';') < 0 ? s : s.replace(';', ':');
    }

    /**
     * kernel for [kernel.kallsyms], a kernel module ([nf_conntrack]) or a vmlinux image, and for
     * an [unknown] module at a kernel-half address; jit for a /tmp/perf-PID.map (perf-map-agent,
     * Node's --perf-basic-prof, the JVM's Compiler.perfmap) or [jit]; user otherwise, [vdso] too.
     */
    static String kind(String module, long address) {
        if (FrameNames.isPerfMap(module) || module.equals("[jit]")) {
            return JIT;
        }
        if (module.endsWith("vmlinux") || (isBracketed(module) && !isUserPseudo(module))) {
            return KERNEL;
        }
        return module.equals("[unknown]") && address < 0 ? KERNEL : USER;
    }

    private static boolean isBracketed(String module) {
        return module.length() > 2 && module.startsWith("[") && module.endsWith("]");
    }

    private static boolean isUserPseudo(String module) {
        return USER_PSEUDO.contains(module) || module.startsWith("[anon") || module.startsWith("[stack");
    }

    /** The hex address perf printed; 0 when it is not one (a line that only looks like a frame). */
    static long address(String pc) {
        if (pc.isEmpty() || pc.length() > 16) {
            return 0;
        }
        for (int i = 0; i < pc.length(); i++) {
            if (Character.digit(pc.charAt(i), 16) < 0) {
                return 0;
            }
        }
        return Long.parseUnsignedLong(pc, 16);
    }

    /** A byte string (one char per byte) as the text its UTF-8 bytes spell; bad bytes become U+FFFD. */
    static String text(String bytes) {
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.charAt(i) >= 0x80) {
                return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return bytes;
    }

    /**
     * A task's name as perf printed it (the kernel's 15 bytes, one char per byte), read as the
     * recorder reads every comm: a last character the 15-byte cut split is left out (see Comm).
     */
    static String comm(String bytes) {
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.charAt(i) >= 0x80) {
                byte[] b = bytes.getBytes(StandardCharsets.ISO_8859_1);
                return Comm.decode(b, 0, b.length);
            }
        }
        return bytes;
    }
}
