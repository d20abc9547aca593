package sonde.analyzer.html;

import java.io.IOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import sonde.analyzer.out.Template;
import sonde.analyzer.out.Values;
import sonde.analyzer.out.Xml;

/** A query result as an HTML table: header from the column names, numbers right-aligned, all text escaped. */
final class HtmlTable implements Template.Content {
    private final List<String> columns = new ArrayList<>();
    private final List<Boolean> numeric = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    static HtmlTable of(ResultSet rs, int maxRows) throws SQLException {
        HtmlTable t = new HtmlTable();
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            t.columns.add(md.getColumnLabel(i));
            t.numeric.add(Values.isNumeric(md, i));
        }
        while (rs.next() && t.rows.size() < maxRows) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                row.add(v == null ? "" : Values.text(v));
            }
            t.rows.add(row);
        }
        return t;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    @Override
    public void writeTo(Writer out) throws IOException {
        out.write("<table><thead><tr>");
        for (int i = 0; i < columns.size(); i++) {
            cell(out, "th", i, columns.get(i));
        }
        out.write("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            out.write("<tr>");
            for (int i = 0; i < row.size(); i++) {
                cell(out, "td", i, row.get(i));
            }
            out.write("</tr>\n");
        }
        out.write("</tbody></table>\n");
    }

    private void cell(Writer out, String tag, int i, String text) throws IOException {
        out.write(numeric.get(i) ? "<" + tag + " class=\"num\">" : "<" + tag + ">");
        Xml.escape(text, out);
        out.write("</" + tag + ">");
    }
}
