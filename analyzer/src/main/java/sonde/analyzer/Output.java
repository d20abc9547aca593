package sonde.analyzer;

import java.io.IOException;
import sonde.analyzer.out.OutputFile;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UserError;

/** The -o FILE of the commands that write a file: report, flame, heatmap, export. */
final class Output {
    private Output() {
    }

    /**
     * The file to write: -o as given, or {@code defaultName} when -o is absent, or in the
     * directory -o names ({@link OutputFile#target}).
     */
    static String target(Args a, String defaultName) {
        String given = a.get("output", defaultName);
        try {
            return OutputFile.target(given, defaultName);
        } catch (IOException e) {
            throw new UserError("cannot write " + given + ": " + Reasons.of(e), "choose another file with -o FILE", e);
        }
    }
}
