package sonde.recorder.symbols;

import sonde.recorder.util.IntMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The addresses in JIT code (anonymous executable memory) that a process's perf map did not name
 * when its samples were symbolized, remembered per process so that they can be named once the
 * map covers them: a JVM writes its map at exit (-XX:+DumpPerfMapAtExit) or when asked (jcmd PID
 * Compiler.perfmap), after most of its samples. Bounded: {@link #MAX_ADDRESSES} in all and
 * {@link #MAX_PER_PROCESS} a process (a hot Java loop has hundreds; a runtime that never writes a
 * map must not crowd out one that will); what does not fit is counted and stays [unknown]. At
 * most about 1.5 MiB of heap (slots at most half full), besides the symbolizer's budgets.
 */
final class UnnamedJit {
    static final int MAX_ADDRESSES = 65_536;
    static final int MAX_PER_PROCESS = 16_384;

    /** One process's addresses: open addressing, 0 for an empty slot (no code lies at address 0). */
    private static final class Addresses {
        long[] slots = new long[16];
        int size;

        boolean add(long address) {
            if (2 * (size + 1) > slots.length) {
                long[] old = slots;
                slots = new long[old.length * 2];
                size = 0;
                for (long a : old) {
                    if (a != 0) {
                        insert(a);
                    }
                }
            }
            return insert(address);
        }

        private boolean insert(long address) {
            int mask = slots.length - 1;
            for (int i = slot(address, mask); ; i = (i + 1) & mask) {
                if (slots[i] == address) {
                    return false;
                }
                if (slots[i] == 0) {
                    slots[i] = address;
                    size++;
                    return true;
                }
            }
        }

        private static int slot(long address, int mask) {
            long h = address * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }
    }

    private final IntMap<Addresses> byPid = new IntMap<>();
    private final List<Integer> pids = new ArrayList<>();
    private Symbolizer.LateNames names = (pid, address, name) -> { };
    private int total;
    private long notKept;
    private long named;
    private long forgotten;

    void onNames(Symbolizer.LateNames to) {
        this.names = to;
    }

    /** Hands on what the process's map (just read further) names of its addresses, and keeps the rest. */
    void name(int pid, PerfMap map) {
        long[] waiting = of(pid);
        long[] left = new long[waiting.length];
        int n = 0;
        for (long a : waiting) {
            String name = map.find(a);
            if (name == null) {
                left[n++] = a;
            } else {
                names.named(pid, a, name);
                named++;
            }
        }
        if (n < waiting.length) {
            retain(pid, Arrays.copyOf(left, n));
        }
    }

    /** The process's addresses will not be named: it is gone, or another program now. */
    void forget(int pid) {
        forgotten += count(pid);
        remove(pid);
    }

    /** Remembers an address the process's map did not name; false when it was known or there is no room. */
    boolean add(int pid, long address) {
        if (address == 0) {
            return false;
        }
        Addresses a = byPid.get(pid);
        if (a == null) {
            if (total >= MAX_ADDRESSES) {
                notKept++;
                return false;
            }
            a = new Addresses();
            byPid.put(pid, a);
            pids.add(pid);
        }
        if (a.size >= MAX_PER_PROCESS || total >= MAX_ADDRESSES) {
            notKept++;
            return false;
        }
        if (a.add(address)) {
            total++;
            return true;
        }
        return false;
    }

    /** The process's addresses, in no particular order; empty when none waits. */
    long[] of(int pid) {
        Addresses a = byPid.get(pid);
        return a == null ? new long[0] : Arrays.stream(a.slots).filter(x -> x != 0).toArray();
    }

    /** Keeps only {@code left} of the process's addresses (the others were named). */
    private void retain(int pid, long[] left) {
        remove(pid);
        for (long a : left) {
            add(pid, a);
        }
    }

    /** How many of the process's addresses wait for a name. */
    int count(int pid) {
        Addresses a = byPid.get(pid);
        return a == null ? 0 : a.size;
    }

    /** Forgets the process's addresses (named, or never to be: it exited). */
    void remove(int pid) {
        Addresses a = byPid.remove(pid);
        if (a != null) {
            total -= a.size;
            pids.remove(Integer.valueOf(pid));
        }
    }

    /** The processes with addresses waiting for a name, oldest first. */
    List<Integer> pids() {
        return List.copyOf(pids);
    }

    /** Addresses waiting for a name. */
    int size() {
        return total;
    }

    /** Addresses named later. */
    long named() {
        return named;
    }

    /** Addresses never named: forgotten (their process ended first), or waiting still. */
    long neverNamed() {
        return forgotten + total;
    }

    /** Addresses not remembered for want of room (their frames stay [unknown]). */
    long notKept() {
        return notKept;
    }

    /** What the addresses hold on the heap, in bytes. */
    long bytes() {
        long b = 64;
        for (int pid : pids) {
            b += 48 + 8L * byPid.get(pid).slots.length;
        }
        return b;
    }
}
