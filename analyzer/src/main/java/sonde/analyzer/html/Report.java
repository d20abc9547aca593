package sonde.analyzer.html;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.SqlFiles;
import sonde.analyzer.flame.FlameGraph;
import sonde.analyzer.out.Template;
import sonde.analyzer.out.Xml;
import sonde.analyzer.report.HeatmapCells;
import sonde.analyzer.report.HeatmapGrid;
import sonde.analyzer.report.HeatmapSvg;
import sonde.analyzer.report.HeatmapText;
import sonde.analyzer.report.LatencyGroup;
import sonde.analyzer.report.LatencyText;
import sonde.analyzer.report.LatencyUnit;
import sonde.analyzer.report.Layer;
import sonde.analyzer.report.RecordingWindow;

/**
 * The incident report: one self-contained HTML page (no external scripts, fonts or styles)
 * with the recording, what was lost, top disk users, VFS vs disk, latency histograms and
 * percentiles, the latency heat map, the flame graph and the slowest I/Os; each section with
 * the SQL it ran. A kind that was not recorded gets a sentence instead of an empty table.
 */
public final class Report {
    private static final Template PAGE = Template.load(Report.class, "/sonde/analyzer/html/report.html.tmpl");
    private static final Template SECTION = Template.load(Report.class, "/sonde/analyzer/html/section.html.tmpl");
    private static final Template FLAME = Template.load(Report.class, "/sonde/analyzer/html/flame.html.tmpl");
    public static final int SECTIONS = 9;
    private static final String LATENCY_SQL = "latency.sql";
    private static final String HEATMAP_SQL = "heatmap.sql";

    private final Dataset ds;
    private final Kinds kinds;

    private record Kinds(long disk, long vfs, long samples) {
    }

    private Report(Dataset ds, Kinds kinds) {
        this.ds = ds;
        this.kinds = kinds;
    }

    /** Writes the report; {@code progress} hears the number of sections done. */
    public static void write(Dataset ds, String dir, String version, Writer out, IntConsumer progress) throws IOException {
        Kinds k = ds.query("kinds", "SELECT (SELECT count(*) FROM disk_io), (SELECT count(*) FROM vfs_io),"
                + " (SELECT count(*) FROM cpu_sample)", rs -> {
                    rs.next();
                    return new Kinds(rs.getLong(1), rs.getLong(2), rs.getLong(3));
                });
        new Report(ds, k).page(dir, version, out, progress);
    }

    private void page(String dir, String version, Writer out, IntConsumer progress) throws IOException {
        RecordingWindow window = RecordingWindow.read(ds);
        List<Section> sections = new ArrayList<>();
        sections.add(table("recording", "Recording", "report_recordings.sql", 100));
        sections.add(table("events", "Events and losses", "report_events.sql", 100));
        progress.accept(2);
        sections.add(kinds.disk() == 0 ? absent("top", "Top disk users", "disk", "top.sql")
                : table("top", "Top disk users (block layer; writeback counted for the dirtier)", "top.sql", 15));
        sections.add(kinds.vfs() == 0 ? absent("cache", "VFS vs disk", "vfs", "cache.sql")
                : table("cache", "VFS vs disk: what the page cache absorbed" + unnamed(), "cache.sql", 20));
        progress.accept(4);
        sections.add(kinds.disk() == 0 ? absent("disk-latency", "Disk latency", "disk", LATENCY_SQL)
                : latency("disk-latency", "Disk latency per device (issue to completion) and percentiles", Layer.DISK, "device"));
        sections.add(kinds.vfs() == 0 ? absent("vfs-latency", "VFS latency", "vfs", LATENCY_SQL)
                : latency("vfs-latency", "VFS latency per file system type (read/write calls) and percentiles", Layer.VFS,
                        "fstype"));
        progress.accept(6);
        sections.add(kinds.disk() == 0 ? absent("heatmap", "Latency heat map", "disk", HEATMAP_SQL) : heatmap());
        sections.add(kinds.samples() == 0 ? absent("flame", "Flame graph", "profile", "flame.sql") : flame());
        sections.add(kinds.disk() == 0 ? absent("slowest", "Slowest disk I/Os", "disk", "report_slowest.sql")
                : table("slowest", "Slowest disk I/Os" + leftOut(window.latencyLeftOut(Layer.DISK)), "report_slowest.sql", 20));
        progress.accept(SECTIONS);
        PAGE.write(out, Map.of("title", "sonde report" + (window.hosts() == null ? "" : ": " + window.hosts()), "subtitle", window.headerLine(),
                "banner", banner(window), "toc", toc(sections), "sections", body(sections),
                "version", version, "generated", Instant.now().toString(), "dir", dir));
    }

    private Section table(String id, String title, String sqlFile, int maxRows) {
        String sql = SqlFiles.load(sqlFile);
        HtmlTable t = ds.query(sqlFile, sql, rs -> HtmlTable.of(rs, maxRows));
        return new Section(id, title, t.isEmpty() ? none("nothing to show") : t, sql);
    }

