package sonde.analyzer.out;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import sonde.recorder.cli.TerminalText;

/**
 * An aligned text table: columns two spaces apart, each as wide as its widest cell, numbers
 * right-aligned. Rows are buffered until {@link #print}; rows added after the first print use
 * the widths already fixed, so a long result streams in bounded memory. Cells show control
 * characters escaped ({@link TerminalText}): a process name cannot clear the screen or forge a row.
 */
public final class TextTable {
    private final List<String> headers;
    private final boolean[] right;
    private final int[] widths;
    private final List<String[]> rows = new ArrayList<>();
    private boolean rule;
    private boolean headerPrinted;

    /** @param right for each column, whether it is right-aligned (numbers) */
    public TextTable(List<String> headers, boolean[] right) {
        if (headers.size() != right.length) {
            throw new IllegalArgumentException("one alignment per column");
        }
        this.headers = headers.stream().map(TerminalText::escape).toList();
        this.right = right.clone();
        this.widths = new int[right.length];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
    }

    /** Underlines the header with dashes. */
    public TextTable withRule() {
        this.rule = true;
        return this;
    }

    public void add(String... cells) {
        if (cells.length != widths.length) {
            throw new IllegalArgumentException("expected " + widths.length + " cells, got " + cells.length);
        }
        String[] shown = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            shown[i] = TerminalText.escape(cells[i]);
            if (!headerPrinted) {
                widths[i] = Math.max(widths[i], shown[i].length());
            }
        }
        rows.add(shown);
    }

    /** Number of rows buffered and not yet printed. */
    public int buffered() {
        return rows.size();
    }

    /** Prints the header (the first time) and the buffered rows. */
    public void print(PrintStream out) {
        if (!headerPrinted) {
            out.println(line(headers.toArray(new String[0])));
            if (rule) {
                String[] dashes = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    dashes[i] = "-".repeat(widths[i]);
                }
                out.println(line(dashes));
            }
            headerPrinted = true;
        }
        for (String[] row : rows) {
            out.println(line(row));
        }
        rows.clear();
    }

    private String line(String[] cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(Math.max(0, widths[i] - cells[i].length()));
            sb.append(right[i] ? pad + cells[i] : cells[i] + pad);
        }
        return sb.toString().stripTrailing();
    }
}
