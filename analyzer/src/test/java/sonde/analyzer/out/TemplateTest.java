package sonde.analyzer.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    @Test
    void fillsEverySlotWhereverItAppears() throws Exception {
        Template t = Template.parse("t", "<svg width=\"{{w}}\">{{body}}<rect width=\"{{w}}\"/></svg>\n");
        assertEquals(List.of("w", "body"), List.copyOf(t.slots()));
        Map<String, Template.Slot> v = new LinkedHashMap<>();
        v.put("w", Template.text("10"));
        v.put("body", out -> out.append("<g/>"));
        StringBuilder sb = new StringBuilder();
        t.render(sb, v);
        assertEquals("<svg width=\"10\"><g/><rect width=\"10\"/></svg>\n", sb.toString());
    }

    @Test
    void refusesAMissingOrUnknownSlot() {
        Template t = Template.parse("t", "a{{x}}b");
        assertThrows(IllegalArgumentException.class, () -> t.render(new StringBuilder(), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> t.render(new StringBuilder(), Map.of("x", Template.text(""), "y", Template.text(""))));
    }

    @Test
    void theHeatmapTemplateHasTheSlotsItsWriterFills() {
        assertEquals(List.of("width", "height", "center", "title", "subtitle", "details", "plot_x", "plot_y", "plot_width",
                "plot_height", "cells", "xaxis", "yaxis", "legend", "message_x", "message_y", "message"),
                List.copyOf(Template.load("sonde/analyzer/heatmap/heatmap.svg.tmpl").slots()));
    }

    @Test
    void xmlEscapesTheFiveSpecialCharacters() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&apos;", Xml.escape("<a href=\"x\">&'"));
    }
}
