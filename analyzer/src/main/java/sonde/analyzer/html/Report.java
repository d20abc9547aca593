package sonde.analyzer.html;

import java.io.IOException;
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
    static final int SECTIONS = 10;

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
                : table("cache", "VFS vs disk: what the page cache absorbed", "cache.sql", 20));
        progress.accept(4);
        sections.add(kinds.disk() == 0 ? absent("disk-latency", "Disk latency", "disk", "report_latency_disk.sql")
                : chart("disk-latency", "Disk latency per device (issue to completion)", "report_latency_disk.sql"));
        sections.add(kinds.vfs() == 0 ? absent("vfs-latency", "VFS latency", "vfs", "report_latency_vfs.sql")
                : chart("vfs-latency", "VFS latency per file system type", "report_latency_vfs.sql"));
        sections.add(table("percentiles", "Latency percentiles", "report_percentiles.sql", 50));
        progress.accept(7);
        sections.add(kinds.disk() == 0 ? absent("heatmap", "Latency heat map", "disk", "report_heatmap.sql")
                : heatmap());
        sections.add(kinds.samples() == 0 ? absent("flame", "Flame graph", "profile", "flame.sql") : flame());
        sections.add(kinds.disk() == 0 ? absent("slowest", "Slowest disk I/Os", "disk", "report_slowest.sql")
                : table("slowest", "Slowest disk I/Os", "report_slowest.sql", 20));
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

    private Section chart(String id, String title, String sqlFile) {
        String sql = SqlFiles.load(sqlFile);
        Log2Chart c = ds.query(sqlFile, sql, Log2Chart::of);
        return new Section(id, title, c.isEmpty() ? none("no completed I/O") : c, sql);
    }

    private Section heatmap() {
        String sql = SqlFiles.load("report_heatmap.sql");
        HeatMap h = ds.query("report_heatmap.sql", sql, HeatMap::of);
        return new Section("heatmap", "Disk latency heat map", h.isEmpty() ? none("no completed I/O") : h, sql);
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

    private static Template.Content banner(RecordingWindow window) {
        return w -> {
            if (window.warning() != null) {
                w.write("<div class=\"banner\" id=\"lost-banner\">");
                Xml.escape(window.warning(), w);
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
