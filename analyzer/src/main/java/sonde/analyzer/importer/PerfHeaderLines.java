package sonde.analyzer.importer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code perf script --header} says about the recording before the first sample, in
 * lines such as {@code # hostname : web-1}: the host, kernel, CPUs and perf command line,
 * which the import puts in its recording row. Other header lines are ignored.
 */
final class PerfHeaderLines {
    private static final List<String> KEYS = List.of("hostname", "os release", "nrcpus online", "cmdline");
    private final Map<String, String> values = new LinkedHashMap<>();

    /** One comment line (a byte string starting with '#'); the first value of a key wins. */
    void accept(String line) {
        int sep = line.indexOf(" : ");
        if (sep < 0) {
            return;
        }
        String key = line.substring(1, sep).strip();
        if (KEYS.contains(key) && !values.containsKey(key)) {
            values.put(key, PerfFrames.text(line.substring(sep + 3).strip()));
        }
    }

    /** The values by key ("hostname", "os release", "nrcpus online", "cmdline"), as printed. */
    Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }
}
