package sonde.recorder.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The text of a small file an option names ({@code sql --file q.sql}, {@code --kafka-config}).
 * Only a regular file is read, and only up to a bound: {@code /dev/zero} would fill the heap and
 * a FIFO without a writer would wait forever.
 */
public final class OptionFile {
    private OptionFile() {
    }

    /** The file's text (UTF-8); a {@link UserError} naming the option and the file otherwise. */
    public static String read(String option, String name, int maxBytes) {
        String what = "cannot read --" + option + " " + name + ": ";
        Path p = Path.of(name);
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (a.isDirectory()) {
                throw new UserError(what + "it is a directory");
            }
            if (!a.isRegularFile()) {
                throw new UserError(what + "not a regular file (a device, a FIFO or a socket)");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(p)) {
                bytes = in.readNBytes(maxBytes + 1);
            }
            if (bytes.length > maxBytes) {
                throw new UserError(what + "larger than " + (maxBytes >> 20) + " MiB");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(what + "no such file");
        } catch (IOException e) {
            throw new UserError(what + Reasons.of(e), null, e);
        }
    }
}
