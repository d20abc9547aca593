package sonde.analyzer.export.internal;

import java.util.Arrays;

/**
 * A sequence of sample weights, run-length encoded: a process sampled by cpu-clock has one
 * period throughout, so its weights take one run whatever the number of samples.
 */
public final class Weights {
    private long[] values = new long[8];
    private long[] runs = new long[8];
    private int n;
    private long sum;
    private boolean allPositive = true;

    public void add(long weight) {
        sum += weight;
        allPositive &= weight > 0;
        if (n > 0 && values[n - 1] == weight) {
            runs[n - 1]++;
            return;
        }
        if (n == values.length) {
            values = Arrays.copyOf(values, n * 2);
            runs = Arrays.copyOf(runs, n * 2);
        }
        values[n] = weight;
        runs[n++] = 1;
    }

    public void clear() {
        n = 0;
        sum = 0;
        allPositive = true;
    }

    /** True when every weight is above 0 (and so a known duration). */
    public boolean allPositive() {
        return allPositive;
    }

    public long sum() {
        return sum;
    }

    /**
     * Appends the weights as JSON numbers separated by commas, or a 1 for each when
     * {@code ones}; calls {@code flush} now and then so that the builder stays small.
     */
    public void appendJson(StringBuilder sb, boolean ones, Runnable flush) {
        boolean first = true;
        for (int i = 0; i < n; i++) {
            String v = ones ? "1" : Long.toString(values[i]);
            for (long r = 0; r < runs[i]; r++) {
                sb.append(first ? "" : ",").append(v);
                first = false;
                if ((r & 4095) == 4095) {
                    flush.run();
                }
            }
            flush.run();
        }
    }
}
