package sonde.analyzer.flame;

/**
 * How {@link Collapse} folds perf script output; each setting is the stackcollapse-perf.pl
 * option of the same name. Immutable; start from {@link #defaults()}.
 *
 * @param includePid     {@code --pid}: process name becomes {@code comm-PID}
 * @param includeTid     {@code --tid}: process name becomes {@code comm-PID/TID} (wins over pid)
 * @param annotateKernel {@code --kernel}: kernel frames get {@code _[k]}
 * @param annotateJit    {@code --jit}: frames from a {@code /tmp/perf-PID.map} get {@code _[j]}
 * @param includeAddrs   {@code --addrs}: {@code [unknown]} frames show their address
 * @param eventFilter    {@code --event-filter}: keep only samples of this event; null or
 *                       empty means the first event type seen
 */
public record CollapseOptions(boolean includePid, boolean includeTid, boolean annotateKernel,
                              boolean annotateJit, boolean includeAddrs, String eventFilter) {

    /** No annotations, no ids, no addresses, first event type seen. */
    public static CollapseOptions defaults() {
        return new CollapseOptions(false, false, false, false, false, null);
    }

    public CollapseOptions withPid(boolean on) {
        return new CollapseOptions(on, includeTid, annotateKernel, annotateJit, includeAddrs, eventFilter);
    }

    public CollapseOptions withTid(boolean on) {
        return new CollapseOptions(includePid, on, annotateKernel, annotateJit, includeAddrs, eventFilter);
    }

    public CollapseOptions withKernel(boolean on) {
        return new CollapseOptions(includePid, includeTid, on, annotateJit, includeAddrs, eventFilter);
    }

    public CollapseOptions withJit(boolean on) {
        return new CollapseOptions(includePid, includeTid, annotateKernel, on, includeAddrs, eventFilter);
    }

    /** {@code --all}: both annotations. */
    public CollapseOptions withAll(boolean on) {
        return on ? withKernel(true).withJit(true) : this;
    }

    public CollapseOptions withAddrs(boolean on) {
        return new CollapseOptions(includePid, includeTid, annotateKernel, annotateJit, on, eventFilter);
    }

    public CollapseOptions withEventFilter(String event) {
        return new CollapseOptions(includePid, includeTid, annotateKernel, annotateJit, includeAddrs, event);
    }
}