    /** The histograms sonde latency prints (bcc's print_log2_hist shape), in microseconds. */
    private Section latency(String id, String title, Layer layer, String by) {
        String sql = SqlFiles.load(LATENCY_SQL);
        ds.set("layer", layer.word());
        ds.set("latency_by", by);
        ds.set("unit", LatencyUnit.parse("us").label());
        List<LatencyGroup> groups = ds.query(LATENCY_SQL, sql, LatencyGroup::readAll);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        RecordingWindow window = RecordingWindow.read(ds);
        LatencyText.print(groups, layer, by, LatencyUnit.parse("us"), null, window, window.latencyLeftOutLine(layer),
                new PrintStream(text, true, StandardCharsets.UTF_8));
        String body = text.toString(StandardCharsets.UTF_8);
        String histograms = body.substring(body.indexOf('\n') + 1).strip(); // the window is in the page header
        return new Section(id, title, w -> {
            w.write("<pre class=\"hist\">");
            Xml.escape(histograms, w);
            w.write("</pre>\n");
        }, sql);
    }

    /** The heat map sonde heatmap draws, inline. */
    private Section heatmap() throws IOException {
        String sql = SqlFiles.load(HEATMAP_SQL);
        ds.set("layer", Layer.DISK.word());
        ds.set("heatmap_cols", 60);
        RecordingWindow window = RecordingWindow.read(ds);
        HeatmapCells cells = ds.query(HEATMAP_SQL, sql, HeatmapCells::readAll);
        HeatmapGrid grid = cells == null ? null : HeatmapGrid.of(cells, null);
        StringWriter svg = new StringWriter();
        HeatmapSvg.write(grid, HeatmapText.of(Layer.DISK, window, grid, null, null), svg);
        String inline = svg.toString().replaceFirst("(?s)^<\\?xml.*?\\?>\\s*", "");
        return new Section("heatmap", "Disk latency heat map", w -> w.write(inline), sql);
    }

    private Section flame() throws IOException {
        String sql = SqlFiles.load("flame.sql");
        Map<String, Long> folded = new java.util.TreeMap<>(sonde.analyzer.flame.FoldedStacks.ORDER);
        ds.query("flame.sql", sql, rs -> {
            while (rs.next()) {
                folded.merge(rs.getString(1), rs.getLong(2), Long::sum);
            }
            return null;
        });
        StringWriter svg = new StringWriter();
        FlameGraph.builder().title("CPU flame graph").build().render(folded, svg);
        // the graph's own script runs in a frame of its own: its ids and globals stay apart from the page
        String doc = "<!DOCTYPE html><html><body style=\"margin:0\">" + svg.toString().replaceFirst("(?s)^<\\?xml.*?\\?>", "")
                .replaceFirst("(?s)<!DOCTYPE svg[^>]*>", "") + "</body></html>";
        return new Section("flame", "Flame graph (CPU samples, all processes)",
                w -> FLAME.write(w, Map.of("doc", doc)), sql);
    }

    private static Section absent(String id, String title, String kind, String sqlFile) {
        return new Section(id, title, none("not recorded: this recording has no " + kind
                + " events (record them with sonde record --" + kind + ")"), SqlFiles.load(sqlFile));
    }

    private static Template.Content none(String text) {
        return w -> {
            w.write("<p class=\"none\">");
            Xml.escape(text, w);
            w.write("</p>\n");
        };
    }

    /** " (12 requests open while events were lost left out)", or nothing. */
    /** Bytes of calls whose file is unknown, as sonde cache says them under its table. */
    private String unnamed() {
        String line = sonde.analyzer.report.UnnamedFiles.line(ds);
        return line == null ? "" : " (" + line + ")";
    }

    private static String leftOut(long n) {
        return n == 0 ? "" : " (" + n + (n == 1 ? " request" : " requests") + " open while events were lost left out)";
    }

    private static Template.Content banner(RecordingWindow window) {
        return w -> {
            if (window.warning() != null) {
                w.write("<div class=\"banner\" id=\"lost-banner\">");
                Xml.escape(window.warning(), w);
                for (Layer layer : Layer.values()) {
                    String line = window.latencyLeftOutLine(layer);
                    if (line != null) {
                        w.write("<br>");
                        Xml.escape(line, w);
                    }
                }
                w.write("</div>\n");
            }
        };
    }

    private static Template.Content toc(List<Section> sections) {
        return w -> {
            for (Section s : sections) {
                w.write("<a href=\"#" + s.id() + "\">");
                Xml.escape(s.title().replaceFirst(" \\(.*", "").replaceFirst(":.*", ""), w);
                w.write("</a>");
            }
        };
    }

    private static Template.Content body(List<Section> sections) {
        return w -> {
            for (Section s : sections) {
                SECTION.write(w, Map.of("id", s.id(), "title", s.title(), "body", s.body(), "sql", s.sql()));
            }
        };
    }
}
