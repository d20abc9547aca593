package sonde.analyzer.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    @Test
    void escapesValuesAndStreamsContentRaw() throws IOException {
        Template t = Template.of("<a x=\"{{x}}\">{{ body }}</a>{{x}}");
        StringWriter out = new StringWriter();
        t.write(out, Map.of("x", "1<2 & \"q\"", "body", (Template.Content) w -> w.write("<b/>")));
        assertEquals("<a x=\"1&lt;2 &amp; &quot;q&quot;\"><b/></a>1&lt;2 &amp; &quot;q&quot;", out.toString());
    }

    @Test
    void aMissingValueIsABug() {
        assertThrows(IllegalArgumentException.class, () -> Template.of("{{x}}").write(new StringWriter(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Template.of("{{x"));
    }

    @Test
    void flameGraphTemplatesHaveOnlyTheSlotsTheRendererFills() {
        assertEquals(java.util.List.of("info", "x", "y", "width", "height", "fill", "textX", "textY", "label"),
                Template.load(TemplateTest.class, "/sonde/analyzer/flame/frame.svg.tmpl").slots());
    }

    @Test
    void xmlEscapingKeepsValidPairsAndReplacesWhatXmlCannotHold() {
        assertEquals("&amp;&lt;&gt;&quot;&#39;", Xml.escape("&<>\"'"));
        assertEquals("\uD83D\uDE00 \t\n", Xml.escape("\uD83D\uDE00 \t\n"));
        // NUL, a lone low surrogate, a lone high surrogate, a noncharacter
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFDx", Xml.escape("\u0000\uDC00\uD800\uFFFEx"));
    }
}
