package sonde.analyzer.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The titles of a heat map: what it shows, when it was recorded, and how it was cut. */
public final class HeatmapText {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private HeatmapText() {
    }

    /** "10:00:05", or "10:00:05.25" when the time is not on the second. */
    static String clock(long epochNs) {
        long s = Math.floorDiv(epochNs, 1_000_000_000L);
        long ns = Math.floorMod(epochNs, 1_000_000_000L);
        String frac = ns == 0 ? "" : String.format(Locale.ROOT, ".%09d", ns).replaceFirst("0+$", "");
        return CLOCK.format(Instant.ofEpochSecond(s)) + frac;
    }

    /**
     * @param grid null when nothing completed
     * @param pid  the -p filter or null
     * @param comm the -c filter or null
     */
    public static HeatmapSvg.Texts of(Layer layer, RecordingWindow window, HeatmapGrid grid, Integer pid, String comm) {
        String noun = layer.noun();
        String title = Character.toUpperCase(noun.charAt(0)) + noun.substring(1) + " latency heat map";
        String filters = (pid == null ? "" : "; pid " + pid) + (comm == null ? "" : "; comm " + comm);
        String timeAxis = window.metadataMissing() ? "seconds since the first completion" : "seconds since recording start";
        if (grid != null) { // the slices start on the clock, at or before the recording's start
            timeAxis = "seconds since " + clock(grid.cells().startNs()) + " UTC";
        }
        if (grid == null) {
            return new HeatmapSvg.Texts(title, window.headerLine(), filters.isEmpty() ? "" : filters.substring(2),
                    timeAxis, "no completed " + noun + " recorded");
        }
        long span = grid.cells().endNs() - grid.cells().startNs();
        int decimals = HeatmapLabels.decimals(span, grid.cols());
        long total = grid.cells().total();
        long leftOut = window.latencyLeftOut(layer);
        String details = total + (total == 1 ? " I/O" : " I/Os") + " completed, in " + grid.cols() + " slices of "
                + HeatmapLabels.sliceStart(span, grid.cols(), 1, decimals) + " s; latency in power-of-two buckets of microseconds"
                + (grid.folded() ? " (the lowest row holds all below it)" : "") + filters
                + (leftOut == 0 ? "" : "; " + leftOut + " left out: open while events were lost (pairing_uncertain)");
        return new HeatmapSvg.Texts(title, window.headerLine(), details, timeAxis, "");
    }
}
