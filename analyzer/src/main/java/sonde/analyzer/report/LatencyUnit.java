package sonde.analyzer.report;

import java.math.BigDecimal;
import java.util.Locale;
import sonde.recorder.cli.UsageException;

/** The unit a latency histogram is bucketed and printed in, as biolatency's -m switches it. */
public enum LatencyUnit {
    NSECS("ns", 1), USECS("us", 1_000), MSECS("ms", 1_000_000);

    private final String symbol;
    private final long ns;

    LatencyUnit(String symbol, long ns) {
        this.symbol = symbol;
        this.ns = ns;
    }

    /** The value of --unit (ns, us, ms); null means us. */
    public static LatencyUnit parse(String value) {
        if (value == null) {
            return USECS;
        }
        for (LatencyUnit u : values()) {
            if (u.symbol.equals(value)) {
                return u;
            }
        }
        throw new UsageException("bad --unit '" + value + "': expected ns, us or ms");
    }

    /** bcc's histogram header word and the SQL variable's value: "nsecs", "usecs", "msecs". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "ns", "us", "ms". */
    public String symbol() {
        return symbol;
    }

    /** Nanoseconds in one unit. */
    public long ns() {
        return ns;
    }

    /** {@code ns} in this unit, exactly: 1500000 ns is "1.5" ms, 20000 ns "0.02" ms, 7 ns "7" ns. */
    public String exact(long valueNs) {
        return BigDecimal.valueOf(valueNs).divide(BigDecimal.valueOf(ns)).stripTrailingZeros().toPlainString();
    }
}
