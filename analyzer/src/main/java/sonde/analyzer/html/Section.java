package sonde.analyzer.html;

import sonde.analyzer.out.Template;

/** One section of the report: its anchor, heading, body, and the SQL that made it. */
record Section(String id, String title, Template.Content body, String sql) {
}
