package sonde.analyzer.hist;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A histogram of equal-width buckets, printed in the shape of bcc's print_linear_hist
 * (table.py; trace_helpers.c in libbpf-tools): a header {@code "     usecs         : count
 * distribution"} and rows {@code "        %-10d : %-8d |bar|"}, the label being the lowest
 * value of the bucket (index * step, as libbpf-tools prints base + i * step) and the bar 40
 * columns scaled to the largest count.
 *
 * <p>Rows run from the first non-empty bucket to the last, empty buckets between them
 * included, so the shape of the distribution shows (bcc's Python printer starts at bucket 0;
 * libbpf-tools starts at the first non-empty one but skips empty ones). Buckets are kept
 * sparsely, so a wide range costs nothing until printed; {@link #rows()} says how many lines
 * printing would take. Nothing is printed for an empty histogram. Not thread-safe.
 */
public final class LinearHistogram {
    private static final int STARS_MAX = 40;

    private final long step;
    private final TreeMap<Long, Long> counts = new TreeMap<>();

    /** @param step the width of a bucket, at least 1 */
    public LinearHistogram(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("step must be at least 1, got " + step);
        }
        this.step = step;
    }

    public long step() {
        return step;
    }

    /** The bucket of a value: value / step, rounded down. */
    public long index(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value " + value);
        }
        return value / step;
    }

    public LinearHistogram add(long value) {
        return addIndex(index(value), 1);
    }

    /** Adds {@code count} to the bucket {@code index} (values index*step to (index+1)*step - 1). */
    public LinearHistogram addIndex(long index, long count) {
        if (index < 0 || count < 0) {
            throw new IllegalArgumentException("negative bucket " + index + " or count " + count);
        }
        if (count > 0) {
            counts.merge(index, count, Long::sum);
        }
        return this;
    }

    /** Lines {@link #format} prints after the header: buckets from the first non-empty one to the last. */
    public long rows() {
        return counts.isEmpty() ? 0 : counts.lastKey() - counts.firstKey() + 1;
    }

    /** The histogram in bcc's shape, each line ended by '\n'; "" when empty. */
    public String format(String valType) {
        if (counts.isEmpty()) {
            return "";
        }
        long valMax = 0;
        for (long c : counts.values()) {
            valMax = Math.max(valMax, c);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "     %-13s : count     distribution\n", valType));
        for (long i = counts.firstKey(); i <= counts.lastKey(); i++) {
            long c = counts.getOrDefault(i, 0L);
            sb.append(String.format(Locale.ROOT, "        %-10d : %-8d |%s|\n", i * step, c, Bars.of(c, valMax, STARS_MAX)));
        }
        return sb.toString();
    }

    /** Non-empty buckets by index, in order. */
    public Map<Long, Long> buckets() {
        return Collections.unmodifiableMap(counts);
    }
}
