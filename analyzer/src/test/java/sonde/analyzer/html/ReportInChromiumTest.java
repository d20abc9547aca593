package sonde.analyzer.html;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.SondeRun;
import sonde.analyzer.db.Fixtures;
import sonde.analyzer.e2e.KnownRecording;
import sonde.recorder.testing.OnDisk;
import sonde.recorder.testing.Privileged;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sonde report, opened in a real headless Chromium: no console errors, every section, a working flame graph. */
class ReportInChromiumTest {
    @TempDir
    static Path tmp;
    @TempDir(factory = OnDisk.class)
    static Path disk;
    static KnownRecording.Known live;

    @BeforeAll
    static void record() throws Exception {
        Privileged.requireTracing();
        Privileged.requireTool("chromium");
        live = KnownRecording.make(tmp.resolve("rec"), disk);
    }

    @Test
    void everySectionRendersAndTheFlameGraphSearches() throws Exception {
        Path html = tmp.resolve("report.html");
        SondeRun.Output o = SondeRun.run("report", live.dir().toString(), "-o", html.toString());
        assertEquals(0, o.status(), o.err());
        String page = Files.readString(html);
        assertFalse(page.matches("(?s).*(src|href)=\"https?://.*"), "self-contained: nothing fetched from elsewhere");
        try (Chromium c = new Chromium(Files.createDirectories(tmp.resolve("chromium")))) {
            c.load(html.toUri().toString());
            assertEquals(9L, c.eval("document.querySelectorAll('section').length"));
            assertEquals(Boolean.TRUE, c.eval("[...document.querySelectorAll('section')].every(s =>"
                    + " s.querySelector('table, svg, iframe, pre.hist') !== null && s.querySelector('details.sql pre').textContent.length > 20)"),
                    "every section has content and its SQL");
            assertEquals(Boolean.TRUE, c.eval("document.querySelector('#top table').textContent.includes('" + live.comm() + "')"));
            assertEquals(Boolean.TRUE, c.eval("document.querySelectorAll('#heatmap svg rect').length > 0"));
            assertEquals(Boolean.TRUE, c.eval("document.querySelector('#disk-latency pre').textContent.includes('usecs')"
                    + " && document.querySelector('#disk-latency pre').textContent.includes('p99')"), "histograms and percentiles");
            Thread.sleep(500); // the flame graph's frame loads after the page
            String matched = (String) c.eval("(() => { const w = document.querySelector('iframe.flame').contentWindow;"
                    + " w.prompt = () => 'spin_here'; w.search_prompt();"
                    + " return w.document.getElementById('matched').textContent; })()");
            assertTrue(matched.matches("Matched: [0-9.]+%") && !matched.equals("Matched: 0.0%"), "search: " + matched);
            Path shot = Path.of(System.getProperty("user.dir"), "target", "report-screenshot.png");
            c.screenshot(shot);
            assertTrue(Files.size(shot) > 10_000, "screenshot kept as " + shot);
            assertEquals(List.of(), c.errors(), "console errors");
        }
    }

    @Test
    void kindsNotRecordedSaySoInsteadOfEmptyTables() throws Exception {
        Path dir = Fixtures.standard(tmp.resolve("disk-only"), 7);
        Path html = tmp.resolve("disk-only.html");
        assertEquals(0, SondeRun.run("report", dir.toString(), "-o", html.toString()).status());
        String page = Files.readString(html);
        assertTrue(page.contains("not recorded: this recording has no vfs events"), "vfs section");
        assertTrue(page.contains("not recorded: this recording has no profile events"), "flame section");
        assertTrue(page.contains("id=\"lost-banner\""), "warning banner when events were lost");
        assertTrue(page.contains("7 events lost"), page.substring(0, 2000));
    }
}
