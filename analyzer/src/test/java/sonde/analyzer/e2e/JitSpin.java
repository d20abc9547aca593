package sonde.analyzer.e2e;

/**
 * A Java busy loop for JitEndToEndTest, run in a JVM of its own: a thread named by the first
 * argument (its kernel name, which the recording filters to) spins in {@link #spinHere} for the
 * seconds the second argument gives, then prints the loop's result (so that the JIT keeps it).
 */
public final class JitSpin {
    private JitSpin() {
    }

    public static void main(String[] args) throws InterruptedException {
        long ns = (long) (Double.parseDouble(args[1]) * 1e9);
        long[] result = new long[1];
        Thread t = new Thread(() -> result[0] = spinFor(ns), args[0]);
        t.start();
        t.join();
        System.out.println(result[0]);
    }

    static long spinFor(long ns) {
        long end = System.nanoTime() + ns;
        long x = 1;
        while (System.nanoTime() < end) {
            x = spinHere(x);
        }
        return x;
    }

    /** About 100 µs of arithmetic between two looks at the clock. */
    static long spinHere(long x) {
        for (int i = 0; i < 100_000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
