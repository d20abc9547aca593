/**
 * Importers of profiles taken by other tools into a sonde recording directory.
 *
 * <p>{@link sonde.analyzer.importer.PerfScriptImport} reads {@code perf script} text with the
 * line matchers of {@code sonde collapse} (stackcollapse-perf.pl's rules, in
 * {@code sonde.analyzer.flame.internal}) and writes cpu_sample rows through the recorder's
 * Parquet sink. Which samples count is the same as there: a sample ends at a blank line (one
 * with none after it is dropped), only one event type is imported (the first one seen, or
 * {@code --event-filter}). On the 13 inputs of the FlameGraph corpus, {@code sonde flame
 * --folded} of an import has the samples, the stacks and the leaf functions that {@code sonde
 * collapse --kernel --jit} folds from the same text; what differs, by design:
 * <ul>
 *   <li>counts: the flame graph counts samples, collapse adds up the period perf printed
 *       (ns for cpu-clock, events for cycles); period_ns keeps the period of cpu-clock and
 *       task-clock samples, which is CPU time, and is 0 for other events;</li>
 *   <li>names: kept as perf printed them, less the {@code +0x1f} offset and with ';' written
 *       ':' (the schema's rule for every frame name, so stacks fold unambiguously). Collapse cuts C++
 *       arguments at '(' and drops quotes, strips the L of {@code Lpkg/Class;} in processes
 *       named java*, names an {@code [unknown]} symbol after its module ({@code [libc.so.6]}),
 *       and marks frames of an {@code a->b} inline chain {@code _[i]}; the import keeps the
 *       arguments, the L and {@code [unknown]} (its module is in the module column) and makes
 *       each function of an inline chain a frame of its own, unmarked;</li>
 *   <li>kinds: kernel, user or jit per frame, as collapse's {@code _[k]}/{@code _[j]} say,
 *       except that [vdso] is user space (collapse marks every bracketed module kernel) and an
 *       [unknown] module at a kernel-half address is kernel;</li>
 *   <li>bad input: CRLF line endings are read (collapse folds nothing from them); lines over
 *       1 MiB are skipped with the sample they belong to; lines holding NUL bytes (binary data)
 *       and the samples they fall in, samples whose task name is not UTF-8, and headers perf
 *       does not print (no pid, which the script reads as part of the comm) are skipped and
 *       counted, where collapse folds them; a stack deeper than 65,535 frames is cut to those
 *       nearest the leaf, as the kernel cuts one.</li>
 * </ul>
 * Times are perf's clock (perf_clock, about CLOCK_MONOTONIC: seconds since boot), not the
 * wall-clock epoch ns of recorded samples, unless perf recorded with {@code -k realtime};
 * recording.trace_clock says which. When perf printed one number for the task (its tid, as
 * with {@code perf record -a} without {@code -F pid}), the pid is set to it too, so that each
 * thread of a multi-threaded process appears as a process of its own.
 */
package sonde.analyzer.importer;
