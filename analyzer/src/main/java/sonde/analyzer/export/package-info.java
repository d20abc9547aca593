/**
 * Converters of the recorded CPU samples into other profilers' formats, one class per format
 * with one static entry point, each reading cpu_sample through a
 * {@link sonde.analyzer.db.Dataset} with its filters bound as variables:
 * <ul>
 *   <li>{@link sonde.analyzer.export.Pprof}: pprof's profile.proto, gzipped, with its own
 *       small protobuf encoder ({@code internal.ProtoWriter}) rather than a dependency;</li>
 *   <li>{@link sonde.analyzer.export.Speedscope}: speedscope's JSON file format, one sampled
 *       profile per process.</li>
 * </ul>
 * Both stream: samples are written as the query returns them; only the tables of distinct
 * frames (and speedscope's weights of one process, run-length encoded) are held.
 */
package sonde.analyzer.export;
