/**
 * CPU flame graphs, after Brendan Gregg's FlameGraph tools.
 *
 * <ul>
 *   <li>{@link sonde.analyzer.flame.Collapse} folds {@code perf script} output into folded
 *       stacks exactly as stackcollapse-perf.pl does; {@link sonde.analyzer.flame.CollapseCommand}
 *       is {@code sonde collapse}.</li>
 *   <li>{@link sonde.analyzer.flame.FlameGraph} renders folded stacks, or the difference of
 *       two profiles, as an interactive SVG in the shape flamegraph.pl writes.</li>
 *   <li>{@link sonde.analyzer.flame.FoldedStacks} reads, merges, filters and writes folded
 *       stacks, the interchange format between the two.</li>
 * </ul>
 *
 * Implementation classes live in {@code sonde.analyzer.flame.internal} and may change.
 */
package sonde.analyzer.flame;
