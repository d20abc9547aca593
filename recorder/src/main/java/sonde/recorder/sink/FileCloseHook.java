package sonde.recorder.sink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Told when a {@link ParquetSink} closes a file, by the one thread that writes the sink. The
 * ingester uses it to put the Kafka offsets of a file's rows into its footer, and to note the
 * file in its ledger before the file becomes visible: what a restarted ingester must not write
 * twice is then known from the files themselves.
 */
public interface FileCloseHook {
    /**
     * Key-value metadata for the footer of the file of {@code kind} being closed now; it holds
     * every row written to that kind since the previous file of the kind was closed.
     */
    Map<String, String> footer(String kind);

    /**
     * The file is complete and synced under its temporary name; {@code file} (relative to the
     * output directory) is the name it gets next. A failure here leaves the file unrenamed.
     */
    void beforeRename(String kind, Path file) throws IOException;
}
