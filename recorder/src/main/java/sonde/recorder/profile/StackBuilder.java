package sonde.recorder.profile;

import sonde.recorder.symbols.ByteLru;
import sonde.recorder.symbols.Symbol;
import sonde.recorder.symbols.Symbolizer;

import java.util.Arrays;
import java.util.List;

/**
 * A perf callchain (leaf first, with PERF_CONTEXT_* markers between the kernel and user parts)
 * → symbolized frames, root first. Within each part the first address is where the CPU was;
 * the others are return addresses, looked up one byte back so that a call at the very end of a
 * function is not blamed on the next one.
 *
 * <p>Each distinct stack is symbolized once: its frames are cached under the raw callchain and
 * the process's version ({@link Symbolizer#version}; kernel-only stacks under none, as kallsyms
 * does not change), and so is each distinct frame, both within byte budgets. The frames list is
 * immutable and shared by every sample of that stack (the row writers only read it). What was
 * left [unknown] for want of budget is not cached, so it resolves once its table is back; a
 * cached stack with JIT code its map did not name asks the map again (at most every 100 ms).
 */
final class StackBuilder {
    private static final long CONTEXT_MAX = -4095L;
    private static final long CONTEXT_KERNEL = -128L;
    private static final long CONTEXT_USER = -512L;
    /** Object sizes for the caches' weights (compressed references): a StackFrame, a String, a key. */
    private static final long FRAME_BYTES = 32;
    private static final long STRING_BYTES = 40;
    private static final long KEY_BYTES = 32;

    /**
     * One frame as sampled: where it was looked up depends on whether it is the first of its
     * part. Not a record: a record's equals and hashCode go through method handles, which C1
     * (the recorder's only compiler) does not inline, and these run for every frame looked up.
     */
    private static final class FrameKey {
        final long version;
        final long ip;
        final boolean first;

        FrameKey(long version, long ip, boolean first) {
            this.version = version;
            this.ip = ip;
            this.first = first;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FrameKey k && k.ip == ip && k.version == version && k.first == first;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(ip * 0x9E3779B97F4A7C15L + version) ^ (first ? 1 : 0);
        }
    }

    private static final class StackKey {
        final long version;
        final long[] chain;
        final int hash;

        StackKey(long version, long[] chain) {
            this.version = version;
            this.chain = chain;
            this.hash = Long.hashCode(version * 0x9E3779B97F4A7C15L) + Arrays.hashCode(chain);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StackKey k && k.hash == hash && k.version == version && Arrays.equals(k.chain, chain);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A symbolized stack: its frames, how many are [unknown], whether any is JIT code not (yet) named. */
    private record Stack(List<StackFrame> frames, int unknown, boolean unnamedJit) {
    }

    private final Symbolizer symbols;
    private final ByteLru<StackKey, Stack> stacks;
    private final ByteLru<FrameKey, StackFrame> frames;
    private long unknownFrames;
    private long stacksSymbolized;
    private long framesSymbolized;

    StackBuilder(Symbolizer symbols) {
        this.symbols = symbols;
        this.stacks = new ByteLru<>(symbols.budgets().stacks(), null);
        this.frames = new ByteLru<>(symbols.budgets().frames(), null);
    }

    List<StackFrame> frames(int pid, long[] chain) {
        long version = hasUser(chain) ? symbols.version(pid) : 0;
        StackKey key = new StackKey(version, chain);
        Stack s = stacks.get(key);
        if (s != null && s.unnamedJit() && symbols.jitChanged(pid)) {
            version = symbols.version(pid);
            key = new StackKey(version, chain);
            s = null;
        }
        if (s == null) {
            long overBudget = symbols.unresolvedOverBudget();
            s = symbolize(pid, version, chain);
            if (symbols.unresolvedOverBudget() == overBudget) {
                stacks.put(key, s, weight(s, chain));
            }
        }
        unknownFrames += s.unknown();
        return s.frames();
    }

    private Stack symbolize(int pid, long version, long[] chain) {
        stacksSymbolized++;
        StackFrame[] out = new StackFrame[chain.length];
        int n = 0;
        int unknown = 0;
        boolean unnamedJit = false;
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
            StackFrame f = frame(pid, kernel ? 0 : version, kernel, ip, first);
            out[chain.length - 1 - n++] = f;
            if (f.name().equals(Symbol.UNKNOWN)) {
                unknown++;
                String module = f.module();
                unnamedJit |= !kernel && (module.startsWith("[") || module.startsWith("//anon"));
            }
            first = false;
        }
        return new Stack(List.of(Arrays.copyOfRange(out, chain.length - n, chain.length)), unknown, unnamedJit);
    }

    private StackFrame frame(int pid, long version, boolean kernel, long ip, boolean first) {
        FrameKey key = new FrameKey(version, ip, first);
        StackFrame f = frames.get(key);
        if (f == null) {
            framesSymbolized++;
            long overBudget = symbols.unresolvedOverBudget();
            long at = first ? ip : ip - 1;
            Symbol s = kernel ? symbols.kernel(at) : symbols.user(pid, at);
            f = new StackFrame(foldable(s.name()), s.module(), s.kind(), ip);
            if (symbols.unresolvedOverBudget() == overBudget) {
                frames.put(key, f, KEY_BYTES + FRAME_BYTES + STRING_BYTES + s.name().length());
            }
        }
        return f;
    }

    /** A cached stack holds its key's chain, the list and, counted again here, its frames and their names. */
    private static long weight(Stack s, long[] chain) {
        long bytes = KEY_BYTES + 16 + 8L * chain.length + 64 + 4L * s.frames().size();
        for (StackFrame f : s.frames()) {
            bytes += FRAME_BYTES + STRING_BYTES + f.name().length();
        }
        return bytes;
    }

    /** ';' separates frames in folded stacks: a name never holds one (stackcollapse writes ':'). */
    static String foldable(String name) {
        return name.indexOf(';') < 0 ? name : name.replace(';', ':');
    }

    /** A chain without markers: kernel addresses are in the upper half. */
    private static boolean isKernel(long[] chain) {
        return chain.length > 0 && chain[0] < 0;
    }

    /** Whether the chain has user addresses (then the process's mappings give them meaning). */
    private static boolean hasUser(long[] chain) {
        boolean kernel = isKernel(chain);
        for (long ip : chain) {
            if (ip >= CONTEXT_MAX && ip < 0) {
                kernel = ip == CONTEXT_KERNEL || (ip != CONTEXT_USER && kernel);
            } else if (!kernel) {
                return true;
            }
        }
        return false;
    }

    /** Frames written as [unknown], sample by sample. */
    long unknownFrames() {
        return unknownFrames;
    }

    /** Distinct stacks symbolized (the others came from the cache). */
    long stacksSymbolized() {
        return stacksSymbolized;
    }

    /** Distinct frames looked up (the others came from the cache). */
    long framesSymbolized() {
        return framesSymbolized;
    }
}
