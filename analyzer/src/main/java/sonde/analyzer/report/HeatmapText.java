package sonde.analyzer.report;

/** The titles of a heat map: what it shows, when it was recorded, and how it was cut. */
public final class HeatmapText {
    private HeatmapText() {
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
        if (grid == null) {
            return new HeatmapSvg.Texts(title, window.headerLine(), filters.isEmpty() ? "" : filters.substring(2),
                    timeAxis, "no completed " + noun + " recorded");
        }
        long span = grid.cells().endNs() - grid.cells().startNs();
        int decimals = HeatmapLabels.decimals(span, grid.cols());
        long total = grid.cells().total();
        String details = total + (total == 1 ? " I/O" : " I/Os") + " completed, in " + grid.cols() + " slices of "
                + HeatmapLabels.sliceStart(span, grid.cols(), 1, decimals) + " s; latency in power-of-two buckets of microseconds"
                + (grid.folded() ? " (the lowest row holds all below it)" : "") + filters;
        return new HeatmapSvg.Texts(title, window.headerLine(), details, timeAxis, "");
    }
}
