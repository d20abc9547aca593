package sonde.recorder.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Standard output that does not lose a write error. {@code System.out} is a PrintStream, which
 * swallows them: {@code sonde sql … > full-disk/out.csv} would end with status 0 and half a file.
 * {@link #install} puts in its place a PrintStream over the same descriptor that remembers the
 * first error, and {@link Cli} ends every command with {@link #check}: one line saying why, and
 * status 1.
 */
public final class StandardOutput {
    private static volatile IOException failure;

    private StandardOutput() {
    }

    /** Replaces System.out (same descriptor, same charset, flushed at each line as before). */
    public static void install() {
        String enc = System.getProperty("sun.stdout.encoding");
        Charset cs = enc != null && Charset.isSupported(enc) ? Charset.forName(enc) : Charset.defaultCharset();
        System.setOut(new PrintStream(new BufferedOutputStream(new Remembering(), 1 << 13), true, cs));
    }

    /**
     * Flushes System.out; if anything written to it was lost, says so on {@code err} (one line,
     * after {@code prefix}) and returns 1 (or {@code status}, if that already says failure).
     * A reader that went away (a closed pipe: {@code sonde top DIR | head}) wanted no more: that
     * is status 1 without a message, as a tool killed by SIGPIPE is silent.
     */
    public static int check(String prefix, int status, PrintStream err) {
        if (!System.out.checkError()) {
            return status;
        }
        IOException e = failure;
        String why = e == null || e.getMessage() == null ? "write error" : e.getMessage();
        if (!why.equals("Broken pipe")) {
            err.println(prefix + "cannot write standard output: " + why);
        }
        return status == 0 ? 1 : status;
    }

    /** File descriptor 1; after its first error, every write fails the same way without a system call. */
    private static final class Remembering extends OutputStream {
        private final FileOutputStream fd = new FileOutputStream(FileDescriptor.out);

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            IOException e = failure;
            if (e != null) {
                throw e;
            }
            try {
                fd.write(b, off, len);
            } catch (IOException first) {
                failure = first;
                throw first;
            }
        }
    }
}
