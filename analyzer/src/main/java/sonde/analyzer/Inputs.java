package sonde.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import sonde.recorder.cli.Args;
import sonde.recorder.cli.OptionFile;
import sonde.recorder.cli.Reasons;
import sonde.recorder.cli.UsageException;
import sonde.recorder.cli.UserError;
import sonde.recorder.host.Comm;

/** Arguments every analyzer command reads the same way. */
final class Inputs {
    private Inputs() {
    }

    /** The recording directory: the first positional argument. */
    static Path dir(Args a) {
        if (a.positionals().isEmpty()) {
            throw new UsageException("missing DIR (the directory a recording was written to)");
        }
        return path("DIR", a.positionals().get(0));
    }

    /** A path given as an argument; an empty one is refused (Java would read it as the current directory). */
    static Path path(String what, String value) {
        if (value.isEmpty()) {
            throw new UsageException("bad " + what + " '': an empty path names no " + (what.equals("FILE") ? "file" : "directory"));
        }
        return Path.of(value);
    }

    /**
     * The -c COMM filter, or null: cut as the kernel cuts a task's name (its first 15 bytes, at a
     * whole character), so that the name a program was started under matches what was recorded.
     */
    static String comm(Args a) {
        return a.has("comm") ? Comm.of(a.get("comm")) : null;
    }

    /** The text of a file named by an option, e.g. --file q.sql: a regular file of at most 16 MiB. */
    static String file(String option, String name) {
        return OptionFile.read(option, name, 16 << 20);
    }

    static String all(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot read standard input: " + Reasons.of(e), null, e);
        }
    }
}
