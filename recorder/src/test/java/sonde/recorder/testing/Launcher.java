package sonde.recorder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the `sonde` launcher script at the project's root gives the recorder's JVM (heap, collector,
 * compiler), read from the script itself, so that a test of the recorder's memory runs it as
 * users do and follows the script when it changes.
 */
public final class Launcher {
    private Launcher() {
    }

    /** The -X options of the launcher's `exec "$java" … sonde.recorder.Main` command. */
    public static List<String> recorderJvmOptions() throws IOException {
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("sonde");
        String text = Files.readString(script).replace("\\\n", " "); // join continued lines
        for (String line : text.split("\n")) {
            if (line.trim().startsWith("exec ") && line.contains("sonde.recorder.Main")) {
                List<String> options = new ArrayList<>();
                for (String word : line.trim().split("\\s+")) {
                    if (word.startsWith("-X") && !word.contains("$")) {
                        options.add(word);
                    }
                }
                return options;
            }
        }
        throw new IOException("no recorder command in " + script);
    }
}
