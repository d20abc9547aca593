package sonde.recorder.profile;

import sonde.recorder.symbols.Symbol;
import sonde.recorder.symbols.Symbolizer;
import sonde.schema.Frame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A perf callchain (leaf first, with PERF_CONTEXT_* markers between the kernel and user parts)
 * → symbolized frames, root first. Within each part the first address is where the CPU was;
 * the others are return addresses, looked up one byte back so that a call at the very end of a
 * function is not blamed on the next one.
 */
final class StackBuilder {
    private static final long CONTEXT_MAX = -4095L;
    private static final long CONTEXT_KERNEL = -128L;
    private static final long CONTEXT_USER = -512L;

    private final Symbolizer symbols;
    private long unknownFrames;

    StackBuilder(Symbolizer symbols) {
        this.symbols = symbols;
    }

    List<Frame> frames(int pid, long[] chain) {
        List<Frame> frames = new ArrayList<>(chain.length);
        boolean kernel = isKernel(chain); // until a context marker says otherwise
        boolean first = true;
        for (long ip : chain) {
            if (ip >= CONTEXT_MAX && ip < 0) {
                if (ip == CONTEXT_KERNEL) {
                    kernel = true;
                } else if (ip == CONTEXT_USER) {
                    kernel = false;
                }
                first = true;
                continue;
            }
            long at = first ? ip : ip - 1;
            Symbol s = kernel ? symbols.kernel(at) : symbols.user(pid, at);
            frames.add(new Frame(foldable(s.name()), s.module(), s.kind(), ip));
            unknownFrames += s.name().equals(Symbol.UNKNOWN) ? 1 : 0;
            first = false;
        }
        Collections.reverse(frames);
        return frames;
    }

    /** ';' separates frames in folded stacks: a name never holds one (stackcollapse writes ':'). */
    static String foldable(String name) {
        return name.indexOf(';') < 0 ? name : name.replace(';', ':');
    }

    /** Frames written as [unknown], sample by sample. */
    long unknownFrames() {
        return unknownFrames;
    }

    /** A chain without markers: kernel addresses are in the upper half. */
    private static boolean isKernel(long[] chain) {
        return chain.length > 0 && chain[0] < 0;
    }
}
