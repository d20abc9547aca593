package sonde.analyzer.flame;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** A rendered flame graph read back with the JDK's XML parser, for structural assertions. */
final class Svg {
    /** One {@code <g>} of #frames. */
    record Frame(String title, List<String> childTags, double x, double y, double width, String fill, String label) {
        /** The title up to its " (N samples, ...)" part. */
        String name() {
            return title.substring(0, title.lastIndexOf(" ("));
        }

        /** N of "(N samples". */
        long samples() {
            String counts = title.substring(title.lastIndexOf(" (") + 2);
            return Long.parseLong(counts.substring(0, counts.indexOf(' ')).replace(",", ""));
        }

        boolean contains(Frame inner) {
            return inner.x >= x - 0.05 && inner.x + inner.width <= x + width + 0.05;
        }
    }

    final Document doc;

    private Svg(Document doc) {
        this.doc = doc;
    }

    /** Parses, failing on anything not well-formed; the DTD is not fetched. */
    static Svg parse(String svg) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return new Svg(b.parse(new InputSource(new StringReader(svg))));
        } catch (ParserConfigurationException | SAXException e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
        }
    }

    Element byId(String id) {
        List<Element> found = new ArrayList<>();
        collect(doc.getDocumentElement(), id, found);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " elements with id " + id);
        }
        return found.get(0);
    }

    private static void collect(Element e, String id, List<Element> out) {
        if (id.equals(e.getAttribute("id"))) {
            out.add(e);
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                collect(c, id, out);
            }
        }
    }

    List<Frame> frames() {
        List<Frame> frames = new ArrayList<>();
        for (Element g : children(byId("frames"))) {
            List<Element> parts = children(g);
            List<String> tags = parts.stream().map(Element::getTagName).toList();
            Element rect = first(parts, "rect");
            Element text = first(parts, "text");
            frames.add(new Frame(first(parts, "title").getTextContent(), tags,
                    Double.parseDouble(rect.getAttribute("x")), Double.parseDouble(rect.getAttribute("y")),
                    Double.parseDouble(rect.getAttribute("width")), rect.getAttribute("fill"), text.getTextContent()));
        }
        return frames;
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private static Element first(List<Element> parts, String tag) {
        return parts.stream().filter(p -> p.getTagName().equals(tag)).findFirst()
                .orElseThrow(() -> new AssertionError("frame without <" + tag + ">"));
    }

    Frame frame(String name) {
        return frames().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no frame " + name));
    }
}
