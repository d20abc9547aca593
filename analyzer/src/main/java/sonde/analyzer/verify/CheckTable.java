package sonde.analyzer.verify;

import java.io.PrintStream;
import java.util.List;
import sonde.analyzer.out.TextTable;

/** The PASS/FAIL table of sonde verify, and what each failure saw. */
final class CheckTable {
    private CheckTable() {
    }

    static void print(List<Check> checks, PrintStream out) {
        TextTable t = new TextTable(List.of("RESULT", "METRIC", "EXPECTED", "MEASURED", "TOLERANCE"),
                new boolean[] {false, false, true, true, false});
        for (Check c : checks) {
            t.add(new String[] {c.pass() ? "PASS" : "FAIL", c.metric(), c.expectedText(), c.measuredText(),
                c.toleranceText()});
        }
        t.print(out);
        for (Check c : checks) {
            if (!c.pass() && c.explain() != null) {
                out.println("FAIL " + c.metric() + ": " + c.explain());
            }
        }
        long failed = checks.stream().filter(c -> !c.pass()).count();
        out.println();
        out.println(failed == 0 ? "all " + checks.size() + " checks passed"
                : failed + " of " + checks.size() + " checks FAILED");
    }
}
